"""Where article URLs come from: RSS/Atom feeds, sitemaps, URL files and WARC archives.

The parsers are pure functions over bytes, so they can be tested and reused without a
network; the crawler fetches the feeds and sitemaps and hands their bodies here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lxml import etree

from pipeline.errors import InputError

__all__ = [
    "DiscoveredURL",
    "SitemapResult",
    "WarcPage",
    "iter_warc_pages",
    "parse_feed",
    "parse_sitemap",
    "read_url_file",
]


@dataclass(slots=True, frozen=True)
class DiscoveredURL:
    """A page URL found in a source, with what the source said about it."""

    url: str
    source: str
    published: str | None = None
    title: str | None = None


@dataclass(slots=True)
class SitemapResult:
    """A parsed sitemap: page URLs (urlset) and/or child sitemaps (sitemapindex)."""

    urls: list[DiscoveredURL] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def _is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def parse_feed(data: bytes, base_url: str) -> list[DiscoveredURL]:
    """Article links of an RSS or Atom feed. Raises :class:`InputError` if it is not a feed."""
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": base_url})
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = getattr(parsed.get("bozo_exception"), "args", None) or ("no entries",)
        raise InputError(f"{base_url}: not an RSS/Atom feed ({reason[0]})")
    out: list[DiscoveredURL] = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            alternates = [
                ln.get("href")
                for ln in entry.get("links", [])
                if ln.get("rel") in (None, "alternate")
            ]
            link = next((a for a in alternates if a), None)
        if not link:
            continue
        url = urljoin(base_url, str(link).strip())
        if _is_http(url):
            out.append(
                DiscoveredURL(
                    url=url,
                    source=base_url,
                    published=entry.get("published") or entry.get("updated"),
                    title=entry.get("title"),
                )
            )
    return out


_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def _safe_xml(data: bytes) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not XML: {exc}") from exc
    if root is None:
        raise InputError("not XML: empty document")
    return root


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse_sitemap(
    data: bytes, base_url: str, *, max_bytes: int = 50 * 1024 * 1024
) -> SitemapResult:
    """Parse a sitemap, sitemap index or Google News sitemap (gzip-compressed or not).

    XML is parsed without entity expansion, DTD loading or network access, and a
    compressed sitemap is inflated to at most ``max_bytes``. Raises :class:`InputError`.
    """
    if data[:2] == b"\x1f\x8b":
        from pipeline.fetch.http import _BoundedDecoder

        try:
            dec = _BoundedDecoder("gzip", max_bytes)
            data = dec.feed(data) + dec.flush()
        except OverflowError as exc:
            raise InputError(
                f"{base_url}: compressed sitemap inflates beyond {max_bytes} bytes"
            ) from exc
        except Exception as exc:  # noqa: BLE001 - zlib.error and friends
            raise InputError(f"{base_url}: bad gzip sitemap ({exc})") from exc
    root = _safe_xml(data)
    kind = _local(root.tag)
    result = SitemapResult()
    if kind == "sitemapindex":
        for loc in root.iter(f"{{{_SITEMAP_NS}}}loc", "loc"):
            url = urljoin(base_url, (loc.text or "").strip())
            if _is_http(url):
                result.sitemaps.append(url)
    elif kind == "urlset":
        for node in root:
            if _local(node.tag) != "url":
                continue
            loc = node.find(f"{{{_SITEMAP_NS}}}loc")
            if loc is None:
                loc = node.find("loc")
            if loc is None or not (loc.text or "").strip():
                continue
            url = urljoin(base_url, loc.text.strip())
            if not _is_http(url):
                continue
            published = node.findtext(f"{{{_NEWS_NS}}}news/{{{_NEWS_NS}}}publication_date")
            title = node.findtext(f"{{{_NEWS_NS}}}news/{{{_NEWS_NS}}}title")
            lastmod = node.findtext(f"{{{_SITEMAP_NS}}}lastmod")
            result.urls.append(
                DiscoveredURL(
                    url=url,
                    source=base_url,
                    published=(published or lastmod or None) and (published or lastmod).strip(),
                    title=title.strip() if title else None,
                )
            )
    else:
        raise InputError(f"{base_url}: not a sitemap (root element <{kind}>)")
    return result


def read_url_file(path: Path | str) -> list[str]:
    """URLs of a text file: one a line; blank lines and ``#`` comments are ignored.

    Raises :class:`InputError` for a missing file or a line that is not an http(s) URL.
    """
    p = Path(path)
    try:
        text = p.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: cannot read URL file ({exc})") from exc
    urls: list[str] = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if not _is_http(line):
            raise InputError(f"{p}:{n}: not an http(s) URL: {line[:200]}")
        urls.append(line)
    return urls


@dataclass(slots=True)
class WarcPage:
    """An HTTP response stored in a WARC file."""

    url: str
    status: int
    headers: dict[str, str]
    content_type: str
    body: bytes
    fetched_at: dt.datetime | None
    record_id: str | None = None
    too_large: bool = False


def iter_warc_pages(
    path: Path | str,
    *,
    content_types: frozenset[str] = frozenset({"text/html", "application/xhtml+xml"}),
    max_bytes: int = 5 * 1024 * 1024,
) -> Iterator[WarcPage]:
    """HTML response records of a WARC file (plain or gzip), e.g. Common Crawl's CC-NEWS.

    Bodies are read to at most ``max_bytes`` (``too_large`` marks the ones cut off).
    Raises :class:`InputError` when the file cannot be opened or is not a WARC file.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    from pipeline.fetch.http import media_type

    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed in finally
    except OSError as exc:
        raise InputError(f"{path}: cannot open WARC file ({exc.strerror})") from exc
    head = fh.read(5)
    fh.seek(0)
    if head[:2] == b"\x1f\x8b":
        import gzip

        with gzip.open(path, "rb") as gz:
            try:
                head = gz.read(5)
            except (OSError, EOFError) as exc:
                fh.close()
                raise InputError(f"{path}: not a WARC file (bad gzip: {exc})") from exc
    if head != b"WARC/":
        fh.close()
        raise InputError(f"{path}: not a WARC file (no WARC/ record header)")
    try:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            if not _is_http(url):
                continue
            ctype, _ = media_type(record.http_headers.get_header("Content-Type"))
            if ctype not in content_types:
                continue
            try:
                status = int(record.http_headers.get_statuscode() or 0)
            except ValueError:
                status = 0
            body = record.content_stream().read(max_bytes + 1)
            date = record.rec_headers.get_header("WARC-Date")
            try:
                fetched = dt.datetime.fromisoformat(date.replace("Z", "+00:00")) if date else None
            except ValueError:
                fetched = None
            yield WarcPage(
                url=url,
                status=status,
                headers={k.lower(): v for k, v in record.http_headers.headers},
                content_type=record.http_headers.get_header("Content-Type") or ctype,
                body=body[:max_bytes],
                fetched_at=fetched,
                record_id=record.rec_headers.get_header("WARC-Record-ID"),
                too_large=len(body) > max_bytes,
            )
    except (ArchiveLoadFailed, StatusAndHeadersParserException) as exc:
        raise InputError(f"{path}: broken WARC file ({exc})") from exc
    finally:
        fh.close()
