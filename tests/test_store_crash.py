"""A writer killed with SIGKILL mid-batch leaves a consistent database; a rerun completes it."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time

import pytest
from dbfixtures import crash_worker, db_url  # noqa: F401
from sqlalchemy import text

from pipeline.store import Store

N_ARTICLES = 300
KILL_AFTER = (5, 40, 80)  # articles committed before each kill


def _articles(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text("SELECT COUNT(*) FROM articles")).scalar_one())


def _consistency(store: Store) -> None:
    with store.engine.connect() as conn:
        partial = conn.execute(
            text(
                "SELECT a.ext_id, COUNT(m.id) FROM articles a "
                "LEFT JOIN deal_mentions m ON m.article_id = a.id "
                "GROUP BY a.ext_id HAVING COUNT(m.id) <> 2"
            )
        ).all()
        orphans = conn.execute(
            text(
                "SELECT COUNT(*) FROM deals d WHERE NOT EXISTS "
                "(SELECT 1 FROM deal_mentions m WHERE m.deal_id = d.id)"
            )
        ).scalar_one()
        dup_ids = conn.execute(
            text("SELECT ext_id FROM articles GROUP BY ext_id HAVING COUNT(*) > 1")
        ).all()
        if store.dialect == "sqlite":
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    assert partial == [] and orphans == 0 and dup_ids == []


@pytest.mark.timeout(300)
def test_sigkill_at_several_points_then_resume(db_url: str) -> None:  # noqa: F811
    ctx = mp.get_context("spawn")
    with Store(db_url) as store:
        for threshold in KILL_AFTER:
            proc = ctx.Process(target=crash_worker, args=(db_url, N_ARTICLES))
            proc.start()
            try:
                while _articles(store) < threshold and proc.is_alive():
                    time.sleep(0.005)
                assert proc.is_alive(), "the writer finished before it could be killed"
                os.kill(proc.pid, signal.SIGKILL)
            finally:
                proc.join(timeout=60)
            assert proc.exitcode == -signal.SIGKILL
            _consistency(store)
            assert threshold <= store.counts()["articles"] < N_ARTICLES

        # The rerun resumes where the last one stopped and completes the batch.
        proc = ctx.Process(target=crash_worker, args=(db_url, N_ARTICLES))
        proc.start()
        proc.join(timeout=240)
        assert proc.exitcode == 0
        _consistency(store)
        counts = store.counts()
        assert counts["articles"] == N_ARTICLES
        assert counts["deal_mentions"] == 2 * N_ARTICLES
        assert counts["deals"] == 7 + N_ARTICLES  # 7 shared deals, one own deal per article
