"""SQLAlchemy 2.0 typed models of the deal database (schema revision ``0002``).

The Alembic migrations in ``migrations/versions`` create exactly these tables (a test compares
them); views (``deal_summary``, ``deal_parties_v``) and full-text search are created by the
migrations only, in SQL for each dialect.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base of every table."""


class Run(Base):
    """One extraction run: when, with which models, and what it produced."""

    __tablename__ = "runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    extractor_version: Mapped[str] = mapped_column(String(128))
    models: Mapped[dict[str, Any]] = mapped_column(JSON)
    args: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ok: Mapped[int | None] = mapped_column(Integer)
    failed: Mapped[int | None] = mapped_column(Integer)
    deals: Mapped[int | None] = mapped_column(Integer)


class ArticleRow(Base):
    """An article: metadata, clean text, and the extractor version its facts come from."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Identity: ``url:<canonical or plain URL>`` if any, else ``sha256:<content hash>``.
    key: Mapped[str] = mapped_column(String(1100), unique=True)
    #: ``Article.id`` (the record id of SCHEMA.md).
    ext_id: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    site: Mapped[str | None] = mapped_column(String(255))
    author: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date, index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    fetched_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    #: The first input (file path or URL) the article was read from; all are in article_sources.
    source: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    extractor_version: Mapped[str] = mapped_column(String(128), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    extracted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    mentions: Mapped[list[Mention]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )
    sources: Mapped[list[ArticleSource]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class ArticleSource(Base):
    """Every input (file path or URL) an article was read from: what a resumed run skips."""

    __tablename__ = "article_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(Text)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )

    article: Mapped[ArticleRow] = relationship(back_populates="sources")


class Organisation(Base):
    """An organisation under its canonical name; ``norm_name`` is its matching key."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    norm_name: Mapped[str] = mapped_column(String(300), unique=True)

    aliases: Mapped[list[OrgAlias]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", passive_deletes=True
    )


class OrgAlias(Base):
    """Another name of an organisation; a normalised alias belongs to one organisation."""

    __tablename__ = "org_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    alias: Mapped[str] = mapped_column(Text)
    norm_alias: Mapped[str] = mapped_column(String(300), unique=True)

    organisation: Mapped[Organisation] = relationship(back_populates="aliases")


class DealRow(Base):
    """One deal, merged over every article that reports it (see ``dedup.same_deal``)."""

    __tablename__ = "deals"
    __table_args__ = (Index("ix_deals_type_party_key", "type", "party_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(16))
    #: Sorted ``role=org_id`` pairs joined by ``;``: the parties part of the same-deal rule.
    party_key: Mapped[str] = mapped_column(String(1000))
    amount_value: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    period: Mapped[str | None] = mapped_column(String(8))
    approximate: Mapped[bool | None] = mapped_column(Boolean)
    #: ``amount_value`` times periods per year, where a period is given.
    annualised_value: Mapped[float | None] = mapped_column(Float)
    amount_usd: Mapped[float | None] = mapped_column(Float, index=True)
    annualised_usd: Mapped[float | None] = mapped_column(Float, index=True)
    #: The year of the FX rate used for the USD values.
    fx_year: Mapped[int | None] = mapped_column(Integer)
    duration_months: Mapped[int | None] = mapped_column(Integer)
    gpu_count: Mapped[int | None] = mapped_column(BigInteger)
    gpu_vendor: Mapped[str | None] = mapped_column(String(64))
    gpu_model: Mapped[str | None] = mapped_column(String(128))
    gpu_approximate: Mapped[bool | None] = mapped_column(Boolean)
    #: ``YYYY-MM-DD`` or ``YYYY-MM`` as stated.
    date: Mapped[str | None] = mapped_column(String(10), index=True)
    confidence: Mapped[float] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    parties: Mapped[list[DealParty]] = relationship(
        back_populates="deal", cascade="all, delete-orphan", passive_deletes=True
    )
    mentions: Mapped[list[Mention]] = relationship(
        back_populates="deal", cascade="all, delete-orphan", passive_deletes=True
    )


class DealParty(Base):
    """An organisation's side in a deal."""

    __tablename__ = "deal_parties"

    deal_id: Mapped[int] = mapped_column(
        ForeignKey("deals.id", ondelete="CASCADE"), primary_key=True
    )
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16), primary_key=True)

    deal: Mapped[DealRow] = relationship(back_populates="parties")
    organisation: Mapped[Organisation] = relationship()


class Mention(Base):
    """One article's report of a deal: the evidence and the facts as that article gave them."""

    __tablename__ = "deal_mentions"
    __table_args__ = (UniqueConstraint("article_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    deal_id: Mapped[int] = mapped_column(ForeignKey("deals.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    #: Index of the deal in the article's record (keeps the JSONL export in order).
    position: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    extractor_version: Mapped[str] = mapped_column(String(128))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("runs.id", ondelete="SET NULL"))
    confidence: Mapped[float] = mapped_column(Float)
    #: Deal date, else article date (``YYYY-MM-DD`` / ``YYYY-MM``): the date the rule compares.
    event_date: Mapped[str | None] = mapped_column(String(10))
    #: ``Deal.to_dict()`` as extracted from this article.
    record: Mapped[dict[str, Any]] = mapped_column(JSON)

    deal: Mapped[DealRow] = relationship(back_populates="mentions")
    article: Mapped[ArticleRow] = relationship(back_populates="mentions")


class ErrorRow(Base):
    """An input that failed, with a readable reason."""

    __tablename__ = "errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("runs.id", ondelete="SET NULL"), index=True
    )
    source: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(64))
    error: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Page(Base):
    """A crawled raw page (latest fetch per URL)."""

    __tablename__ = "pages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url_hash: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    status: Mapped[int | None] = mapped_column(Integer)
    fetched_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    raw_path: Mapped[str | None] = mapped_column(Text)


class FxRate(Base):
    """The FX table the USD values were computed with (``fx_rates.json``)."""

    __tablename__ = "fx_rates"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    usd_per_unit: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(Text)
