"""Plain types of the crawler: its settings, what a fetch returns, and the run summary."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.errors import FetchError
from pipeline.schema import Article

__all__ = [
    "DEFAULT_USER_AGENT",
    "CrawlConfig",
    "CrawlEvent",
    "CrawlSources",
    "CrawlSummary",
    "FetchFailed",
    "FetchSkipped",
    "FetchedPage",
    "Outcome",
    "ProgressCallback",
]

DEFAULT_USER_AGENT = "dealfacts/0.1 (+https://github.com/dealfacts/dealfacts)"

PAGE_CONTENT_TYPES: frozenset[str] = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
SOURCE_CONTENT_TYPES: frozenset[str] = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/x-gzip",
        "application/gzip",
        "application/octet-stream",
        "text/plain",
        "text/html",
    }
)


@dataclass(slots=True)
class CrawlConfig:
    """How politely and defensively to crawl. Times are seconds, sizes bytes."""

    user_agent: str = DEFAULT_USER_AGENT
    #: Minimum gap between two requests to one host (raised by a robots.txt Crawl-delay).
    per_host_delay: float = 1.0
    per_host_concurrency: int = 2
    concurrency: int = 16
    #: Retries after the first try, on 429, 5xx and connection errors.
    retries: int = 3
    backoff_base: float = 1.0
    #: Longest wait between tries; a longer Retry-After makes the fetch fail instead.
    max_retry_delay: float = 60.0
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    #: Deadline for one request from connect to last byte (defeats slow-drip responses).
    total_timeout: float = 60.0
    #: Largest body kept, counted after decompression (defeats decompression bombs).
    max_body_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    allowed_content_types: frozenset[str] = PAGE_CONTENT_TYPES
    source_content_types: frozenset[str] = SOURCE_CONTENT_TYPES
    respect_robots: bool = True
    robots_max_bytes: int = 512 * 1024
    max_crawl_delay: float = 30.0
    #: Send If-None-Match / If-Modified-Since for pages already in the raw store.
    conditional: bool = True
    max_sitemap_depth: int = 3
    max_urls: int = 100_000
    #: Read proxy settings from the environment (HTTP(S)_PROXY).
    trust_env: bool = False

    def __post_init__(self) -> None:
        for name in ("per_host_concurrency", "concurrency", "max_body_bytes"):
            if getattr(self, name) < 1:
                raise ValueError(f"CrawlConfig.{name} must be at least 1")
        for name in ("per_host_delay", "retries", "max_redirects", "backoff_base"):
            if getattr(self, name) < 0:
                raise ValueError(f"CrawlConfig.{name} must not be negative")


class FetchFailed(FetchError):
    """A page could not be fetched: ``reason`` says why (``timeout``, ``too large``, ...)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class FetchSkipped(FetchError):
    """A page was not fetched on purpose (robots.txt, content type, scheme)."""

    def __init__(self, url: str, reason: str, *, kind: str = "other") -> None:
        super().__init__(f"{url}: skipped, {reason}")
        self.url = url
        self.reason = reason
        self.kind = kind


@dataclass(slots=True)
class FetchedPage:
    """One HTTP response body, complete and within the limits."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: dt.datetime
    content_type: str = ""
    charset: str | None = None
    redirects: list[str] = field(default_factory=list)
    attempts: int = 1
    retry_delays: list[float] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def text(self) -> str:
        """The body decoded (header charset, meta charset, BOM or detection)."""
        from pipeline.clean import decode_bytes

        return decode_bytes(self.body, declared=self.charset)[0]

    def to_article(self) -> Article:
        """The cleaned :class:`~pipeline.schema.Article` of this page.

        Raises :class:`~pipeline.errors.InputError` when the page has no article text.
        """
        from pipeline.clean import load_article

        content_type = self.headers.get("content-type") or self.content_type or None
        article = load_article(self.body, url=self.final_url, content_type=content_type)
        article.fetched_at = self.fetched_at
        return article


@dataclass(slots=True)
class CrawlSources:
    """Where the URLs of a crawl come from."""

    urls: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    url_files: list[Path] = field(default_factory=list)
    warcs: list[Path] = field(default_factory=list)


Outcome = Literal[
    "fetched",
    "not_modified",
    "skipped_robots",
    "skipped_duplicate",
    "skipped_content_type",
    "skipped",
    "failed",
]


@dataclass(slots=True, frozen=True)
class CrawlEvent:
    """Reported to the progress callback after each URL (or WARC record) is done."""

    url: str
    outcome: Outcome
    reason: str | None
    path: Path | None
    done: int
    total: int


ProgressCallback = Callable[[CrawlEvent], None]


@dataclass(slots=True)
class CrawlSummary:
    """What a crawl did. ``pages`` are the raw pages written (new or changed)."""

    fetched: int = 0
    from_warc: int = 0
    not_modified: int = 0
    skipped_robots: int = 0
    skipped_duplicate: int = 0
    skipped_content_type: int = 0
    skipped_other: int = 0
    discovered: int = 0
    retries: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    unchanged_pages: list[Path] = field(default_factory=list)
    retry_delays: list[float] = field(default_factory=list)
    source_errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.failed and not self.source_errors

    def format(self) -> str:
        """A short human-readable report."""
        lines = [
            f"URLs discovered:        {self.discovered}",
            f"fetched:                {self.fetched}",
            f"from WARC:              {self.from_warc}",
            f"not modified:           {self.not_modified}",
            f"skipped by robots.txt:  {self.skipped_robots}",
            f"skipped as duplicate:   {self.skipped_duplicate}",
            f"skipped (content type): {self.skipped_content_type}",
            f"skipped (other):        {self.skipped_other}",
            f"retries:                {self.retries}",
            f"failed:                 {len(self.failed)}",
        ]
        if self.failed:
            reasons = Counter(reason for _, reason in self.failed)
            lines.append(
                "failures by reason: " + ", ".join(f"{r} {n}" for r, n in reasons.most_common())
            )
            lines.extend(f"  {url}  {reason}" for url, reason in self.failed[:20])
            if len(self.failed) > 20:
                lines.append(f"  ... and {len(self.failed) - 20} more")
        if self.source_errors:
            lines.append(f"source errors:          {len(self.source_errors)}")
            lines.extend(f"  {src}  {reason}" for src, reason in self.source_errors[:20])
        return "\n".join(lines)
