"""Bad inputs through the real ``dealfacts extract`` command, each with its expected outcome.

One directory of broken, odd and good files goes through ``pipeline.cli.main`` once, into a
real SQLite file and a JSONL file; every case is then checked against both. Each bad input
must fail alone with a readable error (JSONL ``"error"``, a row in ``errors``, exit 1) or be
read correctly; no number may reach the outputs as inf or NaN. All texts are invented here.
"""

from __future__ import annotations

import codecs
import json
import math
import os
import random
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pipeline import clean
from pipeline.cli import main

GOOD = (
    "Borealis Cloud signs GPU lease with Quillon Labs\n\n"
    "Quillon Labs has agreed to rent computing capacity from Borealis Cloud for $40 million "
    "a year under a three-year contract, the companies said on Tuesday.\n"
)
ACQUISITION = "Vantor Systems said on Monday it agreed to acquire Kestrel Robotics for {amount}, the companies said.\n"


def _random(n: int, lo: int = 0, hi: int = 256, seed: int = 8) -> bytes:
    rnd = random.Random(seed)
    return bytes(rnd.randrange(lo, hi) for _ in range(n))


@dataclass(frozen=True)
class Case:
    """One input file and what the run must make of it."""

    name: str
    data: bytes
    #: regex the recorded error must match, or None when the input must be read
    error: str | None = None
    #: check of the JSONL deals when the input is read
    deals: Callable[[list[dict[str, Any]]], bool] | None = None


def _compute_40m(deals: list[dict[str, Any]]) -> bool:
    [d] = deals
    return (
        d["type"] == "compute"
        and {p["name"]: p["role"] for p in d["parties"]}
        == {"Quillon Labs": "customer", "Borealis Cloud": "provider"}
        and d["amount"]
        == {"value": 40_000_000, "currency": "USD", "period": "year", "approximate": False}
        and d["duration_months"] == 36
    )


def _acquisition_without_amount(deals: list[dict[str, Any]]) -> bool:
    """A nonsense amount is dropped, the deal itself kept."""
    [d] = deals
    return (
        d["type"] == "acquisition"
        and {p["name"]: p["role"] for p in d["parties"]}
        == {"Vantor Systems": "acquirer", "Kestrel Robotics": "target"}
        and d["amount"] is None
    )


def _none(deals: list[dict[str, Any]]) -> bool:
    return deals == []


def _parties(*names: str) -> Callable[[list[dict[str, Any]]], bool]:
    def check(deals: list[dict[str, Any]]) -> bool:
        return len(deals) == 1 and {p["name"] for p in deals[0]["parties"]} == set(names)

    return check


JAPANESE = (
    "株式会社サクラ技研は、ミドリ電機を50億円で買収すると発表した。両社が火曜日に明らかにした。\n"
)
CASES = [
    # empty and binary
    Case("empty.txt", b"", error="empty input"),
    Case("blank.txt", b"  \n\t\r\n   \n", error="empty input"),
    Case(
        "image.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _random(3000),
        error=r"binary file \(PNG image\)",
    ),
    Case(
        "document.html",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + _random(3000),
        error=r"binary file \(PDF document\)",
    ),
    Case(
        "program.txt",
        b"\x7fELF\x02\x01\x01\x00" + _random(3000),
        error=r"binary file \(executable\)",
    ),
    Case("noise.txt", _random(4000, seed=1), error=r"binary file"),
    # high bytes only: no NUL, decodes as some legacy charset; nothing to find in it
    Case("noise-high.txt", _random(4000, 0x80, 0x100, seed=2), deals=_none),
    Case(
        "huge.txt",
        b"word " * (clean.MAX_INPUT_BYTES // 5 + 1),
        error=r"over the 5,242,880-byte limit",
    ),
    # encodings
    Case("bad-utf8.txt", GOOD.encode() + b"\xff\xfe\xc3\x28 tail.\n", deals=_compute_40m),
    Case(
        "latin1.txt",
        "Café Lumière SA agreed to acquire Brûlé Robotics Inc for $12 million in cash.\n".encode(
            "latin-1"
        ),
        deals=_parties("Café Lumière", "Brûlé Robotics"),
    ),
    Case(
        "cp1252.txt",
        "Orrin Labs “agreed” to buy Tessel Robotics for €12 million – the firms said.\n".encode(
            "cp1252"
        ),
        deals=lambda ds: (
            _parties("Orrin Labs", "Tessel Robotics")(ds) and ds[0]["amount"]["currency"] == "EUR"
        ),
    ),
    Case("utf16le.txt", GOOD.encode("utf-16"), deals=_compute_40m),  # with its BOM
    Case("utf16be.txt", codecs.BOM_UTF16_BE + GOOD.encode("utf-16-be"), deals=_compute_40m),
    Case("utf8bom.txt", codecs.BOM_UTF8 + GOOD.encode(), deals=_compute_40m),
    Case("shift-jis.txt", JAPANESE.encode("shift_jis"), deals=_none),
    Case(
        "shift-jis.html",
        (
            '<html><head><meta charset="shift_jis"><title>買収</title></head>'
            f"<body><article><p>{JAPANESE}</p></article></body></html>"
        ).encode("shift_jis"),
        deals=_none,
    ),
    # broken HTML
    Case(
        "truncated.html",
        (
            "<html><head><title>Borealis Cloud signs GPU lease</title></head><body><article>"
            f"<h1>Borealis Cloud signs GPU lease</h1><p>{GOOD.splitlines()[2]}</p><p>The agreem"
        ).encode(),
        deals=_compute_40m,
    ),
    Case(
        "nested.html",
        ("<html><body>" + "<div>" * 100_000 + f"<p>{GOOD}</p>" + "</div>" * 10).encode(),
        error="no article text",
    ),  # lxml stops at its depth limit: refused, not crashed
    Case(
        "all-script.html",
        (
            "<html><head><script>" + "var a = 1;" * 10_000 + "</script></head><body>"
            "<script>run()</script><noscript></noscript></body></html>"
        ).encode(),
        error="no article text",
    ),
    Case("comment-only.html", b"<!-- nothing here -->\n&nbsp;\n", error="no (article )?text"),
    # non-English: no crash, no invented deal
    Case(
        "german.txt",
        "Die Borealis AG übernimmt die Quillon GmbH für 40 Millionen Euro, teilten die "
        "Unternehmen am Dienstag mit.\n".encode(),
        deals=_none,
    ),
    Case(
        "chinese.txt",
        "北极星云公司周二表示，将以四千万美元收购奎隆实验室。双方已签署协议。\n".encode(),
        deals=_none,
    ),
    Case(
        "arabic.txt",
        "قالت شركة بورياليس إنها ستستحوذ على مختبرات كويلون مقابل 40 مليون دولار.\n".encode(),
        deals=_none,
    ),
    # pathological numbers: the deal without its nonsense amount
    Case(
        "num-trillions.txt",
        ACQUISITION.format(amount="$9999999999999999 trillion").encode(),
        deals=_acquisition_without_amount,
    ),
    Case(
        "num-1e309.txt",
        ACQUISITION.format(amount="$1e309").encode(),
        deals=_acquisition_without_amount,
    ),
    Case(
        "num-nan.txt",
        ACQUISITION.format(amount="$NaN billion").encode(),
        deals=_acquisition_without_amount,
    ),
    Case(
        "num-inf.txt",
        ACQUISITION.format(amount="$inf billion").encode(),
        deals=_acquisition_without_amount,
    ),
    Case(
        "num-400-digits.txt",
        ACQUISITION.format(amount="$" + "9" * 400 + " million").encode(),
        deals=_acquisition_without_amount,
    ),
    Case(
        "num-grouped.txt",
        ACQUISITION.format(amount="$" + "1,000" * 100 + " billion").encode(),
        deals=_acquisition_without_amount,
    ),
    Case(
        "num-gpus.txt",
        (
            "Vantor Systems will rent "
            + "9" * 400
            + " Nvidia H100 GPUs from Kestrel Cloud for "
            + "9" * 400
            + " euros a year over 99999999999999 years.\n"
        ).encode(),
        deals=lambda ds: (
            len(ds) == 1
            and ds[0]["amount"] is None
            and ds[0]["duration_months"] is None
            and (ds[0]["gpus"] is None or ds[0]["gpus"]["count"] is None)
        ),
    ),
    Case(
        "num-gpus-1e309.txt",
        b"Vantor Systems will rent 1e309 Nvidia H100 GPUs from Kestrel Cloud.\n",
        deals=lambda ds: len(ds) == 1 and (ds[0]["gpus"] is None or ds[0]["gpus"]["count"] is None),
    ),
    # the good ones, which must come through whatever else fails
    Case("good.txt", GOOD.encode(), deals=_compute_40m),
    Case(
        "good.html",
        f"<html><head><title>Lease</title></head><body><article><h1>Borealis Cloud signs GPU lease"
        f"</h1><p>{GOOD.splitlines()[2]}</p></article></body></html>".encode(),
        deals=_compute_40m,
    ),
]


def _no_nonfinite(constant: str) -> float:
    raise AssertionError(f"non-finite number {constant} in the JSONL output")


@dataclass
class Run:
    status: int
    records: dict[str, dict[str, Any]]
    errors: dict[str, tuple[str, str]]
    db: Path


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """All cases through ``dealfacts extract`` at once."""
    root = tmp_path_factory.mktemp("bad")
    src = root / "in"
    src.mkdir()
    for case in CASES:
        (src / case.name).write_bytes(case.data)
    db, out = root / "deals.sqlite", root / "deals.jsonl"
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
    records = {}
    for line in out.read_text("utf-8").splitlines():
        rec = json.loads(line, parse_constant=_no_nonfinite)
        records[rec["id"]] = rec
    con = sqlite3.connect(db)
    errors = {
        Path(s).name: (e, k) for s, e, k in con.execute("SELECT source, error, kind FROM errors")
    }
    con.close()
    return Run(status, records, errors, db)


def test_bad_inputs_make_the_run_fail_but_every_input_is_recorded(run: Run) -> None:
    assert run.status == 1
    assert set(run.records) == {Path(c.name).stem for c in CASES}
    assert set(run.errors) == {c.name for c in CASES if c.error}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_input_gives_its_expected_outcome(run: Run, case: Case) -> None:
    rec = run.records[Path(case.name).stem]
    if case.error is not None:
        assert re.search(case.error, rec["error"]), rec["error"]
        assert rec["deals"] == []
        error, kind = run.errors[case.name]
        assert error == rec["error"] and kind == "InputError"
    else:
        assert "error" not in rec, rec.get("error")
        assert case.name not in run.errors
        assert case.deals is not None and case.deals(rec["deals"]), rec["deals"]


def test_database_holds_only_finite_numbers(run: Run) -> None:
    con = sqlite3.connect(run.db)
    tables = [
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"
        )
    ]
    checked = 0
    for table in tables:
        cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
        for col in cols:
            for (value,) in con.execute(
                f'SELECT "{col}" FROM "{table}" WHERE typeof("{col}") = \'real\''
            ):
                assert math.isfinite(value), (table, col, value)
                checked += 1
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    assert checked > 0


def test_encodings_are_decoded_to_the_right_text(tmp_path: Path) -> None:
    for case in CASES:
        if case.name in (
            "latin1.txt",
            "cp1252.txt",
            "shift-jis.txt",
            "shift-jis.html",
            "utf16be.txt",
        ):
            (tmp_path / case.name).write_bytes(case.data)
    assert (
        "Café Lumière SA agreed to acquire Brûlé Robotics Inc"
        in clean.load_article(tmp_path / "latin1.txt").text
    )
    assert (
        '"agreed" to buy Tessel Robotics for €12 million – the'
        in clean.load_article(tmp_path / "cp1252.txt").text
    )
    for name in ("shift-jis.txt", "shift-jis.html"):
        assert "ミドリ電機を50億円で買収する" in clean.load_article(tmp_path / name).text
    assert clean.load_article(tmp_path / "utf16be.txt").text.startswith(
        "Borealis Cloud signs GPU lease"
    )


# -- the run itself: fail-fast, files that vanish or cannot be read -------------------------


def _inputs(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a-empty.txt").write_bytes(b"")
    for i in range(3):
        (src / f"b-good-{i}.txt").write_text(GOOD, "utf-8")
    return src


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_fail_fast_stops_at_the_first_failure(tmp_path: Path) -> None:
    src = _inputs(tmp_path)
    db, out = tmp_path / "ff.sqlite", tmp_path / "ff.jsonl"
    args = [
        "extract",
        str(src),
        "--db",
        f"sqlite:///{db}",
        "--jsonl",
        str(out),
        "-q",
        "--no-transformer",
    ]
    assert main([*args, "--fail-fast"]) == 1
    recs = _jsonl(out)
    assert [r["id"] for r in recs] == ["a-empty"] and "empty" in recs[0]["error"]
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone() == (0,)
    assert con.execute("SELECT COUNT(*) FROM errors").fetchone() == (1,)
    con.close()
    # without it the same inputs all go through
    assert main(args) == 1
    assert sorted(r["id"] for r in _jsonl(out) if "error" not in r) == [
        "b-good-0",
        "b-good-1",
        "b-good-2",
    ]


def test_file_deleted_between_listing_and_reading_fails_alone(
    tmp_path: Path, rules_extractor
) -> None:
    from pipeline.batch import iter_inputs, run_batch
    from pipeline.store import Store

    src = _inputs(tmp_path)
    inputs = list(iter_inputs([src]))
    (src / "b-good-1.txt").unlink()
    out = tmp_path / "gone.jsonl"
    with (
        Store(f"sqlite:///{tmp_path / 'gone.sqlite'}") as store,
        out.open("w", encoding="utf-8") as fh,
    ):
        summary = run_batch(inputs, rules_extractor, store=store, jsonl=fh)
        errors = {Path(e["source"]).name: e["error"] for e in store.errors()}
    assert (summary.ok, summary.failed) == (2, 2)
    assert "no such file" in errors["b-good-1.txt"] and "empty" in errors["a-empty.txt"]
    recs = {r["id"]: r for r in _jsonl(out)}
    assert "no such file" in recs["b-good-1"]["error"]
    assert all(len(recs[f"b-good-{i}"]["deals"]) == 1 for i in (0, 2))


def test_symlink_loops_are_neither_followed_nor_fatal(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "good.txt").write_text(GOOD, "utf-8")
    (src / "sub" / "loop").symlink_to(src)  # a directory loop
    (src / "self.txt").symlink_to(src / "self.txt")  # a file that links to itself
    out = tmp_path / "loop.jsonl"
    status = main(
        [
            "extract",
            str(src),
            str(src / "self.txt"),
            "--db",
            f"sqlite:///{tmp_path / 'l.sqlite'}",
            "--jsonl",
            str(out),
            "-q",
            "--no-transformer",
        ]
    )
    assert status == 1  # the self link, named on the command line, fails
    recs = _jsonl(out)
    by_id = {r["id"]: r for r in recs}
    assert len(recs) == len(by_id) == 2  # the loop was walked once
    assert len(by_id["good"]["deals"]) == 1
    assert "self.txt" in by_id["self"]["error"]


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads a chmod-000 file anyway"
)
def test_unreadable_file_fails_alone(tmp_path: Path) -> None:
    src = _inputs(tmp_path)
    (src / "b-good-0.txt").chmod(0)
    out = tmp_path / "perm.jsonl"
    assert (
        main(["extract", str(src), "--no-db", "--jsonl", str(out), "-q", "--no-transformer"]) == 1
    )
    recs = {r["id"]: r for r in _jsonl(out)}
    assert "cannot read" in recs["b-good-0"]["error"]
    assert len(recs["b-good-1"]["deals"]) == 1


# -- extremely long lines and sentences ------------------------------------------------------

FILLER = (
    "the board met again in the spring and the chair spoke about the weather and the harbour "
    "and the long list of plans for new offices roads schools and parks in the region "
)


def _long_run(tmp_path: Path, name: str, text: str) -> dict[str, Any]:
    src = tmp_path / "in"
    src.mkdir()
    (src / name).write_text(text, "utf-8")
    out = tmp_path / "long.jsonl"
    status = main(["extract", str(src), "--db", f"sqlite:///{tmp_path / 'long.sqlite'}", "--jsonl", str(out),
                   "-q", "--no-transformer"])  # fmt: skip
    [rec] = _jsonl(out)
    assert status == 0 and "error" not in rec, rec
    for deal in rec["deals"]:
        assert all(p["name"] in text for p in deal["parties"]), deal
    return rec


@pytest.mark.timeout(600)
def test_two_megabyte_single_line_finishes(tmp_path: Path) -> None:
    head = "Quillon Labs has agreed to rent computing capacity from Borealis Cloud for $40 million a year. "
    line = head + FILLER * (2_000_000 // len(FILLER))
    assert "\n" not in line and len(line) > 2_000_000
    rec = _long_run(tmp_path, "line.txt", line)
    assert [d["type"] for d in rec["deals"]] == ["compute"]


@pytest.mark.timeout(600)
def test_fifty_thousand_word_sentence_without_punctuation_finishes(tmp_path: Path) -> None:
    words = (FILLER * (50_000 // len(FILLER.split()) + 1)).split()[:50_000]
    sentence = "Quillon Labs has agreed to rent computing capacity from Borealis Cloud " + " ".join(
        words
    )
    rec = _long_run(tmp_path, "sentence.txt", sentence)
    assert len(rec["deals"]) <= 1


DENSE_WORDS = ["Orrin", "Labs", "bought", "Tessel", "for", "$5", "million", "and", "the", "deal"]


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_long_sentence_dense_with_names_and_amounts_finishes(tmp_path: Path) -> None:
    rnd = random.Random(8)
    sentence = " ".join(rnd.choice(DENSE_WORDS) for _ in range(20_000))
    _long_run(tmp_path, "dense.txt", sentence)
