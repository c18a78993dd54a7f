"""End to end: files in, deal rows in a real SQLite file and JSON Lines out."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main

SEED = Path(__file__).resolve().parent.parent / "data" / "raw" / "google-spacex.txt"


def _deal_rows(db: Path) -> list[dict]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        deals = [dict(r) for r in con.execute("SELECT * FROM deals")]
        for d in deals:
            d["parties"] = {
                r["name"]: r["role"]
                for r in con.execute(
                    "SELECT o.name AS name, p.role AS role FROM deal_parties p "
                    "JOIN organisations o ON o.id = p.org_id WHERE p.deal_id = ?",
                    (d["id"],),
                )
            }
        return deals
    finally:
        con.close()


def test_seed_article_gives_one_compute_deal_in_sqlite(tmp_path: Path) -> None:
    db = tmp_path / "deals.sqlite"
    out = tmp_path / "deals.jsonl"
    status = main(
        [
            "extract",
            str(SEED),
            "--db",
            f"sqlite:///{db}",
            "--jsonl",
            str(out),
            "-q",
            "--no-transformer",
        ]
    )
    assert status == 0
    deals = _deal_rows(db)
    assert len(deals) == 1
    deal = deals[0]
    assert deal["type"] == "compute"
    assert deal["parties"] == {"Google": "customer", "SpaceX": "provider"}
    assert deal["amount_value"] == 920_000_000
    assert deal["currency"] == "USD"
    assert deal["period"] == "month"
    assert deal["approximate"] == 1
    assert deal["gpu_count"] == 110_000
    assert deal["gpu_vendor"] == "Nvidia"
    assert deal["gpu_approximate"] == 1
    names = {n for d in deals for n in d["parties"]}
    assert "Nvidia" not in names and "Elon Musk" not in names

    [rec] = [json.loads(line) for line in out.read_text().splitlines()]
    assert rec["id"] == "google-spacex"
    assert [d["type"] for d in rec["deals"]] == ["compute"]
    assert "$920 million per month" in rec["deals"][0]["evidence"]


def test_full_pipeline_keeps_the_seed_deal(extractor) -> None:
    from pipeline.clean import load_article

    deals = extractor.extract_article(load_article(SEED))
    assert [(d.type, sorted((p.name, p.role) for p in d.parties)) for d in deals] == [
        ("compute", [("Google", "customer"), ("SpaceX", "provider")])
    ]
    assert deals[0].amount is not None and deals[0].amount.period == "month"


def test_bad_inputs_fail_alone_and_the_batch_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)))
    (src / "good.txt").write_text(
        "Borealis Cloud signs GPU lease with Quillon Labs\n\n"
        "Quillon Labs has agreed to rent computing capacity from Borealis Cloud for $40 million "
        "a year under a three-year contract, the companies said on Tuesday.\n",
        encoding="utf-8",
    )
    db = tmp_path / "d.sqlite"
    out = tmp_path / "d.jsonl"
    status = main(
        [
            "extract",
            str(src),
            "--db",
            f"sqlite:///{db}",
            "--jsonl",
            str(out),
            "-q",
            "--no-transformer",
        ]
    )
    assert status == 1  # some inputs failed
    recs = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert set(recs) == {"empty", "binary", "good"}
    assert "empty" in recs["empty"]["error"].lower()
    assert recs["binary"]["error"]
    [deal] = recs["good"]["deals"]
    assert deal["type"] == "compute"
    assert {p["name"]: p["role"] for p in deal["parties"]} == {
        "Quillon Labs": "customer",
        "Borealis Cloud": "provider",
    }
    assert deal["amount"] == {
        "value": 40_000_000,
        "currency": "USD",
        "period": "year",
        "approximate": False,
    }
    assert deal["duration_months"] == 36
    con = sqlite3.connect(db)
    errors = dict(con.execute("SELECT source, error FROM errors").fetchall())
    con.close()
    assert {Path(s).name for s in errors} == {"empty.txt", "binary.txt"}


def test_extract_twice_adds_nothing(tmp_path: Path) -> None:
    db = tmp_path / "twice.sqlite"
    args = ["extract", str(SEED), "--db", f"sqlite:///{db}", "-q", "--no-transformer"]
    assert main(args) == 0
    con = sqlite3.connect(db)
    first = [
        con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("articles", "deals", "deal_mentions")
    ]
    con.close()
    assert main(args) == 0
    assert main([*args, "--redo"]) == 0
    con = sqlite3.connect(db)
    second = [
        con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("articles", "deals", "deal_mentions")
    ]
    con.close()
    assert first == second == [1, 1, 1]


def test_missing_path_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        ["extract", str(tmp_path / "nope.txt"), "--no-db", "--jsonl", "-", "-q", "--no-transformer"]
    )
    assert status == 1
    rec = json.loads(capsys.readouterr().out.strip())
    assert rec["id"] == "nope" and rec["deals"] == [] and "nope.txt" in rec["error"]


def test_python_dash_m_and_library_api() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.startswith("dealfacts ")
    from pipeline import Deal, extract

    deals = extract(
        "Vantor Systems Inc said on Monday it agreed to acquire Kestrel Robotics for $1.2 billion in cash.",
        transformer=False,
    )
    assert len(deals) == 1 and isinstance(deals[0], Deal)
    d = deals[0]
    assert d.type == "acquisition"
    assert {(p.name, p.role) for p in d.parties} == {
        ("Vantor Systems", "acquirer"),
        ("Kestrel Robotics", "target"),
    }
    assert d.amount is not None and d.amount.value == 1_200_000_000 and d.amount.currency == "USD"
