"""Organisation-name normalisation for the store: see :mod:`pipeline.names`."""

from pipeline.names import CORPORATE_SUFFIXES, display_name, normalise_name

__all__ = ["CORPORATE_SUFFIXES", "display_name", "normalise_name"]
