"""Shared fixtures: one extractor per test session (models load once)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def rules_extractor():
    """The extractor with the rules alone (no transformer)."""
    from pipeline.extractor import Extractor

    return Extractor(transformer=False)


@pytest.fixture(scope="session")
def extractor():
    """The full extractor as shipped."""
    from pipeline.extractor import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
