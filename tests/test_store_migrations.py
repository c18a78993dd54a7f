"""Alembic migrations: an empty database, and one made by the previous schema revision."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from dbfixtures import compute_deal, db_url, make_article  # noqa: F401
from sqlalchemy import text

from pipeline.store import Store
from pipeline.store.engine import make_engine
from pipeline.store.migrate import current_revision, downgrade, head_revision, upgrade
from pipeline.store.models import Base

NOW = dt.datetime(2024, 4, 2, 9, 30, tzinfo=dt.UTC)


def _ignore_search_objects(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """FTS tables (SQLite) and the tsvector column (PostgreSQL) live outside the models."""
    if type_ == "table" and name and name.startswith("articles_fts"):
        return False
    return not (type_ in ("column", "index") and name in ("search", "ix_articles_search"))


def test_empty_database_upgrades_to_head_matching_models(db_url: str) -> None:  # noqa: F811
    write, _ = make_engine(db_url)
    try:
        assert current_revision(write) is None
        upgrade(write)
        assert current_revision(write) == head_revision() == "0002"
        with write.connect() as conn:
            ctx = MigrationContext.configure(
                conn, opts={"include_object": _ignore_search_objects, "compare_type": True}
            )
            diffs = compare_metadata(ctx, Base.metadata)
        assert diffs == []
    finally:
        write.dispose()


def _fill_revision_0001(conn) -> None:  # type: ignore[no-untyped-def]
    """Rows as the 0001 code wrote them (no USD columns, no FTS)."""
    conn.execute(
        text(
            "INSERT INTO runs (id, started_at, extractor_version, models) "
            "VALUES (1, :now, 'v0', :models)"
        ),
        {"now": NOW, "models": json.dumps({"ner": "old"})},
    )
    conn.execute(
        text(
            "INSERT INTO articles (id, key, ext_id, url, title, published, content_hash, text, "
            "source, extractor_version, run_id, extracted_at) VALUES "
            "(1, 'url:https://news.example/old', 'old-1', 'https://news.example/old', "
            "'Old story', :pub, :hash, 'Heliotrope Networks buys capacity from Orbital.', "
            "'/inputs/old-1.html', 'v0', 1, :now)"
        ),
        {"pub": dt.date(2023, 11, 5), "hash": "0" * 64, "now": NOW},
    )
    conn.execute(
        text(
            "INSERT INTO article_sources (id, source_hash, source, article_id) "
            "VALUES (1, :h, '/inputs/old-1.html', 1)"
        ),
        {"h": "1" * 64},
    )
    conn.execute(
        text(
            "INSERT INTO organisations (id, name, norm_name) VALUES "
            "(1, 'Heliotrope Networks', 'heliotropenetworks'), (2, 'Orbital', 'orbital')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO deals (id, type, party_key, amount_value, currency, period, approximate, "
            "annualised_value, confidence, created_at, updated_at) VALUES "
            "(1, 'compute', 'customer=1;provider=2', 50000000, 'EUR', 'quarter', FALSE, 200000000, "
            "0.7, :now, :now)"
        ),
        {"now": NOW},
    )
    conn.execute(
        text(
            "INSERT INTO deal_parties (deal_id, org_id, role) VALUES "
            "(1, 1, 'customer'), (1, 2, 'provider')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO deal_mentions (id, deal_id, article_id, position, evidence, "
            "extractor_version, run_id, confidence, event_date, record) VALUES "
            "(1, 1, 1, 0, 'Heliotrope Networks buys capacity from Orbital.', 'v0', 1, 0.7, "
            "'2023-11-05', :rec)"
        ),
        {"rec": json.dumps(compute_deal("Heliotrope Networks", "Orbital").to_dict())},
    )


def test_database_of_previous_revision_upgrades_with_data(db_url: str) -> None:  # noqa: F811
    write, _ = make_engine(db_url)
    try:
        upgrade(write, "0001")
        assert current_revision(write) == "0001"
        with write.begin() as conn:
            _fill_revision_0001(conn)
            if write.dialect.name == "postgresql":
                # Ids were given explicitly: move the sequences past them, as real use would.
                for table in ("runs", "articles", "article_sources", "organisations", "deals"):
                    conn.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 10)")
                    )
                conn.execute(
                    text("SELECT setval(pg_get_serial_sequence('deal_mentions', 'id'), 10)")
                )
    finally:
        write.dispose()

    with Store(db_url) as store:  # opening upgrades to head
        assert store.revision() == "0002"
        counts = store.counts()
        assert (counts["articles"], counts["deals"], counts["deal_mentions"]) == (1, 1, 1)
        [row] = store.query()
        assert row["buyer_side"] == "Heliotrope Networks" and row["seller_side"] == "Orbital"
        assert row["annualised_value"] == 200_000_000
        assert row["fx_year"] == 2023  # back-filled from the article date
        with store.engine.connect() as conn:
            rate = conn.execute(
                text("SELECT usd_per_unit FROM fx_rates WHERE year = 2023 AND currency = 'EUR'")
            ).scalar_one()
        assert row["amount_usd"] == pytest.approx(5e7 * rate)
        assert row["annualised_usd"] == pytest.approx(2e8 * rate)
        assert [r["ext_id"] for r in store.search("Heliotrope")] == ["old-1"]
        assert store.done_sources("v0") == {"/inputs/old-1.html"}
        # New writes land next to the old rows, and old deals still merge.
        new = make_article(5, "Heliotrope Networks and Orbital extend their deal.")
        new.published = dt.date(2023, 11, 20)
        r = store.save(
            new,
            [compute_deal("Heliotrope Networks Inc", "Orbital", 5e7, "EUR", "quarter", gpus=None)],
            run_id=None,
            extractor_version="v1",
        )
        assert r.deal_ids == (1,) and store.counts()["deal_mentions"] == 2


def test_downgrade_and_upgrade_again_keep_rows(db_url: str) -> None:  # noqa: F811
    with Store(db_url) as store:
        store.save(make_article(1), [compute_deal()], run_id=None, extractor_version="v1")
        before = store.counts()
        downgrade(store._write, "0001")
        assert store.revision() == "0001"
        store.upgrade()
        assert store.revision() == "0002"
        assert store.counts() == before
        assert [r["ext_id"] for r in store.search("Orbital")] == ["art-1"]
        assert store.query()[0]["amount_usd"] == 1_200_000_000
