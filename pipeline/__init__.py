"""dealfacts: tech-news articles in, normalised deal records out."""

from pipeline.errors import DealfactsError, FetchError, InputError, ModelNotFoundError, StoreError
from pipeline.schema import Amount, Article, Deal, Gpus, Party

__version__ = "0.1.0"

__all__ = [
    "Amount",
    "Article",
    "Deal",
    "DealfactsError",
    "FetchError",
    "Gpus",
    "InputError",
    "ModelNotFoundError",
    "Party",
    "StoreError",
    "__version__",
]
