"""The HTTP client: one polite, bounded GET with retries, redirects and robots.txt.

Every limit holds against a hostile server: connect/read timeouts, a total deadline per
request (slow drip), a body limit counted on the *decoded* bytes while streaming (gzip
bombs are cut off after ``max_body_bytes`` of output, never inflated whole), a redirect
limit with loop detection, http/https only, and content types checked from the headers
before the body is read.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import time
import urllib.robotparser
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from pipeline.fetch.types import CrawlConfig, FetchedPage, FetchFailed, FetchSkipped

__all__ = ["Fetcher", "parse_retry_after", "SleepFunc"]

SleepFunc = Callable[[float], Awaitable[None]]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date), else ``None``."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def media_type(content_type: str | None) -> tuple[str, str | None]:
    """(lower-case media type, charset or ``None``) of a Content-Type header."""
    if not content_type:
        return "", None
    parts = [p.strip() for p in content_type.split(";")]
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return parts[0].lower(), charset


class _BoundedDecoder:
    """Content-Encoding decoder that never produces more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        encoding = encoding.strip().lower()
        self.limit = limit
        self.size = 0
        self._deflate_raw = False
        if encoding in ("", "identity"):
            self._d: zlib._Decompress | None = None
        elif encoding in ("gzip", "x-gzip"):
            self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._d = zlib.decompressobj(zlib.MAX_WBITS)
            self._deflate_raw = True  # may need to fall back to raw deflate
        else:
            raise ValueError(f"unsupported content-encoding {encoding!r}")

    def feed(self, chunk: bytes) -> bytes:
        if self._d is None:
            return self._account(chunk)
        try:
            out = self._d.decompress(chunk, self.limit - self.size + 1)
        except zlib.error:
            if self._deflate_raw and self.size == 0:
                self._d = zlib.decompressobj(-zlib.MAX_WBITS)
                self._deflate_raw = False
                return self.feed(chunk)
            raise
        self._deflate_raw = False
        parts = [self._account(out)]
        while self._d.unconsumed_tail:
            out = self._d.decompress(self._d.unconsumed_tail, self.limit - self.size + 1)
            parts.append(self._account(out))
        return b"".join(parts)

    def flush(self) -> bytes:
        return self._account(self._d.flush()) if self._d is not None else b""

    def _account(self, data: bytes) -> bytes:
        self.size += len(data)
        if self.size > self.limit:
            raise OverflowError
        return data


@dataclass(slots=True)
class _HostGate:
    """Per-host concurrency limit and minimum gap between request starts."""

    semaphore: asyncio.Semaphore
    delay: float
    next_start: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Fetcher:
    """Async polite fetcher; use as ``async with Fetcher(config) as f: await f.get(url)``.

    ``sleep`` and ``clock`` are injectable so tests can record waits instead of waiting.
    """

    def __init__(
        self,
        config: CrawlConfig | None = None,
        *,
        sleep: SleepFunc | None = None,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.config = config or CrawlConfig()
        self.sleep: SleepFunc = sleep or asyncio.sleep
        self.clock = clock
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._robots_notes: dict[str, str] = {}
        #: Every wait before a retry, in order (for reports and tests).
        self.retry_delays: list[float] = []

    async def __aenter__(self) -> Fetcher:
        cfg = self.config
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(
                connect=cfg.connect_timeout,
                read=cfg.read_timeout,
                write=cfg.read_timeout,
                pool=cfg.total_timeout,
            ),
            limits=httpx.Limits(
                max_connections=cfg.concurrency, max_keepalive_connections=cfg.concurrency
            ),
            headers={
                "User-Agent": cfg.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
                "Accept-Encoding": "gzip, deflate",
            },
            follow_redirects=False,
            trust_env=cfg.trust_env,
            transport=self._transport,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- public -----------------------------------------------------------------------

    async def get(
        self,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        source: bool = False,
        check_robots: bool = True,
        max_bytes: int | None = None,
    ) -> FetchedPage:
        """Fetch ``url`` within every limit of the config.

        Raises :class:`FetchSkipped` (robots.txt, scheme, content type) or
        :class:`FetchFailed` (``timeout``, ``deadline exceeded``, ``too large``,
        ``too many redirects``, ``http 404``, ...). A 304 is returned, not raised.
        ``source=True`` accepts feed and sitemap content types instead of page ones.
        """
        cfg = self.config
        allowed = cfg.source_content_types if source else cfg.allowed_content_types
        limit = max_bytes or cfg.max_body_bytes
        redirects: list[str] = []
        current = url
        seen = {url}
        while True:
            self._check_scheme(url, current)
            if check_robots and cfg.respect_robots and not await self.allowed(current):
                parts = urlsplit(current)
                note = self._robots_notes.get(f"{parts.scheme}://{parts.netloc}")
                raise FetchSkipped(url, note or "disallowed by robots.txt", kind="robots")
            page = await self._get_with_retries(url, current, headers, allowed, limit)
            if page.status not in REDIRECT_STATUSES:
                page.redirects = redirects
                return page
            location = page.headers.get("location")
            if not location:
                raise FetchFailed(url, f"http {page.status} without Location")
            nxt = urljoin(current, location.strip())
            redirects.append(nxt)
            if nxt in seen:
                raise FetchFailed(url, "too many redirects (loop)")
            if len(redirects) > cfg.max_redirects:
                raise FetchFailed(url, "too many redirects")
            seen.add(nxt)
            current = nxt

    async def allowed(self, url: str) -> bool:
        """Whether robots.txt of ``url``'s host lets our user agent fetch it."""
        parser = await self._robots_for(url)
        return True if parser is None else parser.can_fetch(self.config.user_agent, url)

    # -- internals --------------------------------------------------------------------

    def _check_scheme(self, url: str, current: str) -> None:
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchSkipped(url, f"not an http(s) URL: {current[:200]}", kind="scheme")

    def _gate(self, url: str) -> _HostGate:
        host = urlsplit(url).netloc.lower()
        gate = self._gates.get(host)
        if gate is None:
            gate = _HostGate(
                asyncio.Semaphore(self.config.per_host_concurrency), self.config.per_host_delay
            )
            self._gates[host] = gate
        return gate

    async def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._robots:
            return self._robots[origin]
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:
            if origin in self._robots:
                return self._robots[origin]
            parser: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
            assert parser is not None
            robots_url = origin + "/robots.txt"
            try:
                page = await self.get(
                    robots_url,
                    source=True,
                    check_robots=False,
                    max_bytes=self.config.robots_max_bytes,
                )
                lines = page.body.decode("utf-8", "replace").splitlines()
                parser.parse(lines)
            except FetchFailed as exc:
                if exc.reason.startswith("http 5"):
                    parser.disallow_all = True  # RFC 9309: unreachable, assume complete disallow
                    self._robots_notes[origin] = f"robots.txt unreachable ({exc.reason})"
                else:
                    # 4xx: RFC 9309 "unavailable", crawl allowed. Network errors and
                    # timeouts: the page fetch will meet (and report) the same problem.
                    parser = None
            except FetchSkipped:
                parser = None
            if parser is not None:
                delay = parser.crawl_delay(self.config.user_agent)
                if delay:
                    gate = self._gate(url)
                    gate.delay = max(gate.delay, min(float(delay), self.config.max_crawl_delay))
            self._robots[origin] = parser
            return parser

    async def _get_with_retries(
        self,
        url: str,
        current: str,
        headers: dict[str, str] | None,
        allowed: frozenset[str],
        limit: int,
    ) -> FetchedPage:
        cfg = self.config
        delays: list[float] = []
        attempt = 0
        while True:
            attempt += 1
            try:
                page = await self._get_once(url, current, headers, allowed, limit)
            except httpx.TransportError as exc:
                if isinstance(exc, httpx.TimeoutException):
                    raise FetchFailed(url, "timeout") from exc
                if attempt > cfg.retries:
                    raise FetchFailed(url, f"connection error: {type(exc).__name__}") from exc
                delay = min(cfg.backoff_base * 2 ** (attempt - 1), cfg.max_retry_delay)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise FetchFailed(url, f"http error: {type(exc).__name__}") from exc
            else:
                if page.status not in RETRY_STATUSES:
                    page.attempts = attempt
                    page.retry_delays = delays
                    return page
                if attempt > cfg.retries:
                    raise FetchFailed(url, f"http {page.status}")
                hinted = parse_retry_after(page.headers.get("retry-after"))
                if hinted is not None and hinted > cfg.max_retry_delay:
                    raise FetchFailed(
                        url, f"http {page.status} (Retry-After {hinted:.0f}s over the cap)"
                    )
                delay = (
                    hinted
                    if hinted is not None
                    else min(cfg.backoff_base * 2 ** (attempt - 1), cfg.max_retry_delay)
                )
            delays.append(delay)
            self.retry_delays.append(delay)
            await self.sleep(delay)

    async def _get_once(
        self,
        url: str,
        current: str,
        headers: dict[str, str] | None,
        allowed: frozenset[str],
        limit: int,
    ) -> FetchedPage:
        if self._client is None:
            raise RuntimeError("Fetcher used outside 'async with'")
        gate = self._gate(current)
        async with gate.semaphore:
            async with gate.lock:
                wait = gate.next_start - self.clock()
                if wait > 0:
                    await self.sleep(wait)
                gate.next_start = self.clock() + gate.delay
            try:
                async with asyncio.timeout(self.config.total_timeout):
                    return await self._stream(url, current, headers, allowed, limit)
            except TimeoutError as exc:
                raise FetchFailed(url, "deadline exceeded") from exc

    async def _stream(
        self,
        url: str,
        current: str,
        headers: dict[str, str] | None,
        allowed: frozenset[str],
        limit: int,
    ) -> FetchedPage:
        assert self._client is not None
        fetched_at = dt.datetime.now(dt.UTC)
        async with self._client.stream("GET", current, headers=headers) as resp:
            hdrs = {k.lower(): v for k, v in resp.headers.items()}
            status = resp.status_code
            ctype, charset = media_type(hdrs.get("content-type"))
            page = FetchedPage(
                url=url,
                final_url=str(resp.url),
                status=status,
                headers=hdrs,
                body=b"",
                fetched_at=fetched_at,
                content_type=ctype,
                charset=charset,
            )
            if status in REDIRECT_STATUSES or status in RETRY_STATUSES or status == 304:
                return page
            if status >= 400:
                raise FetchFailed(url, f"http {status}")
            if status != 200:
                raise FetchFailed(url, f"unexpected http {status}")
            if ctype and ctype not in allowed:
                raise FetchSkipped(url, f"content type {ctype}", kind="content_type")
            declared = hdrs.get("content-length", "")
            if (
                declared.isdigit()
                and hdrs.get("content-encoding", "identity") == "identity"
                and int(declared) > limit
            ):
                raise FetchFailed(url, "too large")
            try:
                decoder = _BoundedDecoder(hdrs.get("content-encoding", ""), limit)
            except ValueError as exc:
                raise FetchFailed(url, str(exc)) from exc
            chunks: list[bytes] = []
            raw_size = 0
            try:
                async for raw in resp.aiter_raw():
                    raw_size += len(raw)
                    if raw_size > limit:
                        raise OverflowError
                    chunks.append(decoder.feed(raw))
                chunks.append(decoder.flush())
            except OverflowError as exc:
                raise FetchFailed(url, "too large") from exc
            except zlib.error as exc:
                raise FetchFailed(url, f"bad {hdrs.get('content-encoding')} body") from exc
            page.body = b"".join(chunks)
            if not ctype and b"\x00" in page.body[:4096]:
                raise FetchSkipped(url, "content type unknown (binary body)", kind="content_type")
            return page
