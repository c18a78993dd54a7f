"""``dealfacts extract`` killed with SIGKILL mid-batch: the database stays whole, a rerun completes it.

A real ``python -m pipeline extract`` subprocess writes ~30 small invented articles into a
SQLite file; the test kills it at several points (while the database is being created, and
after N articles are committed, for several N). After each kill: integrity_check passes, no
article is stored twice, every stored article has exactly the mentions of its deals (no
partial article) and no deal is left without a mention. A final run resumes and every input
is then in the database and the JSONL output exactly once. ``tests/test_store_crash.py``
covers the store alone; this is the command end to end.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.clean import load_article

ROOT = Path(__file__).resolve().parent.parent
BUYERS = ["Vantor Systems", "Orrin Labs", "Harbor Analytics", "Quillon Labs", "Borealis Cloud"]
TARGETS = [
    "Kestrel Robotics",
    "Tessel Robotics",
    "Lumen Devices",
    "Marrow Networks",
    "Pellucid Software",
]
#: committed articles before each kill; 0 kills as soon as the database file appears
KILL_AFTER = (0, 5, 15)
N_GOOD = 28
N_BAD = 2


def _write_inputs(src: Path) -> None:
    src.mkdir()
    for i in range(N_GOOD):
        buyer, target = BUYERS[i % 5], TARGETS[(i // 5) % 5]
        if i % 4 == 3:
            text = f"{buyer} opened an office in Leeds.\n\nThe office has {i + 10} staff, it said on Monday.\n"
        elif i % 4 == 2:
            text = (
                f"{buyer} to rent GPUs from {target}\n\n{buyer} has agreed to rent computing capacity "
                f"from {target} for ${i + 5} million a year under a two-year contract, the companies "
                "said on Tuesday.\n"
            )
        else:
            text = (
                f"{buyer} buys {target}\n\n{buyer} said on Monday it agreed to acquire {target} "
                f"for ${i + 1}.5 billion in cash, its {i + 2}th purchase this decade.\n"
            )
        (src / f"story-{i:02d}.txt").write_text(text, "utf-8")
    (src / "story-90.txt").write_bytes(b"")
    (src / "story-91.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def _command(src: Path, db: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "extract", str(src), "--db", f"sqlite:///{db}",
            "--jsonl", str(out), "--no-transformer", "--batch-size", "1"]  # fmt: skip


def _committed(db: Path) -> int:
    """Articles committed so far (0 while the database is not there or not migrated)."""
    if not db.exists():
        return -1
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return int(con.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.OperationalError:  # no table yet, or the file is being created
        return 0


def _check_consistent(db: Path, expected: dict[str, int]) -> int:
    """Assert the database is whole; return the number of articles in it."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "articles" not in tables:
            return 0  # killed before the schema was there
        dup = con.execute(
            "SELECT ext_id FROM articles GROUP BY ext_id HAVING COUNT(*) > 1"
        ).fetchall()
        assert dup == [], f"articles stored twice: {dup}"
        mentions = dict(
            con.execute(
                "SELECT a.ext_id, COUNT(m.id) FROM articles a "
                "LEFT JOIN deal_mentions m ON m.article_id = a.id GROUP BY a.ext_id"
            ).fetchall()
        )
        partial = {k: (n, expected.get(k)) for k, n in mentions.items() if n != expected.get(k)}
        assert partial == {}, f"articles without all their deals: {partial}"
        orphans = con.execute(
            "SELECT COUNT(*) FROM deals d WHERE NOT EXISTS (SELECT 1 FROM deal_mentions m WHERE m.deal_id = d.id)"
        ).fetchone()[0]
        partyless = con.execute(
            "SELECT COUNT(*) FROM deals d WHERE NOT EXISTS (SELECT 1 FROM deal_parties p WHERE p.deal_id = d.id)"
        ).fetchone()[0]
        assert (orphans, partyless) == (0, 0)
        sources = con.execute(
            "SELECT source FROM article_sources GROUP BY source HAVING COUNT(*) > 1"
        ).fetchall()
        assert sources == []
        return len(mentions)
    finally:
        con.close()


@pytest.mark.timeout(600)
def test_sigkill_at_several_points_then_rerun_completes(tmp_path: Path, rules_extractor) -> None:
    src, db = tmp_path / "in", tmp_path / "deals.sqlite"
    _write_inputs(src)
    expected = {
        f.stem: len(rules_extractor.extract_article(load_article(f)))
        for f in sorted(src.iterdir())
        if f.stem not in ("story-90", "story-91")
    }
    assert sum(1 for n in expected.values() if n) >= 20  # most articles hold a deal
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    stored = 0
    for k, threshold in enumerate(KILL_AFTER):
        proc = subprocess.Popen(_command(src, db, tmp_path / f"run{k}.jsonl"), cwd=tmp_path, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
        try:
            while proc.poll() is None and _committed(db) < threshold:
                time.sleep(0.002)
            assert proc.poll() is None, (
                f"the run ended before the kill: {proc.stderr.read().decode()[-2000:]}"
            )
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.wait(timeout=60)
            assert proc.stderr is not None
            proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL
        now = _check_consistent(db, expected)
        assert now >= stored  # nothing committed before is lost
        assert now < N_GOOD
        stored = now

    # The rerun resumes: it finishes, and every input is stored and reported exactly once.
    out = tmp_path / "final.jsonl"
    proc = subprocess.run(_command(src, db, out), cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert proc.returncode == 1, proc.stderr[-2000:]  # the two bad inputs fail, the rest is fine
    assert (
        f"{N_GOOD - stored} articles read" in proc.stderr
        and f"{stored} already done" in proc.stderr
    )
    assert _check_consistent(db, expected) == N_GOOD
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    ids = [r["id"] for r in records]
    assert sorted(ids) == sorted([*expected, "story-90", "story-91"])  # each once
    for rec in records:
        if rec["id"] in expected:
            assert "error" not in rec and len(rec["deals"]) == expected[rec["id"]], rec
        else:
            assert rec["error"] and rec["deals"] == []
    con = sqlite3.connect(db)
    total = con.execute("SELECT COUNT(*) FROM deal_mentions").fetchone()[0]
    runs = con.execute("SELECT COUNT(*), COUNT(finished_at) FROM runs").fetchone()
    con.close()
    assert total == sum(expected.values())
    assert runs[1] == 1 and runs[0] >= 2  # killed runs stay unfinished; the last one finished
