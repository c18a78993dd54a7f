"""The deal database: save articles with their deals, resume runs, query and export.

``Store(url)`` opens (and migrates) a SQLite file or a PostgreSQL database. Each
``save(article, deals)`` is one transaction: the article, its organisations, deals, parties
and mentions are written together or not at all. Saving the same article again with the same
extractor version adds nothing; a different version (or a changed text) replaces that
article's mentions, and deals left without any mention are deleted. A deal reported by
several articles is one row with several mentions (rule: ``pipeline.store.dedup``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.orm import Session

from pipeline.errors import StoreError
from pipeline.schema import DEAL_TYPES, PER_YEAR, PERIODS, ROLES, Article, Deal
from pipeline.store import migrate
from pipeline.store.dedup import Report, date_span, same_deal
from pipeline.store.engine import make_engine, with_retries
from pipeline.store.fx import to_usd
from pipeline.store.models import (
    ArticleRow,
    ArticleSource,
    DealParty,
    DealRow,
    ErrorRow,
    Mention,
    OrgAlias,
    Organisation,
    Page,
    Run,
)
from pipeline.store.names import display_name, normalise_name

DEFAULT_URL = "sqlite:///data/processed/deals.sqlite"

#: Tables ``counts()`` reports, in dependency order.
TABLES: tuple[str, ...] = (
    "runs",
    "articles",
    "article_sources",
    "organisations",
    "org_aliases",
    "deals",
    "deal_parties",
    "deal_mentions",
    "errors",
    "pages",
    "fx_rates",
)
#: Columns of the ``deal_summary`` view, in order.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "deal_id",
    "type",
    "parties",
    "buyer_side",
    "seller_side",
    "partners",
    "amount_value",
    "currency",
    "period",
    "approximate",
    "annualised_value",
    "amount_usd",
    "annualised_usd",
    "usd_per_year",
    "fx_year",
    "duration_months",
    "gpu_count",
    "gpu_vendor",
    "gpu_model",
    "gpu_approximate",
    "deal_date",
    "confidence",
    "n_sources",
    "first_evidence",
    "first_source",
    "first_article_date",
    "last_article_date",
    "event_date",
    "month",
)
_BOOL_COLUMNS = frozenset({"approximate", "gpu_approximate"})
_INT_COLUMNS = frozenset({"deal_id", "fx_year", "duration_months", "gpu_count", "n_sources"})
_FLOAT_COLUMNS = frozenset(
    {
        "amount_value",
        "annualised_value",
        "amount_usd",
        "annualised_usd",
        "usd_per_year",
        "confidence",
    }
)
_MAX_NAME = 300
_MAX_URL_KEY = 1000
_MAX_ERROR = 20_000
_INT32 = 2**31 - 1
_INT64 = 2**63 - 1
_CURRENCY = re.compile(r"^[A-Z]{3}$")

ExportFormat = Literal["csv", "jsonl", "parquet"]


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What ``Store.save`` did with one article."""

    article_id: int
    status: Literal["inserted", "replaced", "unchanged"]
    #: The deal row of each of the article's deals, in order.
    deal_ids: tuple[int, ...] = ()
    new_deals: int = 0
    #: Deals of this article that were attached to a deal already reported elsewhere.
    merged: int = 0
    #: Deals deleted because re-extraction left them without any mention.
    removed_deals: int = 0
    attempts: int = 1


@dataclass(slots=True)
class _Clean:
    """A validated deal, ready to write."""

    deal: Deal
    parties: list[tuple[str, str, list[str]]]  # (name, role, aliases)
    currency: str | None
    record: dict[str, Any] = field(default_factory=dict)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _sha256(s: str) -> str:
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def _check_text(what: str, value: str | None) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise StoreError(f"{what} must be text, not {type(value).__name__}")
    if "\x00" in value:
        raise StoreError(f"{what} contains NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise StoreError(f"{what} is not valid Unicode: {exc.reason}") from exc


def _finite(what: str, value: object, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StoreError(f"{what} must be a number, not {value!r}")
    v = float(value)
    if not math.isfinite(v) or not lo <= v <= hi:
        raise StoreError(f"{what} {value!r} is not a finite number in [{lo:g}, {hi:g}]")
    return v


def _int(what: str, value: object, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= hi:
        raise StoreError(f"{what} must be an integer in [0, {hi}], not {value!r}")
    return value


def article_key(article: Article) -> str:
    """The article's identity: its canonical (or plain) URL if any, else its content hash."""
    url = (article.canonical_url or article.url or "").strip()
    if url:
        return f"url:{url}" if len(url) <= _MAX_URL_KEY else f"url-sha256:{_sha256(url)}"
    return f"sha256:{article.content_hash}"


def _check_article(article: Article, extractor_version: str) -> None:
    if not isinstance(article.id, str) or not article.id.strip():
        raise StoreError("article id must be a non-empty string")
    for what, value in (
        ("article id", article.id),
        ("article text", article.text),
        ("article title", article.title),
        ("article url", article.url),
        ("article canonical_url", article.canonical_url),
        ("article site", article.site),
        ("article author", article.author),
        ("article source_path", article.source_path),
    ):
        _check_text(what, value)
    if not isinstance(article.text, str):
        raise StoreError("article text must be a string")
    if article.site is not None and len(article.site) > 255:
        raise StoreError("article site is longer than 255 characters")
    if article.language is not None and len(article.language) > 16:
        raise StoreError(f"article language {article.language[:20]!r} is not a language code")
    if not extractor_version or len(extractor_version) > 128:
        raise StoreError("extractor_version must be 1 to 128 characters")


def _check_deal(i: int, deal: Deal, text_len: int) -> _Clean:
    """Validate one deal (raises ``StoreError`` naming the deal and field)."""
    where = f"deal {i}"
    if deal.type not in DEAL_TYPES:
        raise StoreError(f"{where}: unknown type {deal.type!r}")
    parties: list[tuple[str, str, list[str]]] = []
    for p in deal.parties:
        _check_text(f"{where}: party name", p.name)
        if p.role not in ROLES:
            raise StoreError(f"{where}: party {p.name!r} has unknown role {p.role!r}")
        norm = normalise_name(p.name)
        if not norm or len(norm) > _MAX_NAME:
            raise StoreError(f"{where}: party name {p.name[:80]!r} is not an organisation name")
        aliases = []
        for a in p.aliases:
            _check_text(f"{where}: alias", a)
            if 0 < len(normalise_name(a)) <= _MAX_NAME:
                aliases.append(a)
        parties.append((display_name(p.name), p.role, aliases))
    currency = None
    if deal.amount is not None:
        _finite(f"{where}: amount value", deal.amount.value, 0.0, math.inf)
        currency = str(deal.amount.currency or "").strip().upper()
        if not _CURRENCY.match(currency):
            raise StoreError(f"{where}: currency {deal.amount.currency!r} is not ISO 4217")
        if deal.amount.period is not None and deal.amount.period not in PERIODS:
            raise StoreError(f"{where}: unknown period {deal.amount.period!r}")
    if deal.duration_months is not None:
        _int(f"{where}: duration_months", deal.duration_months, _INT32)
    if deal.gpus is not None:
        if deal.gpus.count is not None:
            _int(f"{where}: gpu count", deal.gpus.count, _INT64)
        for what, value, limit in (
            ("gpu vendor", deal.gpus.vendor, 64),
            ("gpu model", deal.gpus.model, 128),
        ):
            _check_text(f"{where}: {what}", value)
            if value is not None and len(value) > limit:
                raise StoreError(f"{where}: {what} is longer than {limit} characters")
    if deal.date is not None:
        try:
            date_span(deal.date)
        except ValueError as exc:
            raise StoreError(f"{where}: {exc}") from exc
    _finite(f"{where}: confidence", deal.confidence, 0.0, 1.0)
    _check_text(f"{where}: evidence", deal.evidence)
    if deal.evidence_span is not None:
        start, end = deal.evidence_span
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= text_len):
            raise StoreError(
                f"{where}: evidence_span {deal.evidence_span!r} is outside the text (0..{text_len})"
            )
    record = deal.to_dict()
    if deal.amount is not None:
        record["amount"]["currency"] = currency
    if deal.evidence_span is not None:
        record["evidence_span"] = list(deal.evidence_span)
    return _Clean(deal=deal, parties=parties, currency=currency, record=record)


def _json_safe(meta: dict[str, Any]) -> dict[str, Any]:
    try:
        return json.loads(json.dumps(meta, default=str, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise StoreError(f"article meta cannot be stored as JSON: {exc}") from exc


def _year(value: object) -> int | None:
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None


def _cell(column: str, value: Any) -> Any:
    """A ``deal_summary`` value as plain JSON-able Python (same on SQLite and PostgreSQL)."""
    if value is None:
        return None
    if column in _BOOL_COLUMNS:
        return bool(value)
    if column in _INT_COLUMNS:
        return int(value)
    if column in _FLOAT_COLUMNS:
        return float(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


class Store:
    """The deal database (SQLite file or PostgreSQL), migrated to the latest schema on open."""

    def __init__(self, url: str = DEFAULT_URL) -> None:
        self.url = url
        self._write, self._read = make_engine(url)
        self.dialect = self._write.dialect.name
        try:
            self.upgrade()
        except BaseException:
            self._write.dispose()
            raise

    # -- lifecycle -----------------------------------------------------------------------

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every pooled connection."""
        self._write.dispose()

    @property
    def engine(self) -> Engine:
        """The engine for reading (plain transactions)."""
        return self._read

    def upgrade(self, revision: str = "head") -> None:
        """Migrate the database to ``revision`` (default: the newest shipped)."""
        with_retries(lambda: migrate.upgrade(self._write, revision), what="schema upgrade")

    def revision(self) -> str | None:
        """The schema revision the database is at."""
        return migrate.current_revision(self._read)

    # -- runs and errors -----------------------------------------------------------------

    def start_run(
        self, *, extractor_version: str, models: dict[str, str], args: dict | None = None
    ) -> int:
        """Record the start of an extraction run; returns its id."""

        def tx() -> int:
            with Session(self._write) as s, s.begin():
                run = Run(
                    started_at=_now(),
                    extractor_version=extractor_version,
                    models=_json_safe(dict(models)),
                    args=_json_safe(dict(args)) if args is not None else None,
                )
                s.add(run)
                s.flush()
                return run.id

        return with_retries(tx, what="start_run")

    def finish_run(self, run_id: int, *, ok: int, failed: int, deals: int) -> None:
        """Record the end of run ``run_id`` with its counts."""

        def tx() -> None:
            with Session(self._write) as s, s.begin():
                run = s.get(Run, run_id)
                if run is None:
                    raise StoreError(f"no run with id {run_id}")
                run.finished_at = _now()
                run.ok, run.failed, run.deals = ok, failed, deals

        with_retries(tx, what="finish_run")

    def record_error(self, *, run_id: int | None, source: str, error: str, kind: str) -> int:
        """Record a failed input (its own transaction); returns the error's id."""

        def tx() -> int:
            with Session(self._write) as s, s.begin():
                row = ErrorRow(
                    run_id=run_id,
                    source=_printable(source),
                    kind=kind[:64],
                    error=_printable(error)[:_MAX_ERROR],
                    created_at=_now(),
                )
                s.add(row)
                s.flush()
                return row.id

        return with_retries(tx, what="record_error")

    def errors(self, run_id: int | None = None) -> list[dict[str, Any]]:
        """Recorded errors (of one run, or all), oldest first."""
        stmt = select(ErrorRow).order_by(ErrorRow.id)
        if run_id is not None:
            stmt = stmt.where(ErrorRow.run_id == run_id)
        with Session(self._read) as s:
            return [
                {
                    "id": e.id,
                    "run_id": e.run_id,
                    "source": e.source,
                    "kind": e.kind,
                    "error": e.error,
                    "created_at": e.created_at.isoformat(),
                }
                for e in s.scalars(stmt)
            ]

    def done_sources(self, extractor_version: str) -> set[str]:
        """Inputs whose article is stored with facts from ``extractor_version``."""
        stmt = (
            select(ArticleSource.source)
            .join(ArticleRow, ArticleRow.id == ArticleSource.article_id)
            .where(ArticleRow.extractor_version == extractor_version)
        )
        with Session(self._read) as s:
            return set(s.scalars(stmt))

    def is_done(self, source: str, extractor_version: str) -> bool:
        """Whether ``source`` is stored with facts from ``extractor_version``."""
        stmt = (
            select(func.count())
            .select_from(ArticleSource)
            .join(ArticleRow, ArticleRow.id == ArticleSource.article_id)
            .where(
                ArticleSource.source_hash == _sha256(source),
                ArticleRow.extractor_version == extractor_version,
            )
        )
        with Session(self._read) as s:
            return bool(s.scalar(stmt))

    # -- pages ---------------------------------------------------------------------------

    def record_page(
        self,
        url: str,
        *,
        final_url: str | None = None,
        status: int | None = None,
        fetched_at: dt.datetime | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        content_hash: str | None = None,
        raw_path: str | None = None,
    ) -> int:
        """Insert or update the crawl record of ``url``; returns the page id."""
        for what, value in (("url", url), ("final_url", final_url), ("etag", etag)):
            _check_text(f"page {what}", value)
        if not url:
            raise StoreError("page url must not be empty")

        def tx() -> int:
            with Session(self._write) as s, s.begin():
                page = s.scalar(select(Page).where(Page.url_hash == _sha256(url)))
                if page is None:
                    page = Page(url_hash=_sha256(url), url=url)
                    s.add(page)
                page.final_url = final_url
                page.status = status
                page.fetched_at = fetched_at or _now()
                page.etag = etag
                page.last_modified = last_modified
                page.content_hash = content_hash
                page.raw_path = raw_path
                s.flush()
                return page.id

        return with_retries(tx, what="record_page")

    def get_page(self, url: str) -> dict[str, Any] | None:
        """The crawl record of ``url``, or ``None`` if it was never fetched."""
        with Session(self._read) as s:
            page = s.scalar(select(Page).where(Page.url_hash == _sha256(url)))
            if page is None:
                return None
            return {
                "id": page.id,
                "url": page.url,
                "final_url": page.final_url,
                "status": page.status,
                "fetched_at": page.fetched_at,
                "etag": page.etag,
                "last_modified": page.last_modified,
                "content_hash": page.content_hash,
                "raw_path": page.raw_path,
            }

    # -- saving --------------------------------------------------------------------------

    def save(
        self, article: Article, deals: Sequence[Deal], *, run_id: int | None, extractor_version: str
    ) -> SaveResult:
        """Write ``article`` and its ``deals`` in one transaction (retried on write conflicts).

        Raises ``StoreError`` for invalid input (nothing is written) or a database failure.
        """
        _check_article(article, extractor_version)
        clean = [_check_deal(i, d, len(article.text)) for i, d in enumerate(deals)]
        meta = _json_safe(article.meta) if article.meta else None
        attempts = 0

        def tx() -> SaveResult:
            nonlocal attempts
            attempts += 1
            with Session(self._write, autoflush=False) as s, s.begin():
                return self._save(s, article, clean, meta, run_id, extractor_version)

        result = with_retries(tx, what=f"saving article {article.id!r}")
        return SaveResult(
            article_id=result.article_id,
            status=result.status,
            deal_ids=result.deal_ids,
            new_deals=result.new_deals,
            merged=result.merged,
            removed_deals=result.removed_deals,
            attempts=attempts,
        )

    def _save(
        self,
        s: Session,
        article: Article,
        clean: list[_Clean],
        meta: dict[str, Any] | None,
        run_id: int | None,
        version: str,
    ) -> SaveResult:
        key = article_key(article)
        content_hash = article.content_hash
        source = article.source_path or article.canonical_url or article.url
        row = s.scalar(select(ArticleRow).where(ArticleRow.key == key))
        if row is None and source:
            # The same input read again with a new text: that article, updated.
            row = s.scalar(
                select(ArticleRow)
                .join(ArticleSource, ArticleSource.article_id == ArticleRow.id)
                .where(
                    ArticleSource.source_hash == _sha256(source), ArticleRow.ext_id == article.id
                )
            )
        if (
            row is not None
            and row.content_hash == content_hash
            and row.extractor_version == version
        ):
            self._add_source(s, row.id, source)
            ids = s.scalars(
                select(Mention.deal_id)
                .where(Mention.article_id == row.id)
                .order_by(Mention.position)
            )
            return SaveResult(article_id=row.id, status="unchanged", deal_ids=tuple(ids))

        touched: set[int] = set()
        published = article.published
        if isinstance(published, dt.datetime):
            published = published.date()
        fields: dict[str, Any] = {
            "key": key,
            "ext_id": article.id,
            "url": article.url,
            "canonical_url": article.canonical_url,
            "title": article.title,
            "site": article.site,
            "author": article.author,
            "published": published,
            "language": article.language,
            "fetched_at": article.fetched_at,
            "content_hash": content_hash,
            "text": article.text,
            "meta": meta,
            "extractor_version": version,
            "run_id": run_id,
            "extracted_at": _now(),
        }
        if row is None:
            status: Literal["inserted", "replaced"] = "inserted"
            row = ArticleRow(source=source, **fields)
            s.add(row)
        else:
            status = "replaced"
            old = s.scalars(select(Mention).where(Mention.article_id == row.id)).all()
            touched.update(m.deal_id for m in old)
            s.execute(delete(Mention).where(Mention.article_id == row.id))
            for name, value in fields.items():
                setattr(row, name, value)
        s.flush()
        self._add_source(s, row.id, source)

        orgs: dict[str, Organisation] = {}
        deal_ids: list[int] = []
        new_deals = merged = 0
        for position, c in enumerate(clean):
            pairs = sorted(
                {(self._org(s, orgs, name, aliases).id, role) for name, role, aliases in c.parties}
            )
            party_key = ";".join(f"{role}={org_id}" for org_id, role in pairs)[:1000]
            event_date = c.deal.date or (published.isoformat() if published else None)
            report = _report(c, pairs, event_date)
            deal_row = self._find_deal(s, report, party_key)
            if deal_row is None:
                now = _now()
                deal_row = DealRow(
                    type=c.deal.type,
                    party_key=party_key,
                    confidence=c.deal.confidence,
                    created_at=now,
                    updated_at=now,
                )
                deal_row.parties = [DealParty(org_id=o, role=r) for o, r in pairs]
                s.add(deal_row)
                s.flush()
                new_deals += 1
            elif deal_row.id not in touched:
                merged += 1
            span = c.deal.evidence_span
            s.add(
                Mention(
                    deal_id=deal_row.id,
                    article_id=row.id,
                    position=position,
                    evidence=c.deal.evidence,
                    span_start=span[0] if span else None,
                    span_end=span[1] if span else None,
                    extractor_version=version,
                    run_id=run_id,
                    confidence=c.deal.confidence,
                    event_date=event_date,
                    record=c.record,
                )
            )
            s.flush()
            touched.add(deal_row.id)
            deal_ids.append(deal_row.id)

        removed = sum(1 for deal_id in sorted(touched) if not self._refresh_deal(s, deal_id))
        return SaveResult(
            article_id=row.id,
            status=status,
            deal_ids=tuple(deal_ids),
            new_deals=new_deals,
            merged=merged,
            removed_deals=removed,
        )

    @staticmethod
    def _add_source(s: Session, article_id: int, source: str | None) -> None:
        if not source:
            return
        h = _sha256(source)
        existing = s.scalar(select(ArticleSource).where(ArticleSource.source_hash == h))
        if existing is None:
            s.add(ArticleSource(source_hash=h, source=source, article_id=article_id))
        elif existing.article_id != article_id:
            existing.article_id = article_id
        s.flush()

    @staticmethod
    def _org(
        s: Session, cache: dict[str, Organisation], name: str, aliases: list[str]
    ) -> Organisation:
        """The organisation called ``name`` (or one of ``aliases``), created if new."""
        norms = [normalise_name(name)] + [normalise_name(a) for a in aliases]
        if norms[0] in cache:
            return cache[norms[0]]
        org = None
        for n in norms:
            org = s.scalar(select(Organisation).where(Organisation.norm_name == n)) or s.scalar(
                select(Organisation)
                .join(OrgAlias, OrgAlias.org_id == Organisation.id)
                .where(OrgAlias.norm_alias == n)
            )
            if org is not None:
                break
        if org is None:
            org = Organisation(name=name, norm_name=norms[0])
            s.add(org)
            s.flush()
        for raw, n in zip([name, *aliases], norms, strict=True):
            if n == org.norm_name:
                if _display_rank(raw) < _display_rank(org.name):
                    org.name = raw
                continue
            taken = s.scalar(
                select(func.count()).select_from(Organisation).where(Organisation.norm_name == n)
            ) or s.scalar(
                select(func.count()).select_from(OrgAlias).where(OrgAlias.norm_alias == n)
            )
            if not taken:
                s.add(OrgAlias(org_id=org.id, alias=raw, norm_alias=n))
                s.flush()
        cache[norms[0]] = org
        return org

    @staticmethod
    def _find_deal(s: Session, report: Report, party_key: str) -> DealRow | None:
        """The oldest stored deal that ``report`` is the same deal as (``dedup`` rule)."""
        if not report.parties:
            return None
        candidates = s.scalars(
            select(DealRow)
            .where(DealRow.type == report.type, DealRow.party_key == party_key)
            .order_by(DealRow.id)
        ).all()
        for cand in candidates:
            dates = tuple(
                d
                for d in s.scalars(
                    select(Mention.event_date).where(
                        Mention.deal_id == cand.id, Mention.event_date.is_not(None)
                    )
                )
                if d
            )
            amount = (
                (cand.amount_value, cand.currency, cand.period)
                if cand.amount_value is not None and cand.currency
                else None
            )
            stored = Report(
                type=cand.type,
                parties=report.parties,
                amount=amount,
                gpu_count=cand.gpu_count,
                dates=dates,
            )
            if same_deal(report, stored):
                return cand
        return None

    @staticmethod
    def _refresh_deal(s: Session, deal_id: int) -> bool:
        """Recompute a deal's facts from its mentions; delete it if none is left.

        Facts come from the earliest report that states them (by article date, then order
        of saving); confidence is the highest. Returns whether the deal still exists.
        """
        deal = s.get(DealRow, deal_id)
        if deal is None:
            return False
        rows = s.execute(
            select(Mention, ArticleRow.published)
            .join(ArticleRow, ArticleRow.id == Mention.article_id)
            .where(Mention.deal_id == deal_id)
            .order_by(ArticleRow.published.is_(None), ArticleRow.published, Mention.id)
        ).all()
        if not rows:
            s.delete(deal)
            s.flush()
            return False
        records = [m.record for m, _ in rows]

        def first(getter: Any) -> Any:
            for r in records:
                v = getter(r)
                if v is not None:
                    return v
            return None

        amount = first(lambda r: r.get("amount"))
        gpus_list = [r.get("gpus") or {} for r in records]
        deal.amount_value = float(amount["value"]) if amount else None
        deal.currency = amount["currency"] if amount else None
        deal.period = amount.get("period") if amount else None
        deal.approximate = bool(amount.get("approximate")) if amount else None
        deal.annualised_value = (
            deal.amount_value * PER_YEAR[deal.period]
            if amount is not None and deal.period
            else None
        )
        deal.duration_months = first(lambda r: r.get("duration_months"))
        deal.gpu_count = next((g["count"] for g in gpus_list if g.get("count") is not None), None)
        deal.gpu_vendor = next((g["vendor"] for g in gpus_list if g.get("vendor")), None)
        deal.gpu_model = next((g["model"] for g in gpus_list if g.get("model")), None)
        deal.gpu_approximate = (
            any(bool(g.get("approximate")) for g in gpus_list if g) if any(gpus_list) else None
        )
        deal.date = first(lambda r: r.get("date"))
        deal.confidence = max(float(m.confidence) for m, _ in rows)
        first_published = next((p for _, p in rows if p is not None), None)
        usd = (
            to_usd(deal.amount_value, deal.currency, _year(deal.date) or _year(first_published))
            if deal.amount_value is not None and deal.currency
            else None
        )
        deal.amount_usd = usd[0] if usd else None
        deal.fx_year = usd[1] if usd else None
        deal.annualised_usd = (
            usd[0] * PER_YEAR[deal.period] if usd is not None and deal.period else None
        )
        deal.updated_at = _now()
        s.flush()
        return True

    # -- reading -------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        with self._read.connect() as conn:
            return {t: int(conn.scalar(text(f"SELECT COUNT(*) FROM {t}"))) for t in TABLES}

    def query(
        self,
        *,
        org: str | None = None,
        type: str | None = None,
        min_usd: float | None = None,
        max_usd: float | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        limit: int | None = None,
        per_year: bool = False,
    ) -> list[dict[str, Any]]:
        """Deals from ``deal_summary``, newest first.

        ``org`` matches a party by normalised name or alias; ``type`` the deal type;
        ``min_usd``/``max_usd`` the USD value (``usd_per_year`` with ``per_year=True``, else
        ``amount_usd``); ``since``/``until`` (inclusive) the deal date, else the first
        article date.
        """
        where: list[str] = []
        params: dict[str, Any] = {}
        if org is not None:
            norm = normalise_name(org)
            if not norm:
                raise StoreError(f"not an organisation name: {org!r}")
            where.append(
                "deal_id IN (SELECT dp.deal_id FROM deal_parties dp "
                "JOIN organisations o ON o.id = dp.org_id WHERE o.norm_name = :org "
                "OR o.id IN (SELECT org_id FROM org_aliases WHERE norm_alias = :org))"
            )
            params["org"] = norm
        if type is not None:
            if type not in DEAL_TYPES:
                raise StoreError(f"unknown deal type {type!r}; one of {', '.join(DEAL_TYPES)}")
            where.append("type = :type")
            params["type"] = type
        usd_col = "usd_per_year" if per_year else "amount_usd"
        if min_usd is not None:
            where.append(f"{usd_col} >= :min_usd")
            params["min_usd"] = _finite("min_usd", min_usd, -math.inf, math.inf)
        if max_usd is not None:
            where.append(f"{usd_col} <= :max_usd")
            params["max_usd"] = _finite("max_usd", max_usd, -math.inf, math.inf)
        for name, value in (("since", since), ("until", until)):
            if value is None:
                continue
            day = value.isoformat() if isinstance(value, dt.date) else str(value)
            try:
                date_span(day)
            except ValueError as exc:
                raise StoreError(f"{name}: {exc}") from exc
            where.append(f"event_date {'>=' if name == 'since' else '<='} :{name}")
            params[name] = day if name == "since" or len(day) == 10 else day + "-31"
        sql = "SELECT * FROM deal_summary"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY event_date IS NULL, event_date DESC, deal_id"
        if limit is not None:
            params["limit"] = _int("limit", limit, _INT32)
            sql += " LIMIT :limit"
        with self._read.connect() as conn:
            result = conn.execute(text(sql), params)
            return [{k: _cell(k, v) for k, v in row.items()} for row in result.mappings()]

    def search(self, words: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """Articles whose title or text contains every word of ``words`` (full-text index)."""
        tokens = re.findall(r"\w+", words)
        if not tokens:
            raise StoreError(f"nothing to search for in {words!r}")
        params: dict[str, Any] = {"limit": _int("limit", limit, _INT32)}
        if self.dialect == "sqlite":
            params["q"] = " ".join('"' + t.replace('"', "") + '"' for t in tokens)
            sql = (
                "SELECT a.id, a.ext_id, a.title, a.url FROM articles_fts f "
                "JOIN articles a ON a.id = f.rowid WHERE articles_fts MATCH :q "
                "ORDER BY f.rank, a.id LIMIT :limit"
            )
        else:
            params["q"] = " ".join(tokens)
            sql = (
                "SELECT a.id, a.ext_id, a.title, a.url FROM articles a "
                "WHERE a.search @@ plainto_tsquery('english', :q) "
                "ORDER BY ts_rank(a.search, plainto_tsquery('english', :q)) DESC, a.id "
                "LIMIT :limit"
            )
        with self._read.connect() as conn:
            return [dict(r) for r in conn.execute(text(sql), params).mappings()]

    def records(self) -> Iterator[dict[str, Any]]:
        """One SCHEMA.md record per article (``{"id", "deals"}``), deals as extracted.

        Each deal carries the extra key ``deal_id`` (its merged deal row).
        """
        with Session(self._read) as s:
            articles = s.execute(
                select(ArticleRow.id, ArticleRow.ext_id).order_by(ArticleRow.id)
            ).all()
            mentions: dict[int, list[dict[str, Any]]] = {}
            for m in s.scalars(select(Mention).order_by(Mention.article_id, Mention.position)):
                mentions.setdefault(m.article_id, []).append({**m.record, "deal_id": m.deal_id})
        for article_id, ext_id in articles:
            yield {"id": ext_id, "deals": mentions.get(article_id, [])}

    def export(self, path: str | Path, fmt: ExportFormat) -> int:
        """Write the deals to ``path``; returns the number of rows (JSONL: articles).

        ``csv`` and ``parquet`` hold ``deal_summary`` (one row per deal); ``jsonl`` holds one
        SCHEMA.md record per article.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "jsonl":
            n = 0
            with path.open("w", encoding="utf-8") as f:
                for rec in self.records():
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                    n += 1
            return n
        rows = self.query()
        rows.sort(key=lambda r: r["deal_id"])
        if fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=list(SUMMARY_COLUMNS))
                writer.writeheader()
                writer.writerows(rows)
            return len(rows)
        if fmt == "parquet":
            return _write_parquet(path, rows)
        raise StoreError(f"unknown export format {fmt!r}: csv, jsonl or parquet")


def _display_rank(name: str) -> tuple[bool, int]:
    """Which spelling of a name to display: not all lower case, then shortest.

    "Microsoft" beats "Microsoft Corp." and "microsoft".
    """
    return (name == name.lower(), len(name))


def _printable(s: str) -> str:
    """``s`` with NUL characters and lone surrogates made storable."""
    return s.replace("\x00", "\\x00").encode("utf-8", "backslashreplace").decode("utf-8")


def _report(c: _Clean, pairs: list[tuple[int, str]], event_date: str | None) -> Report:
    amount = (
        (float(c.deal.amount.value), c.currency or "", c.deal.amount.period)
        if c.deal.amount is not None
        else None
    )
    return Report(
        type=c.deal.type,
        parties=frozenset((str(o), r) for o, r in pairs),
        amount=amount,
        gpu_count=c.deal.gpus.count if c.deal.gpus else None,
        dates=(event_date,) if event_date else (),
    )


def _write_parquet(path: Path, rows: list[dict[str, Any]]) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise StoreError("Parquet export needs pyarrow: pip install 'dealfacts[export]'") from exc
    types = {c: pa.string() for c in SUMMARY_COLUMNS}
    types.update({c: pa.int64() for c in _INT_COLUMNS})
    types.update({c: pa.float64() for c in _FLOAT_COLUMNS})
    types.update({c: pa.bool_() for c in _BOOL_COLUMNS})
    schema = pa.schema([(c, types[c]) for c in SUMMARY_COLUMNS])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return len(rows)


__all__ = ["DEFAULT_URL", "SaveResult", "Store", "article_key"]
