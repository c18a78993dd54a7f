"""The exceptions dealfacts raises: one small hierarchy, like httpx's."""

from __future__ import annotations


class DealfactsError(Exception):
    """Base class of every error dealfacts raises on purpose."""


class ModelNotFoundError(DealfactsError):
    """A model package (spaCy or transformer) is not installed."""


class InputError(DealfactsError):
    """An input (file, page, text) cannot be read as an article."""


class FetchError(DealfactsError):
    """A page could not be fetched."""


class StoreError(DealfactsError):
    """The database refused or failed a write."""
