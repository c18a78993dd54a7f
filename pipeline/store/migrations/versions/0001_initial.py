"""Initial schema: runs, articles, organisations, deals, parties, mentions, errors, pages.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("finished_at", TZ),
        sa.Column("extractor_version", sa.String(128), nullable=False),
        sa.Column("models", sa.JSON, nullable=False),
        sa.Column("args", sa.JSON),
        sa.Column("ok", sa.Integer),
        sa.Column("failed", sa.Integer),
        sa.Column("deals", sa.Integer),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(1100), nullable=False, unique=True),
        sa.Column("ext_id", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("canonical_url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("site", sa.String(255)),
        sa.Column("author", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("language", sa.String(16)),
        sa.Column("fetched_at", TZ),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("meta", sa.JSON),
        sa.Column("extractor_version", sa.String(128), nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
        sa.Column("extracted_at", TZ, nullable=False),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_content_hash", "articles", ["content_hash"])
    op.create_index("ix_articles_extractor_version", "articles", ["extractor_version"])
    op.create_table(
        "article_sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
    )
    op.create_index("ix_article_sources_article_id", "article_sources", ["article_id"])
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("norm_name", sa.String(300), nullable=False, unique=True),
    )
    op.create_table(
        "org_aliases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "org_id",
            sa.Integer,
            sa.ForeignKey("organisations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("alias", sa.Text, nullable=False),
        sa.Column("norm_alias", sa.String(300), nullable=False, unique=True),
    )
    op.create_index("ix_org_aliases_org_id", "org_aliases", ["org_id"])
    op.create_table(
        "deals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("party_key", sa.String(1000), nullable=False),
        sa.Column("amount_value", sa.Float),
        sa.Column("currency", sa.String(3)),
        sa.Column("period", sa.String(8)),
        sa.Column("approximate", sa.Boolean),
        sa.Column("annualised_value", sa.Float),
        sa.Column("duration_months", sa.Integer),
        sa.Column("gpu_count", sa.BigInteger),
        sa.Column("gpu_vendor", sa.String(64)),
        sa.Column("gpu_model", sa.String(128)),
        sa.Column("gpu_approximate", sa.Boolean),
        sa.Column("date", sa.String(10)),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_index("ix_deals_type_party_key", "deals", ["type", "party_key"])
    op.create_index("ix_deals_date", "deals", ["date"])
    op.create_table(
        "deal_parties",
        sa.Column(
            "deal_id",
            sa.Integer,
            sa.ForeignKey("deals.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "org_id",
            sa.Integer,
            sa.ForeignKey("organisations.id", ondelete="RESTRICT"),
            primary_key=True,
        ),
        sa.Column("role", sa.String(16), primary_key=True),
    )
    op.create_index("ix_deal_parties_org_id", "deal_parties", ["org_id"])
    op.create_table(
        "deal_mentions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "deal_id",
            sa.Integer,
            sa.ForeignKey("deals.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("span_start", sa.Integer),
        sa.Column("span_end", sa.Integer),
        sa.Column("extractor_version", sa.String(128), nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("event_date", sa.String(10)),
        sa.Column("record", sa.JSON, nullable=False),
        sa.UniqueConstraint("article_id", "position"),
    )
    op.create_index("ix_deal_mentions_deal_id", "deal_mentions", ["deal_id"])
    op.create_table(
        "errors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id", ondelete="SET NULL")),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_errors_run_id", "errors", ["run_id"])
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("final_url", sa.Text),
        sa.Column("status", sa.Integer),
        sa.Column("fetched_at", TZ),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("content_hash", sa.String(64)),
        sa.Column("raw_path", sa.Text),
    )


def downgrade() -> None:
    for table in (
        "pages",
        "errors",
        "deal_mentions",
        "deal_parties",
        "deals",
        "org_aliases",
        "organisations",
        "article_sources",
        "articles",
        "runs",
    ):
        op.drop_table(table)
