"""Crawl orchestration: sources → URLs → polite fetches → raw store, with a summary."""

from __future__ import annotations

import asyncio
import html as html_lib
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urljoin

from pipeline.errors import InputError
from pipeline.fetch.http import Fetcher, SleepFunc
from pipeline.fetch.rawstore import RawPage, RawStore, content_hash, iter_raw_pages, normalize_url
from pipeline.fetch.sources import (
    DiscoveredURL,
    iter_warc_pages,
    parse_feed,
    parse_sitemap,
    read_url_file,
)
from pipeline.fetch.types import (
    CrawlConfig,
    CrawlEvent,
    CrawlSources,
    CrawlSummary,
    FetchedPage,
    FetchFailed,
    FetchSkipped,
    Outcome,
    ProgressCallback,
)

__all__ = ["crawl", "crawl_async", "fetch_url", "fetch_url_async"]

_LINK_TAG_RE = re.compile(rb"<link\b[^>]{0,2000}>", re.IGNORECASE)
_REL_CANONICAL_RE = re.compile(rb"""\brel\s*=\s*["']?[^"'>]*\bcanonical\b""", re.IGNORECASE)
_HREF_RE = re.compile(rb"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def find_canonical(body: bytes, base_url: str) -> str | None:
    """The ``<link rel="canonical">`` URL of an HTML body (first 256 KB), absolute."""
    for m in _LINK_TAG_RE.finditer(body[:262_144]):
        tag = m.group(0)
        if not _REL_CANONICAL_RE.search(tag):
            continue
        h = _HREF_RE.search(tag)
        if h:
            href = next(g for g in h.groups() if g is not None).decode("utf-8", "replace").strip()
            if href:
                url = urljoin(base_url, html_lib.unescape(href))
                if url.startswith(("http://", "https://")):
                    return url
    return None


class _Crawl:
    """State of one crawl run."""

    def __init__(
        self,
        raw_dir: Path,
        config: CrawlConfig,
        progress: ProgressCallback | None,
        fetcher: Fetcher,
    ) -> None:
        self.cfg = config
        self.store = RawStore(raw_dir)
        self.progress = progress
        self.fetcher = fetcher
        self.summary = CrawlSummary()
        self.done = 0
        self.total = 0
        #: Normalised URLs this run will fetch (a page whose canonical URL is one of them
        #: is a duplicate of it).
        self.planned: set[str] = set()
        #: content hash → normalised URL that owns it; canonical/normalised URL → owner.
        self.hashes: dict[str, str] = {}
        self.owners: dict[str, str] = {}
        for page in iter_raw_pages(raw_dir):
            owner = normalize_url(page.url)
            if page.content_hash:
                self.hashes.setdefault(page.content_hash, owner)
            self.owners.setdefault(owner, owner)
            if page.meta.get("canonical_url"):
                self.owners.setdefault(normalize_url(str(page.meta["canonical_url"])), owner)

    # -- bookkeeping ------------------------------------------------------------------

    def _report(
        self, url: str, outcome: Outcome, reason: str | None = None, path: Path | None = None
    ) -> None:
        s = self.summary
        if outcome == "failed":
            s.failed.append((url, reason or "failed"))
        elif outcome.startswith("skipped"):
            s.skipped.append((url, reason or outcome))
            if outcome == "skipped_robots":
                s.skipped_robots += 1
            elif outcome == "skipped_duplicate":
                s.skipped_duplicate += 1
            elif outcome == "skipped_content_type":
                s.skipped_content_type += 1
            else:
                s.skipped_other += 1
        self.done += 1
        if self.progress is not None:
            self.progress(CrawlEvent(url, outcome, reason, path, self.done, self.total))

    def _claim(self, url: str, body: bytes, canonical: str | None) -> str | None:
        """Register a page; returns why it is a duplicate, or ``None`` if it is new."""
        norm = normalize_url(url)
        digest = content_hash(body)
        owner = self.hashes.get(digest)
        if owner is not None and owner != norm:
            return f"same content as {owner}"
        canon = normalize_url(canonical) if canonical else None
        if canon and canon != norm:
            if self.owners.get(canon, norm) != norm:
                return f"canonical URL {canon} already fetched"
            if canon in self.planned:
                return f"canonical URL {canon} is crawled"
        elif self.owners.get(norm, norm) != norm:
            return f"page already fetched as {self.owners[norm]}"
        self.hashes[digest] = norm
        self.owners.setdefault(norm, norm)
        if canon:
            self.owners.setdefault(canon, norm)
        return None

    # -- sources ----------------------------------------------------------------------

    async def discover(self, sources: CrawlSources) -> list[DiscoveredURL]:
        found: list[DiscoveredURL] = [DiscoveredURL(u, "urls") for u in sources.urls]
        for path in sources.url_files:
            try:
                found.extend(DiscoveredURL(u, str(path)) for u in read_url_file(path))
            except InputError as exc:
                self.summary.source_errors.append((str(path), str(exc)))
        results = await asyncio.gather(
            *(self._feed(u) for u in sources.feeds),
            *(self._sitemap(u, 0) for u in sources.sitemaps),
        )
        for urls in results:
            found.extend(urls)
        unique: dict[str, DiscoveredURL] = {}
        for item in found:
            unique.setdefault(normalize_url(item.url), item)
        items = list(unique.values())
        self.summary.discovered = len(items)
        if len(items) > self.cfg.max_urls:
            for item in items[self.cfg.max_urls :]:
                self.summary.skipped.append((item.url, "over max_urls"))
            self.summary.skipped_other += len(items) - self.cfg.max_urls
            items = items[: self.cfg.max_urls]
        return items

    async def _source_body(self, url: str) -> bytes | None:
        try:
            page = await self.fetcher.get(url, source=True)
        except (FetchFailed, FetchSkipped) as exc:
            self.summary.source_errors.append((url, exc.reason))
            return None
        return page.body

    async def _feed(self, url: str) -> list[DiscoveredURL]:
        body = await self._source_body(url)
        if body is None:
            return []
        try:
            return parse_feed(body, url)
        except InputError as exc:
            self.summary.source_errors.append((url, str(exc)))
            return []

    async def _sitemap(self, url: str, depth: int) -> list[DiscoveredURL]:
        body = await self._source_body(url)
        if body is None:
            return []
        try:
            parsed = parse_sitemap(body, url)
        except InputError as exc:
            self.summary.source_errors.append((url, str(exc)))
            return []
        urls = list(parsed.urls)
        if parsed.sitemaps:
            if depth >= self.cfg.max_sitemap_depth:
                self.summary.source_errors.append((url, "sitemap index nested too deep"))
            else:
                children = await asyncio.gather(
                    *(self._sitemap(s, depth + 1) for s in parsed.sitemaps)
                )
                for child in children:
                    urls.extend(child)
        return urls

    # -- pages ------------------------------------------------------------------------

    def ingest_warc(self, path: Path) -> None:
        try:
            for rec in iter_warc_pages(
                path,
                content_types=self.cfg.allowed_content_types,
                max_bytes=self.cfg.max_body_bytes,
            ):
                self.total += 1
                if rec.too_large:
                    self._report(rec.url, "failed", "too large")
                    continue
                if rec.status != 200:
                    self._report(rec.url, "skipped", f"WARC record with http {rec.status}")
                    continue
                canonical = find_canonical(rec.body, rec.url)
                dup = self._claim(rec.url, rec.body, canonical)
                if dup:
                    self._report(rec.url, "skipped_duplicate", dup)
                    continue
                saved = self.store.save(
                    rec.url,
                    rec.body,
                    status=rec.status,
                    headers=rec.headers,
                    content_type=rec.content_type,
                    fetched_at=rec.fetched_at,
                    canonical_url=canonical,
                    source="warc",
                    extra={"warc_file": str(path), "warc_record_id": rec.record_id},
                )
                self.summary.from_warc += 1
                self.summary.pages.append(saved.body_path)
                self._report(rec.url, "fetched", None, saved.body_path)
        except InputError as exc:
            self.summary.source_errors.append((str(path), str(exc)))

    async def fetch_one(self, item: DiscoveredURL) -> None:
        url = item.url
        norm = normalize_url(url)
        owner = self.owners.get(norm)
        if owner is not None and owner != norm:
            self._report(url, "skipped_duplicate", f"canonical URL of {owner}")
            return
        prior = self.store.get(url) if self.cfg.conditional else None
        headers: dict[str, str] = {}
        if prior is not None:
            if prior.meta.get("etag"):
                headers["If-None-Match"] = str(prior.meta["etag"])
            if prior.meta.get("last_modified"):
                headers["If-Modified-Since"] = str(prior.meta["last_modified"])
        try:
            page = await self.fetcher.get(url, headers=headers or None)
        except FetchSkipped as exc:
            kind: Outcome = {
                "robots": "skipped_robots",
                "content_type": "skipped_content_type",
            }.get(exc.kind, "skipped")  # type: ignore[assignment]
            self._report(url, kind, exc.reason)
            return
        except FetchFailed as exc:
            self._report(url, "failed", exc.reason)
            return
        self.summary.retries += page.attempts - 1
        self.summary.retry_delays.extend(page.retry_delays)
        if page.status == 304 or (
            prior is not None and prior.content_hash == content_hash(page.body)
        ):
            self._unchanged(url, page, prior)
            return
        canonical = (
            find_canonical(page.body, page.final_url) if "html" in page.content_type else None
        )
        dup = self._claim(url, page.body, canonical)
        if dup:
            self._report(url, "skipped_duplicate", dup)
            return
        saved = self.store.save(
            url,
            page.body,
            final_url=page.final_url,
            status=page.status,
            headers=page.headers,
            content_type=page.headers.get("content-type", page.content_type or "text/html"),
            fetched_at=page.fetched_at,
            canonical_url=canonical,
            extra={
                k: v
                for k, v in {"published": item.published, "discovered_from": item.source}.items()
                if v
            },
        )
        self.summary.fetched += 1
        self.summary.pages.append(saved.body_path)
        self._report(url, "fetched", None, saved.body_path)

    def _unchanged(self, url: str, page: FetchedPage, prior: RawPage | None) -> None:
        if prior is None:
            self._report(url, "failed", "http 304 without a stored copy")
            return
        self.store.touch(prior, page.fetched_at)
        self.summary.not_modified += 1
        self.summary.unchanged_pages.append(prior.body_path)
        self._report(url, "not_modified", None, prior.body_path)

    async def run(self, items: list[DiscoveredURL]) -> None:
        self.total += len(items)
        self.planned.update(normalize_url(item.url) for item in items)
        queue: asyncio.Queue[DiscoveredURL] = asyncio.Queue()
        for item in items:
            queue.put_nowait(item)

        async def worker() -> None:
            while True:
                try:
                    item = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                await self.fetch_one(item)

        workers = min(self.cfg.concurrency, max(1, len(items)))
        await asyncio.gather(*(worker() for _ in range(workers)))


def _as_sources(sources: CrawlSources | Iterable[str]) -> CrawlSources:
    if isinstance(sources, CrawlSources):
        return sources
    if isinstance(sources, str):
        return CrawlSources(urls=[sources])
    return CrawlSources(urls=list(sources))


async def crawl_async(
    sources: CrawlSources | Iterable[str],
    raw_dir: Path | str,
    *,
    config: CrawlConfig | None = None,
    progress: ProgressCallback | None = None,
    sleep: SleepFunc | None = None,
) -> CrawlSummary:
    """Async form of :func:`crawl` (for callers already inside an event loop)."""
    cfg = config or CrawlConfig()
    src = _as_sources(sources)
    raw = Path(raw_dir)
    raw.mkdir(parents=True, exist_ok=True)
    async with Fetcher(cfg, sleep=sleep) as fetcher:
        state = _Crawl(raw, cfg, progress, fetcher)
        for warc in src.warcs:
            state.ingest_warc(Path(warc))
        items = await state.discover(src)
        await state.run(items)
    return state.summary


def crawl(
    sources: CrawlSources | Iterable[str],
    raw_dir: Path | str,
    *,
    config: CrawlConfig | None = None,
    progress: ProgressCallback | None = None,
    sleep: SleepFunc | None = None,
) -> CrawlSummary:
    """Crawl feeds, sitemaps, URL lists and WARC files into the raw store ``raw_dir``.

    ``sources`` is a :class:`CrawlSources` or a list of page URLs. Each page is fetched
    politely (robots.txt, per-host delay and concurrency, retries honouring Retry-After)
    within the limits of ``config``, de-duplicated by canonical URL and content hash, and
    saved raw with a JSON sidecar. Pages already stored are re-fetched conditionally
    (ETag / Last-Modified). ``progress`` is called with a :class:`CrawlEvent` per URL;
    ``sleep`` replaces :func:`asyncio.sleep` (tests record waits with it). Failures are
    collected in the summary, never raised.
    """
    return asyncio.run(crawl_async(sources, raw_dir, config=config, progress=progress, sleep=sleep))


async def fetch_url_async(
    url: str, config: CrawlConfig | None = None, *, sleep: SleepFunc | None = None
) -> FetchedPage:
    """Async form of :func:`fetch_url`."""
    async with Fetcher(config or CrawlConfig(), sleep=sleep) as fetcher:
        return await fetcher.get(url)


def fetch_url(
    url: str, config: CrawlConfig | None = None, *, sleep: SleepFunc | None = None
) -> FetchedPage:
    """Fetch one page with the crawler's politeness and limits (for ``dealfacts extract URL``).

    Raises :class:`FetchSkipped` (robots.txt, content type, scheme) or :class:`FetchFailed`
    (with ``reason``), both :class:`~pipeline.errors.FetchError`.
    """
    return asyncio.run(fetch_url_async(url, config, sleep=sleep))
