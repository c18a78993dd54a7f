"""USD values and the FX table, full-text search over articles, reading views.

Revision ID: 0002
Revises: 0001

- ``deals`` gains ``amount_usd``, ``annualised_usd`` and ``fx_year`` (back-filled here from
  ``fx_rates.json``); the rates go into table ``fx_rates`` so queries can see them.
- Full-text search: SQLite gets an FTS5 table ``articles_fts`` kept in sync by triggers;
  PostgreSQL gets a generated ``tsvector`` column ``articles.search`` with a GIN index.
- Views ``deal_parties_v`` and ``deal_summary`` (one row per deal).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

from pipeline.store.fx import fx_table, to_usd

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: PostgreSQL caps a tsvector at 1 MB; indexing the first 200,000 characters stays under it.
PG_FTS_CHARS = 200_000

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "title, text, content='articles', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
]
PG_FTS = [
    "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english'::regconfig, left(coalesce(title, '') || ' ' || coalesce(text, ''), "
    f"{PG_FTS_CHARS}))) STORED",
    "CREATE INDEX ix_articles_search ON articles USING gin (search)",
]

_PARTY_NAMES = (
    "(SELECT {agg} FROM (SELECT o.name AS x FROM deal_parties dp "
    "JOIN organisations o ON o.id = dp.org_id WHERE dp.deal_id = d.id{cond} "
    "ORDER BY o.name) AS p)"
)
_PARTY_LABELS = (
    "(SELECT {agg} FROM (SELECT o.name || ' (' || dp.role || ')' AS x FROM deal_parties dp "
    "JOIN organisations o ON o.id = dp.org_id WHERE dp.deal_id = d.id "
    "ORDER BY dp.role, o.name) AS p)"
)
#: The deal's earliest mention: by article date (undated last), then insertion order.
_FIRST_MENTION = (
    "(SELECT {col} FROM deal_mentions m JOIN articles a ON a.id = m.article_id "
    "WHERE m.deal_id = d.id ORDER BY a.published IS NULL, a.published, m.id LIMIT 1)"
)
_EVENT_DATE = (
    "COALESCE(CASE WHEN length(s.deal_date) = 7 THEN s.deal_date || '-01' ELSE s.deal_date END, "
    "CAST(s.first_article_date AS TEXT))"
)


def _deal_summary_sql(dialect: str) -> str:
    agg = "group_concat(x, '; ')" if dialect == "sqlite" else "string_agg(x, '; ')"

    def names(*roles: str) -> str:
        cond = " AND dp.role IN (" + ", ".join(f"'{r}'" for r in roles) + ")"
        return _PARTY_NAMES.format(agg=agg, cond=cond)

    inner = f"""
SELECT
  d.id AS deal_id,
  d.type AS type,
  {_PARTY_LABELS.format(agg=agg)} AS parties,
  {names("acquirer", "investor", "customer")} AS buyer_side,
  {names("target", "investee", "provider", "seller")} AS seller_side,
  {names("partner")} AS partners,
  d.amount_value AS amount_value,
  d.currency AS currency,
  d.period AS period,
  d.approximate AS approximate,
  d.annualised_value AS annualised_value,
  d.amount_usd AS amount_usd,
  d.annualised_usd AS annualised_usd,
  COALESCE(d.annualised_usd, CASE WHEN d.period IS NULL AND d.duration_months > 0
    THEN d.amount_usd * 12 / d.duration_months END) AS usd_per_year,
  d.fx_year AS fx_year,
  d.duration_months AS duration_months,
  d.gpu_count AS gpu_count,
  d.gpu_vendor AS gpu_vendor,
  d.gpu_model AS gpu_model,
  d.gpu_approximate AS gpu_approximate,
  d.date AS deal_date,
  d.confidence AS confidence,
  (SELECT COUNT(DISTINCT m.article_id) FROM deal_mentions m WHERE m.deal_id = d.id)
    AS n_sources,
  {_FIRST_MENTION.format(col="m.evidence")} AS first_evidence,
  {_FIRST_MENTION.format(col="COALESCE(a.canonical_url, a.url, a.source, a.ext_id)")}
    AS first_source,
  (SELECT MIN(a.published) FROM deal_mentions m JOIN articles a ON a.id = m.article_id
    WHERE m.deal_id = d.id) AS first_article_date,
  (SELECT MAX(a.published) FROM deal_mentions m JOIN articles a ON a.id = m.article_id
    WHERE m.deal_id = d.id) AS last_article_date
FROM deals d"""
    return (
        f"CREATE VIEW deal_summary AS SELECT s.*, {_EVENT_DATE} AS event_date, "
        f"substr({_EVENT_DATE}, 1, 7) AS month FROM ({inner}) AS s"
    )


DEAL_PARTIES_V = (
    "CREATE VIEW deal_parties_v AS SELECT dp.deal_id AS deal_id, d.type AS type, "
    "dp.role AS role, o.id AS org_id, o.name AS organisation FROM deal_parties dp "
    "JOIN organisations o ON o.id = dp.org_id JOIN deals d ON d.id = dp.deal_id"
)


def create_views(bind: sa.Connection) -> None:
    """Create the reading views in this revision's form."""
    bind.exec_driver_sql(DEAL_PARTIES_V)
    bind.exec_driver_sql(_deal_summary_sql(bind.dialect.name))


def drop_views(bind: sa.Connection) -> None:
    """Drop the reading views."""
    bind.exec_driver_sql("DROP VIEW IF EXISTS deal_summary")
    bind.exec_driver_sql("DROP VIEW IF EXISTS deal_parties_v")


def _year(value: object) -> int | None:
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None


def _backfill_usd(bind: sa.Connection) -> None:
    rows = bind.execute(
        sa.text(
            "SELECT d.id, d.amount_value, d.currency, d.period, d.annualised_value, d.date, "
            "(SELECT MIN(a.published) FROM deal_mentions m JOIN articles a "
            "ON a.id = m.article_id WHERE m.deal_id = d.id) AS first_published "
            "FROM deals d WHERE d.amount_value IS NOT NULL AND d.currency IS NOT NULL"
        )
    ).all()
    for deal_id, value, currency, _period, annualised, date, first_published in rows:
        year = _year(date) or _year(first_published)
        usd = to_usd(value, currency, year)
        if usd is None:
            continue
        amount_usd, fx_year = usd
        annualised_usd = amount_usd * (annualised / value) if annualised and value else None
        bind.execute(
            sa.text(
                "UPDATE deals SET amount_usd = :u, annualised_usd = :a, fx_year = :y WHERE id = :i"
            ),
            {"u": amount_usd, "a": annualised_usd, "y": fx_year, "i": deal_id},
        )


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("deals") as batch:
        batch.add_column(sa.Column("amount_usd", sa.Float))
        batch.add_column(sa.Column("annualised_usd", sa.Float))
        batch.add_column(sa.Column("fx_year", sa.Integer))
    op.create_index("ix_deals_amount_usd", "deals", ["amount_usd"])
    op.create_index("ix_deals_annualised_usd", "deals", ["annualised_usd"])

    fx_rates = op.create_table(
        "fx_rates",
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("currency", sa.String(3), primary_key=True),
        sa.Column("usd_per_unit", sa.Float, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
    )
    table = fx_table()
    op.bulk_insert(
        fx_rates,
        [
            {"year": y, "currency": c, "usd_per_unit": r, "source": table.source}
            for y, rates in sorted(table.rates.items())
            for c, r in sorted(rates.items())
        ],
    )
    _backfill_usd(bind)

    for statement in SQLITE_FTS if bind.dialect.name == "sqlite" else PG_FTS:
        op.execute(statement)
    create_views(bind)


def downgrade() -> None:
    bind = op.get_bind()
    drop_views(bind)
    if bind.dialect.name == "sqlite":
        for name in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_articles_search")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search")
    op.drop_table("fx_rates")
    op.drop_index("ix_deals_annualised_usd", "deals")
    op.drop_index("ix_deals_amount_usd", "deals")
    with op.batch_alter_table("deals") as batch:
        batch.drop_column("fx_year")
        batch.drop_column("annualised_usd")
        batch.drop_column("amount_usd")
