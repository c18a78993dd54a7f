"""Two writer processes on one database at once: every row arrives, no lock errors."""

from __future__ import annotations

import multiprocessing as mp

import pytest
from dbfixtures import db_url, worker_save  # noqa: F401

from pipeline.store import Store

N_ARTICLES = 50
SHARED_DEALS = 10


def _run_worker(url: str, worker: int, barrier, queue) -> None:  # type: ignore[no-untyped-def]
    try:
        queue.put((worker, worker_save(url, worker, N_ARTICLES, SHARED_DEALS, barrier)))
    except Exception as exc:  # noqa: BLE001 - reported to the test
        queue.put((worker, ([f"{type(exc).__name__}: {exc}"], 0)))


@pytest.mark.timeout(240)
def test_two_concurrent_writers_lose_nothing(db_url: str) -> None:  # noqa: F811
    """Both start on a fresh database (racing the migration too) and save the same deals."""
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    queue = ctx.Queue()
    procs = [ctx.Process(target=_run_worker, args=(db_url, w, barrier, queue)) for w in range(2)]
    for p in procs:
        p.start()
    results = dict(queue.get(timeout=200) for _ in procs)
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert {w: errors for w, (errors, _retries) in results.items()} == {0: [], 1: []}

    with Store(db_url) as store:
        counts = store.counts()
        assert counts["runs"] == 2
        assert counts["articles"] == 2 * N_ARTICLES
        assert counts["deal_mentions"] == 2 * N_ARTICLES
        # Every shared deal is one row however the writers interleaved.
        assert counts["deals"] == SHARED_DEALS
        assert counts["organisations"] == SHARED_DEALS + 1
        rows = store.query()
        assert sorted(r["n_sources"] for r in rows) == [2 * N_ARTICLES // SHARED_DEALS] * 10
        assert len(store.done_sources("v1")) == 2 * N_ARTICLES
