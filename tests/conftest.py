"""Shared fixtures: one extractor per test session (models load once)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed sequence of examples (no flaky red builds; fresh
# examples are `make fuzz`'s job). Locally they draw new examples each run.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

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
