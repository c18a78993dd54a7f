"""Database fixtures for the store tests: a real SQLite file and a real PostgreSQL schema.

PostgreSQL runs when ``DEALFACTS_PG_URL`` names a server (``scripts/ci_postgres.sh`` starts
one and prints the URL); each test gets its own schema, dropped afterwards. Without the
variable the PostgreSQL cases are skipped, except under ``CI``, where they fail.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pipeline.schema import Amount, Article, Deal, Gpus, Party

PG_ENV = "DEALFACTS_PG_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _pg_base_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        reason = f"PostgreSQL tests need {PG_ENV} (run scripts/ci_postgres.sh to get one)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so this is an error, not a skip")
        pytest.skip(reason)
    return url


def _admin_engine(url: str):  # type: ignore[no-untyped-def]
    u = make_url(url)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return create_engine(u, isolation_level="AUTOCOMMIT")


def pg_schema_url(base: str, schema: str) -> str:
    """``base`` with its search_path set to ``schema``."""
    u = make_url(base)
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A URL of an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'deals.sqlite'}"
        return
    base = _pg_base_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine(base)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        yield pg_schema_url(base, schema)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


# -- test data, all made up here ---------------------------------------------------------


def make_article(
    n: int | str,
    text: str | None = None,
    *,
    url: str | None = "default",
    published: dt.date | None = dt.date(2024, 3, 1),
    title: str | None = None,
) -> Article:
    """A small invented article; ``url="default"`` gives it ``https://news.example/<n>``."""
    body = text or (
        f"Story {n}. Orbital Compute agreed to rent servers to Lumen Labs in a multi-year "
        "arrangement, the companies said on Tuesday."
    )
    return Article(
        id=f"art-{n}",
        text=body,
        title=title or f"Invented story {n}",
        url=f"https://news.example/{n}" if url == "default" else url,
        site="news.example",
        published=published,
        source_path=f"/inputs/art-{n}.html",
    )


def compute_deal(
    customer: str = "Lumen Labs",
    provider: str = "Orbital Compute",
    value: float | None = 1_200_000_000,
    currency: str = "USD",
    period: str | None = "year",
    *,
    gpus: int | None = 20_000,
    date: str | None = None,
    evidence: str = "Orbital Compute agreed to rent servers to Lumen Labs.",
    span: tuple[int, int] | None = None,
    confidence: float = 0.9,
    deal_type: str = "compute",
    duration_months: int | None = None,
) -> Deal:
    """An invented deal between two made-up companies."""
    return Deal(
        type=deal_type,  # type: ignore[arg-type]
        parties=[Party(customer, "customer"), Party(provider, "provider")],
        amount=Amount(value, currency, period) if value is not None else None,  # type: ignore[arg-type]
        duration_months=duration_months,
        gpus=Gpus(gpus, "Nvidia", "H200") if gpus is not None else None,
        date=date,
        evidence=evidence,
        evidence_span=span,
        confidence=confidence,
    )


def worker_save(
    url: str, worker: int, n_articles: int, shared: int, barrier
) -> tuple[list[str], int]:  # type: ignore[no-untyped-def]
    """Body of a concurrent writer process: save ``n_articles``.

    Returns the error texts and the number of transactions retried on write conflicts.

    Article ``i`` of every worker reports deal ``i % shared`` (amount ``i % shared`` + 1
    million), so the workers race to create the same deals.
    """
    from pipeline.store import Store

    errors: list[str] = []
    retries = 0
    barrier.wait(timeout=60)
    with Store(url) as store:
        run_id = store.start_run(extractor_version="v1", models={"test": "none"})
        for i in range(n_articles):
            k = i % shared
            article = make_article(f"w{worker}-{i}")
            deal = compute_deal(
                customer=f"Customer {k}", value=(k + 1) * 1_000_000, gpus=None, period=None
            )
            try:
                result = store.save(article, [deal], run_id=run_id, extractor_version="v1")
                retries += result.attempts - 1
            except Exception as exc:  # noqa: BLE001 - reported to the parent test
                errors.append(f"{type(exc).__name__}: {exc}")
        store.finish_run(run_id, ok=n_articles - len(errors), failed=len(errors), deals=n_articles)
    return errors, retries


def crash_worker(url: str, n_articles: int) -> None:
    """Body of a writer that the crash test kills: save articles ``0..n-1`` with two deals each,
    skipping those already done (as a resumed batch does)."""
    from pipeline.store import Store

    with Store(url) as store:
        done = store.done_sources("v1")
        for i in range(n_articles):
            article = make_article(f"c{i}")
            if article.source_path in done:
                continue
            deals = [
                compute_deal(customer=f"Buyer {i % 7}", value=(i % 7 + 1) * 1e6, gpus=None),
                compute_deal(customer=f"Other {i}", value=5e5, gpus=None, period=None),
            ]
            store.save(article, deals, run_id=None, extractor_version="v1")
