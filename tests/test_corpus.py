"""Checks on the labelled training corpus in ``data/train`` (built by scripts/make_corpus.py)."""

from __future__ import annotations

import html
import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from pipeline.schema import DEAL_TYPES, PERIODS, ROLES

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "train"
DOCS = CORPUS / "docs"
SCRIPT = ROOT / "scripts" / "make_corpus.py"

ROLES_BY_TYPE = {
    "acquisition": {"acquirer", "target", "seller"},
    "investment": {"investor", "investee"},
    "compute": {"customer", "provider"},
    "purchase": {"customer", "provider"},
    "licensing": {"customer", "provider"},
    "partnership": {"partner"},
    "other": {"customer", "provider", "partner"},
}
CURRENCIES = {"USD", "EUR", "GBP", "JPY", "CNY", "INR", "CAD", "AUD", "KRW", "CHF"}
DEAL_KEYS = {"type", "parties", "amount", "duration_months", "gpus", "date", "evidence"}
DATE_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")


def load_script() -> Any:
    spec = importlib.util.spec_from_file_location("make_corpus", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module
    spec.loader.exec_module(module)
    return module


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def visible_text(path: Path) -> str:
    """Whitespace-normalised text a reader sees: HTML without scripts/styles, entities decoded."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        soup = BeautifulSoup(raw, "html.parser")
        for tag in soup(["script", "style", "head"]):
            tag.decompose()
        return norm(soup.get_text(" "))
    return norm(html.unescape(raw))


def validate_deal(deal: dict[str, Any]) -> list[str]:
    """Problems with one gold deal against SCHEMA.md; empty when valid."""
    errors = []
    if set(deal) != DEAL_KEYS:
        errors.append(f"keys {sorted(deal)}")
        return errors
    t = deal["type"]
    if t not in DEAL_TYPES:
        errors.append(f"type {t!r}")
        return errors
    parties = deal["parties"]
    if not parties:
        errors.append("no parties")
    for p in parties:
        if p["role"] not in ROLES or p["role"] not in ROLES_BY_TYPE[t]:
            errors.append(f"role {p['role']!r} for {t}")
        if not isinstance(p["name"], str) or not p["name"].strip() or p["name"].endswith("'s"):
            errors.append(f"name {p['name']!r}")
        if set(p) - {"name", "role", "aliases"}:
            errors.append(f"party keys {sorted(p)}")
        if "aliases" in p and (not p["aliases"] or p["name"] in p["aliases"]):
            errors.append(f"aliases {p['aliases']!r}")
    names = [p["name"] for p in parties]
    if len(names) != len(set(names)):
        errors.append(f"duplicate parties {names}")
    a = deal["amount"]
    if a is not None:
        if not isinstance(a["value"], int | float) or a["value"] <= 0:
            errors.append(f"amount value {a['value']!r}")
        if a["currency"] not in CURRENCIES:
            errors.append(f"currency {a['currency']!r}")
        if a["period"] is not None and a["period"] not in PERIODS:
            errors.append(f"period {a['period']!r}")
        if not isinstance(a["approximate"], bool):
            errors.append("approximate not bool")
    d = deal["duration_months"]
    if d is not None and (not isinstance(d, int) or d <= 0):
        errors.append(f"duration {d!r}")
    g = deal["gpus"]
    if g is not None:
        if g["count"] is not None and (not isinstance(g["count"], int) or g["count"] <= 0):
            errors.append(f"gpu count {g['count']!r}")
        if g["count"] is None and g["vendor"] is None and g["model"] is None:
            errors.append("empty gpus")
    if deal["date"] is not None and not DATE_RE.match(deal["date"]):
        errors.append(f"date {deal['date']!r}")
    if not deal["evidence"].strip():
        errors.append("no evidence")
    return errors


@pytest.fixture(scope="module")
def gold() -> dict[str, dict[str, Any]]:
    rows = {}
    for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert row["id"] not in rows, f"duplicate id {row['id']}"
        rows[row["id"]] = row
    return rows


def test_every_doc_has_gold_and_vice_versa(gold: dict[str, dict[str, Any]]) -> None:
    doc_ids = [p.stem for p in DOCS.iterdir()]
    assert len(doc_ids) == len(set(doc_ids)), "two docs share an id"
    assert set(doc_ids) == set(gold)
    assert all(p.suffix in (".txt", ".html") for p in DOCS.iterdir())


def test_corpus_size_and_mix(gold: dict[str, dict[str, Any]]) -> None:
    assert len(gold) >= 450
    types = Counter(d["type"] for row in gold.values() for d in row["deals"])
    assert set(types) == set(DEAL_TYPES)
    assert min(types.values()) >= 20
    none = sum(1 for row in gold.values() if not row["deals"])
    assert 0.18 <= none / len(gold) <= 0.28
    styles = Counter(row["style"] for row in gold.values())
    assert set(styles) == {"wire", "blog", "press", "analysis", "messy", "html"}
    html_share = sum(1 for p in DOCS.iterdir() if p.suffix == ".html") / len(gold)
    assert 0.12 <= html_share <= 0.25
    assert sum(row["source"] == "handwritten" for row in gold.values()) >= 60
    size = sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file())
    assert size < 6 * 1024 * 1024


def test_gold_validates_against_schema(gold: dict[str, dict[str, Any]]) -> None:
    problems = {}
    for doc_id, row in gold.items():
        errs = [e for d in row["deals"] for e in validate_deal(d)]
        if errs:
            problems[doc_id] = errs
    assert not problems, problems


def test_validator_rejects_bad_deals() -> None:
    good = {
        "type": "compute",
        "parties": [{"name": "Acme", "role": "customer"}],
        "amount": {"value": 5, "currency": "USD", "period": "month", "approximate": False},
        "duration_months": 12,
        "gpus": None,
        "date": "2025-03",
        "evidence": "x",
    }
    assert validate_deal(good) == []
    bad_cases = [
        {"type": "merger"},
        {"parties": [{"name": "Acme", "role": "investor"}]},
        {"amount": {"value": -5, "currency": "USD", "period": None, "approximate": False}},
        {"amount": {"value": 5, "currency": "XYZ", "period": None, "approximate": False}},
        {"amount": {"value": 5, "currency": "USD", "period": "fortnight", "approximate": False}},
        {"duration_months": 0},
        {"gpus": {"count": -3, "vendor": None, "model": None, "approximate": False}},
        {"date": "2025-13-01"},
        {"evidence": " "},
        {"parties": [{"name": "Acme's", "role": "customer"}]},
    ]
    for change in bad_cases:
        assert validate_deal(good | change), change


def test_evidence_appears_in_visible_text(gold: dict[str, dict[str, Any]]) -> None:
    missing = []
    for doc_id, row in gold.items():
        path = next(DOCS.glob(f"{doc_id}.*"))
        text = visible_text(path)
        for deal in row["deals"]:
            for piece in deal["evidence"].split(" ... "):
                if norm(piece) not in text:
                    missing.append((doc_id, piece))
    assert not missing, missing[:5]


def test_party_names_and_aliases_appear(gold: dict[str, dict[str, Any]]) -> None:
    missing = []
    for doc_id, row in gold.items():
        text = visible_text(next(DOCS.glob(f"{doc_id}.*"))).lower()
        for deal in row["deals"]:
            for p in deal["parties"]:
                for name in [p["name"], *p.get("aliases", [])]:
                    if name.lower().rstrip(".") not in text:
                        missing.append((doc_id, name))
    assert not missing, missing[:5]


def test_split_is_stratified(gold: dict[str, dict[str, Any]]) -> None:
    splits = Counter(row["split"] for row in gold.values())
    assert set(splits) == {"train", "test"}
    assert 0.15 <= splits["test"] / len(gold) <= 0.25
    for t in DEAL_TYPES:
        rows = [r for r in gold.values() if r["deals"] and r["deals"][0]["type"] == t]
        assert any(r["split"] == "test" for r in rows), t
    assert any(r["split"] == "test" for r in gold.values() if not r["deals"])


def test_html_pages_carry_a_publication_date() -> None:
    for path in DOCS.glob("*.html"):
        raw = path.read_text(encoding="utf-8")
        assert '"datePublished"' in raw or "published_time" in raw or "<time" in raw, path.name


def test_generator_rebuilds_the_committed_corpus(tmp_path: Path) -> None:
    module = load_script()
    out = tmp_path / "train"
    module.main(["--out", str(out)])
    assert (out / "gold.jsonl").read_text(encoding="utf-8") == (CORPUS / "gold.jsonl").read_text(
        encoding="utf-8"
    )
    fresh = sorted(p.name for p in (out / "docs").iterdir())
    assert fresh == sorted(p.name for p in DOCS.iterdir())
    for name in fresh:
        assert (out / "docs" / name).read_bytes() == (DOCS / name).read_bytes(), name


def test_generator_is_seed_dependent(tmp_path: Path) -> None:
    module = load_script()
    a = module.generate(7, n=12)
    b = module.generate(7, n=12)
    c = module.generate(8, n=12)
    assert [d.text for d in a] == [d.text for d in b]
    assert [d.text for d in a] != [d.text for d in c]


def test_handwritten_gold_rejects_missing_document(tmp_path: Path) -> None:
    module = load_script()
    (tmp_path / "gold.jsonl").write_text(
        '{"id": "nope", "style": "blog", "deals": []}\n', encoding="utf-8"
    )
    with pytest.raises(module.CorpusError):
        module.load_handwritten(tmp_path)
