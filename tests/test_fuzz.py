"""Property tests at scale: normalisers, cleaner, file loading and the whole extractor.

The properties and input strategies are those of ``scripts/fuzz.py`` (the ``make fuzz``
run), here with fixed example counts so the suite stays reproducible and quick.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent


def _load_fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dealfacts_fuzz", ROOT / "scripts" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()


def scale(n: int) -> settings:
    return settings(max_examples=n, deadline=None, suppress_health_check=list(HealthCheck))


@scale(400)
@given(fuzz.TEXTS)
def test_money_and_numbers(text: str) -> None:
    fuzz.prop_money(text)


@scale(400)
@given(fuzz.TEXTS)
def test_durations_and_gpus(text: str) -> None:
    fuzz.prop_terms_gpus(text)


@scale(300)
@given(fuzz.TEXTS)
def test_dates(text: str) -> None:
    fuzz.prop_dates(text)


@scale(300)
@given(fuzz.TEXTS | fuzz.HTML)
def test_clean_text_is_idempotent(text: str) -> None:
    fuzz.prop_clean_text(text)


@scale(200)
@given(fuzz.HTML | fuzz.TEXTS)
def test_clean_html_raises_only_input_error(markup: str) -> None:
    fuzz.prop_clean_html(markup)


@scale(400)
@given(fuzz.BYTES)
def test_load_article_on_any_bytes(data: bytes) -> None:
    fuzz.prop_load_article(data)


@pytest.fixture(scope="module")
def extract_prop(rules_extractor):  # type: ignore[no-untyped-def]
    from pipeline.errors import InputError
    from pipeline.extractor import to_article

    def prop(text: str) -> None:
        try:
            article = to_article(text, id="fuzz")
        except InputError:
            return
        deals = rules_extractor.extract_article(article)
        fuzz.check_deals(article.text[: rules_extractor.config.max_chars], deals)

    return prop


@pytest.mark.timeout(300)
def test_extractor_on_mutated_articles(extract_prop) -> None:  # type: ignore[no-untyped-def]
    @scale(150)
    @given(fuzz.article_texts() | fuzz.HTML | st.text(max_size=300))
    def run(text: str) -> None:
        extract_prop(text)

    run()


def test_fuzz_script_reports_examples_and_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        fuzz.main(["--budget", "2", "--jobs", "1", "--targets", "money,clean_text", "--seed", "0"])
        == 0
    )
    out = capsys.readouterr().out
    assert "money" in out and "clean_text" in out and out.rstrip().endswith("0 crash(es)")
    lines = [ln for ln in out.splitlines() if ln.startswith(("money", "clean_text"))]
    assert len(lines) == 2 and all(int(ln.split()[1]) >= 200 for ln in lines)


def test_fuzz_script_finds_a_planted_crash(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def boom(text: str) -> None:
        if "7" in text:
            raise ZeroDivisionError("planted")

    targets = {**fuzz.TARGETS, "planted": fuzz.Target("planted", st.text(), boom)}
    monkeypatch.setattr(fuzz, "TARGETS", targets)
    assert fuzz.main(["--budget", "5", "--jobs", "1", "--targets", "planted"]) == 1
    out = capsys.readouterr().out
    assert "ZeroDivisionError: planted" in out and "1 crash(es)" in out
    assert "'7'" in out  # hypothesis's shrunk example
