"""Two ``dealfacts extract`` processes at once on one database: both succeed, every row arrives.

The runs start together on a fresh database (racing its creation too), with different and
overlapping inputs. Both must exit 0 without "database is locked"; afterwards every input is
one article with exactly the mentions of its deals. SQLite always; PostgreSQL when
``DEALFACTS_PG_URL`` is set (see ``tests/dbfixtures.py``). All texts are invented here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from dbfixtures import db_url  # noqa: F401  (fixture: a SQLite file or a PostgreSQL schema)
from sqlalchemy import text

from pipeline.clean import load_article
from pipeline.store import Store

ROOT = Path(__file__).resolve().parent.parent
N_INPUTS = 24
OVERLAP = 6
COMPANIES = [
    "Vantor Systems",
    "Orrin Labs",
    "Harbor Analytics",
    "Quillon Labs",
    "Borealis Cloud",
    "Kestrel Robotics",
]


def _write_inputs(src: Path) -> list[Path]:
    src.mkdir()
    files = []
    for i in range(N_INPUTS):
        a, b = COMPANIES[i % 6], COMPANIES[(i + 1 + i // 6) % 6]
        if i % 3 == 0:
            body = f"{a} said on Monday it agreed to acquire {b} for ${i + 1} million in cash."
        elif i % 3 == 1:
            body = (
                f"{a} has agreed to rent computing capacity from {b} for ${i + 2} million a year."
            )
        else:
            body = f"{a} opened a research lab in Porto, it said on Friday. It will hire {i + 20} people."
        f = src / f"run-{i:02d}.txt"
        f.write_text(f"Story {i}\n\n{body}\n", "utf-8")
        files.append(f)
    return files


@pytest.mark.timeout(400)
def test_two_extract_runs_at_once_lose_nothing(
    db_url: str,  # noqa: F811
    tmp_path: Path,
    rules_extractor,
) -> None:
    files = _write_inputs(tmp_path / "in")
    half = (N_INPUTS + OVERLAP) // 2
    first, second = files[:half], files[half - OVERLAP :]
    assert len(set(first) & set(second)) == OVERLAP
    expected = {f.stem: len(rules_extractor.extract_article(load_article(f))) for f in files}
    assert sum(1 for n in expected.values() if n) >= N_INPUTS // 2

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = []
    for k, inputs in enumerate((first, second)):
        cmd = [sys.executable, "-m", "pipeline", "extract", *map(str, inputs), "--db", db_url,
               "--jsonl", str(tmp_path / f"run{k}.jsonl"), "--no-transformer", "--batch-size", "2"]  # fmt: skip
        procs.append(subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))  # fmt: skip
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err[-3000:]
        assert "locked" not in err.lower() and "Traceback" not in err

    for k, inputs in enumerate((first, second)):
        recs = [
            json.loads(line)
            for line in (tmp_path / f"run{k}.jsonl").read_text("utf-8").splitlines()
        ]
        assert sorted(r["id"] for r in recs) == sorted(f.stem for f in inputs)
        assert all(len(r["deals"]) == expected[r["id"]] and "error" not in r for r in recs)

    with Store(db_url) as store:
        with store.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT a.ext_id, COUNT(m.id) FROM articles a "
                    "LEFT JOIN deal_mentions m ON m.article_id = a.id GROUP BY a.ext_id"
                )
            ).all()
            runs = conn.execute(text("SELECT ok, failed FROM runs ORDER BY id")).all()
            errors = conn.execute(text("SELECT COUNT(*) FROM errors")).scalar_one()
        assert dict(rows) == expected  # every input once, with all its mentions
        assert len(rows) == N_INPUTS
        assert errors == 0
        assert sorted(r.failed for r in runs) == [0, 0]
        assert store.counts()["deal_mentions"] == sum(expected.values())
