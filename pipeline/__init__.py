"""dealfacts: tech-news articles in, normalised deal records out.

>>> from pipeline import extract
>>> deals = extract(open("data/raw/google-spacex.txt").read())
>>> deals[0].type, [(p.name, p.role) for p in deals[0].parties]
('compute', [('Google', 'customer'), ('SpaceX', 'provider')])

``Extractor`` loads the models once for many documents; ``Store`` writes deals to SQLite
or PostgreSQL. The heavy parts are imported on first use, so ``import pipeline`` is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.errors import DealfactsError, FetchError, InputError, ModelNotFoundError, StoreError
from pipeline.schema import Amount, Article, Deal, Gpus, Party

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pipeline.config import ExtractorConfig
    from pipeline.extractor import Extractor, Result, extract
    from pipeline.store import Store

_LAZY = {
    "Extractor": "pipeline.extractor",
    "Result": "pipeline.extractor",
    "extract": "pipeline.extractor",
    "ExtractorConfig": "pipeline.config",
    "Store": "pipeline.store",
    "clean_html": "pipeline.clean",
    "clean_text": "pipeline.clean",
    "load_article": "pipeline.clean",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = [
    "Amount",
    "Article",
    "Deal",
    "DealfactsError",
    "Extractor",
    "ExtractorConfig",
    "FetchError",
    "Gpus",
    "InputError",
    "ModelNotFoundError",
    "Party",
    "Result",
    "Store",
    "StoreError",
    "__version__",
    "clean_html",
    "clean_text",
    "extract",
    "load_article",
]
