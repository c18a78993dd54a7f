"""The crawler against a real HTTP server on 127.0.0.1 serving a fixture site."""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.clean import load_article
from pipeline.errors import FetchError, InputError
from pipeline.fetch import (
    CrawlConfig,
    CrawlEvent,
    CrawlSources,
    Fetcher,
    FetchFailed,
    FetchSkipped,
    crawl,
    fetch_url,
    find_canonical,
    iter_raw_pages,
    normalize_url,
    parse_feed,
    parse_retry_after,
    parse_sitemap,
    read_url_file,
)
from tests.httpserver import SiteServer, site_fixture  # noqa: F401 - pytest fixture "site"

FIXTURES = Path(__file__).parent / "fixtures" / "site"


class RecordingSleep:
    """An injectable sleep that records each requested wait and returns at once."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def config(**kw: object) -> CrawlConfig:
    base: dict[str, object] = dict(
        per_host_delay=0.0,
        connect_timeout=2.0,
        read_timeout=0.5,
        total_timeout=1.5,
        max_body_bytes=1_000_000,
        retries=2,
        backoff_base=0.25,
    )
    base.update(kw)
    return CrawlConfig(**base)  # type: ignore[arg-type]


# -- one-off fetches ---------------------------------------------------------------------


def test_fetch_url_sends_user_agent_and_returns_page(site: SiteServer) -> None:
    page = fetch_url(site.url("/articles/plain-deal.html?t=ua"), config())
    assert page.status == 200
    assert page.content_type == "text/html"
    assert "Mirelle Foods" in page.text
    seen = site.seen("/articles/plain-deal.html?t=ua")
    assert seen[0]["user-agent"] == "dealfacts/0.1 (+https://github.com/dealfacts/dealfacts)"
    article = page.to_article()
    assert article.title == "Mirelle Foods invests in Tessaly Farms"


def test_robots_disallowed_path_is_skipped_and_never_requested(site: SiteServer) -> None:
    with pytest.raises(FetchSkipped) as info:
        fetch_url(site.url("/private/secret.html?t=robots"), config())
    assert info.value.kind == "robots"
    assert site.seen("/private/secret.html?t=robots") == []
    assert site.seen("/robots.txt")  # it was consulted


def test_robots_user_agent_group_applies(site: SiteServer) -> None:
    with pytest.raises(FetchSkipped, match="robots"):
        fetch_url(
            site.url("/articles/plain-deal.html?t=grumpy"), config(user_agent="GrumpyBot/2.0")
        )


def test_429_retry_after_seconds_is_honoured(site: SiteServer) -> None:
    sleep = RecordingSleep()
    page = fetch_url(site.url("/flaky/429.html?t=a"), config(), sleep=sleep)
    assert page.status == 200
    assert page.attempts == 2
    assert len(site.seen("/flaky/429.html?t=a")) == 2  # the server saw the retry
    assert page.retry_delays == [7.0]
    assert sleep.waits == [7.0]


def test_503_retry_after_http_date_is_honoured(site: SiteServer) -> None:
    sleep = RecordingSleep()
    page = fetch_url(site.url("/flaky/429-date.html?t=a"), config(), sleep=sleep)
    assert page.status == 200
    assert len(site.seen("/flaky/429-date.html?t=a")) == 2
    (delay,) = page.retry_delays
    assert 20.0 < delay <= 30.0  # computed from the HTTP-date, 30 s ahead when sent


def test_retry_after_over_cap_fails_without_waiting(site: SiteServer) -> None:
    sleep = RecordingSleep()
    with pytest.raises(FetchFailed, match="over the cap") as info:
        fetch_url(site.url("/flaky/429-forever.html?t=a"), config(), sleep=sleep)
    assert info.value.reason.startswith("http 429")
    assert sleep.waits == []
    assert len(site.seen("/flaky/429-forever.html?t=a")) == 1


def test_500_then_200_retries_with_backoff(site: SiteServer) -> None:
    sleep = RecordingSleep()
    page = fetch_url(site.url("/flaky/500.html?t=a"), config(), sleep=sleep)
    assert page.status == 200 and b"Harbor Analytics" in page.body
    assert sleep.waits == [0.25]


def test_persistent_500_fails_after_retries_with_exponential_backoff(site: SiteServer) -> None:
    sleep = RecordingSleep()
    with pytest.raises(FetchFailed) as info:
        fetch_url(site.url("/always-500.html?t=a"), config(retries=3), sleep=sleep)
    assert info.value.reason == "http 500"
    assert sleep.waits == [0.25, 0.5, 1.0]
    assert len(site.seen("/always-500.html?t=a")) == 4


def test_slow_page_times_out(site: SiteServer) -> None:
    with pytest.raises(FetchFailed) as info:
        fetch_url(site.url("/slow.html?t=a"), config(read_timeout=0.3))
    assert info.value.reason == "timeout"


def test_slow_drip_page_hits_total_deadline(site: SiteServer) -> None:
    # Each byte arrives within the read timeout; only the total deadline stops it.
    with pytest.raises(FetchFailed) as info:
        fetch_url(site.url("/drip.html?t=a"), config(read_timeout=1.0, total_timeout=0.8))
    assert info.value.reason == "deadline exceeded"


def test_oversized_streamed_page_is_aborted(site: SiteServer) -> None:
    with pytest.raises(FetchFailed) as info:
        fetch_url(site.url("/big.html?t=a"), config(max_body_bytes=200_000))
    assert info.value.reason == "too large"


def test_oversized_declared_length_is_refused_before_reading(site: SiteServer) -> None:
    with pytest.raises(FetchFailed, match="too large"):
        fetch_url(site.url("/big-declared.html?t=a"), config())


def test_gzip_page_is_decoded(site: SiteServer) -> None:
    page = fetch_url(site.url("/gzip.html?t=a"), config())
    assert site.seen("/gzip.html?t=a")[0]["accept-encoding"] == "gzip, deflate"
    assert page.headers["content-encoding"] == "gzip"
    assert b"Kestrel Cloud" in page.body


def test_gzip_bomb_is_cut_off_at_the_decoded_limit(site: SiteServer) -> None:
    # ~64 KB on the wire, 64 MB decoded: must stop at 1 MB of output.
    with pytest.raises(FetchFailed) as info:
        fetch_url(site.url("/bomb.html?t=a"), config(max_body_bytes=1_000_000))
    assert info.value.reason == "too large"


def test_non_html_content_type_is_skipped(site: SiteServer) -> None:
    with pytest.raises(FetchSkipped) as info:
        fetch_url(site.url("/doc.pdf?t=a"), config())
    assert info.value.kind == "content_type"
    assert "application/pdf" in info.value.reason


def test_redirect_loop_fails(site: SiteServer) -> None:
    with pytest.raises(FetchFailed) as info:
        fetch_url(site.url("/loop/a"), config())
    assert info.value.reason.startswith("too many redirects")
    assert len(site.seen("/loop/a")) == 1  # the loop was recognised, not ridden


def test_redirect_chain_limit(site: SiteServer) -> None:
    with pytest.raises(FetchFailed, match="too many redirects"):
        fetch_url(site.url("/hop/1"), config(max_redirects=1))
    page = fetch_url(site.url("/hop/1"), config(max_redirects=5))
    assert page.final_url == site.url("/articles/pallas-grid.html")
    assert page.redirects == [site.url("/hop/2"), site.url("/articles/pallas-grid.html")]


def test_redirect_to_other_scheme_is_refused(site: SiteServer) -> None:
    with pytest.raises(FetchSkipped, match="not an http"):
        fetch_url(site.url("/to-ftp"), config())
    with pytest.raises(FetchSkipped):
        fetch_url("file:///etc/passwd", config())


def test_missing_page_is_a_fetch_error(site: SiteServer) -> None:
    with pytest.raises(FetchError, match="http 404"):
        fetch_url(site.url("/nowhere.html"), config())


def test_connection_refused_is_retried_then_fails() -> None:
    sleep = RecordingSleep()
    with pytest.raises(FetchFailed, match="connection error"):
        fetch_url("http://127.0.0.1:9/x.html", config(retries=1, respect_robots=False), sleep=sleep)
    assert sleep.waits == [0.25]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("cafe-cp1252.html", "Café Numérique rachète Légende Logiciels"),
        ("aomi-shiftjis.html", "青海データが新工場を取得"),
    ],
)
def test_non_utf8_pages_are_decoded_from_meta_charset(
    site: SiteServer, name: str, expected: str
) -> None:
    page = fetch_url(site.url(f"/articles/{name}"), config())
    assert page.charset is None  # the header does not say; the page's meta tag does
    article = page.to_article()
    assert article.title == expected
    assert expected in article.text


def test_per_host_delay_spaces_requests(site: SiteServer) -> None:
    """With a frozen clock every request after the first must wait the full per-host gap."""
    sleep = RecordingSleep()

    async def run() -> None:
        cfg = config(per_host_delay=2.0, per_host_concurrency=1)
        async with Fetcher(cfg, sleep=sleep, clock=lambda: 50.0) as f:
            await asyncio.gather(
                *(f.get(site.url(f"/articles/plain-deal.html?t=gap{i}")) for i in range(3))
            )

    asyncio.run(run())
    assert sleep.waits == [2.0, 2.0, 2.0]  # robots.txt first, then three pages


def test_robots_unreachable_disallows_and_says_why(site: SiteServer) -> None:
    # The fixture server answers robots.txt with a 500 for this user agent.
    with pytest.raises(FetchSkipped) as info:
        fetch_url(
            site.url("/articles/plain-deal.html?t=r500"),
            config(user_agent="Robots500Tester/1.0", retries=0),
        )
    assert info.value.kind == "robots"
    assert info.value.reason == "robots.txt unreachable (http 500)"
    assert site.seen("/articles/plain-deal.html?t=r500") == []


# -- pure helpers --------------------------------------------------------------------------


def test_parse_retry_after() -> None:
    now = dt.datetime(2024, 4, 9, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after("Tue, 09 Apr 2024 12:00:45 GMT", now) == 45.0
    assert parse_retry_after("Tue, 09 Apr 2024 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


def test_normalize_url() -> None:
    assert (
        normalize_url("HTTP://Example.COM:80/a?utm_source=x&id=3#top")
        == "http://example.com/a?id=3"
    )
    assert normalize_url("https://example.com") == "https://example.com/"
    assert normalize_url("https://example.com:8443/p") == "https://example.com:8443/p"


def test_find_canonical() -> None:
    body = b'<head><link href="/a/b.html" rel="canonical"><link rel=stylesheet href=x.css></head>'
    assert find_canonical(body, "https://n.test/amp/b.html") == "https://n.test/a/b.html"
    assert find_canonical(b"<p>no link</p>", "https://n.test/") is None


def test_parse_feed_rss_and_atom() -> None:
    base = "http://feeds.test"
    rss = (FIXTURES / "feed.rss").read_bytes().replace(b"{base}", base.encode())
    urls = [d.url for d in parse_feed(rss, base + "/feed.rss")]
    assert urls == [
        base + "/articles/lumora-kestrel.html",
        base + "/articles/harbor-merger.html?utm_source=rss",
        base + "/private/secret.html",
    ]
    atom = (FIXTURES / "feed.atom").read_bytes().replace(b"{base}", base.encode())
    found = parse_feed(atom, base + "/feed.atom")
    assert [d.url for d in found] == [
        base + "/articles/plain-deal.html",
        base + "/articles/harbor-merger.html",
    ]
    with pytest.raises(InputError, match="not an RSS/Atom feed"):
        parse_feed(b"<html><body>hello</body></html>", base + "/x")


def test_parse_sitemaps_index_news_and_gzip() -> None:
    base = "http://maps.test"
    index = parse_sitemap(
        (FIXTURES / "sitemap_index.xml").read_bytes().replace(b"{base}", base.encode()), base
    )
    assert index.sitemaps == [base + "/sitemap_pages.xml", base + "/sitemap_news.xml"]
    news_xml = (FIXTURES / "sitemap_news.xml").read_bytes().replace(b"{base}", base.encode())
    news = parse_sitemap(gzip.compress(news_xml), base)
    (item,) = news.urls
    assert item.url == base + "/etag.html"
    assert item.published == "2024-04-11T10:00:00Z"
    assert item.title == "Pallas Grid buys power for its Oslo campus"
    with pytest.raises(InputError, match="not a sitemap"):
        parse_sitemap(b"<rss><channel/></rss>", base)


def test_parse_sitemap_does_not_expand_entities() -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        b'<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>http://x.test/&c;&ext;</loc></url></urlset>"
    )
    result = parse_sitemap(evil, "http://x.test/")
    assert all("aaaaaaaaaa" not in d.url and "root:" not in d.url for d in result.urls)


def test_parse_sitemap_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (20 * 1024 * 1024) + b"</urlset>")
    with pytest.raises(InputError, match="inflates beyond"):
        parse_sitemap(bomb, "http://x.test/", max_bytes=1_000_000)


def test_read_url_file(tmp_path: Path) -> None:
    f = tmp_path / "urls.txt"
    f.write_text("# my list\nhttps://a.test/1\n\n  http://b.test/2  # trailing comment\n")
    assert read_url_file(f) == ["https://a.test/1", "http://b.test/2"]
    f.write_text("https://a.test/1\nftp://nope/\n")
    with pytest.raises(InputError, match=":2: not an http"):
        read_url_file(f)
    with pytest.raises(InputError, match="cannot read"):
        read_url_file(tmp_path / "missing.txt")


def test_config_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="concurrency"):
        CrawlConfig(concurrency=0)
    with pytest.raises(ValueError, match="per_host_delay"):
        CrawlConfig(per_host_delay=-1)


# -- whole crawls --------------------------------------------------------------------------


def _site_sources(site: SiteServer, tmp_path: Path) -> CrawlSources:
    url_file = tmp_path / "urls.txt"
    url_file.write_text(
        "\n".join(
            [
                "# special cases",
                site.url("/flaky/429.html?t=crawl"),
                site.url("/flaky/500.html?t=crawl"),
                site.url("/slow.html?t=crawl"),
                site.url("/big.html?t=crawl"),
                site.url("/doc.pdf?t=crawl"),
                site.url("/loop/a?t=crawl"),
                site.url("/gzip.html?t=crawl"),
                site.url("/bomb.html?t=crawl"),
                site.url("/lastmod.html"),
                site.url("/articles/cafe-cp1252.html"),
            ]
        )
        + "\n"
    )
    return CrawlSources(
        feeds=[site.url("/feed.rss"), site.url("/feed.atom")],
        sitemaps=[site.url("/sitemap_index.xml")],
        url_files=[url_file],
    )


def test_crawl_fixture_site_then_recrawl(site: SiteServer, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    events: list[CrawlEvent] = []
    sleep = RecordingSleep()
    cfg = config(max_body_bytes=300_000, read_timeout=0.5, total_timeout=1.5)
    summary = crawl(
        _site_sources(site, tmp_path), raw, config=cfg, progress=events.append, sleep=sleep
    )

    failed = dict(summary.failed)
    assert failed == {
        site.url("/slow.html?t=crawl"): "timeout",
        site.url("/big.html?t=crawl"): "too large",
        site.url("/loop/a?t=crawl"): "too many redirects (loop)",
        site.url("/bomb.html?t=crawl"): "too large",
    }
    skipped = dict(summary.skipped)
    assert summary.skipped_robots == 1
    assert skipped[site.url("/private/secret.html")] == "disallowed by robots.txt"
    assert summary.skipped_content_type == 1
    assert "application/pdf" in skipped[site.url("/doc.pdf?t=crawl")]
    # canonical: the AMP copy names /articles/canon.html; content hash: the mirror copy.
    assert summary.skipped_duplicate == 2
    dup_urls = {u for u, r in summary.skipped if "canonical" in r or "same content" in r}
    assert site.url("/amp/canon.html") in dup_urls
    assert (
        len(dup_urls & {site.url("/articles/dup-original.html"), site.url("/mirror/dup-copy.html")})
        == 1
    )
    # harbor-merger was listed twice (RSS with utm_source, Atom without): fetched once.
    assert len([p for p, _ in site.requests if p.startswith("/articles/harbor-merger.html")]) == 1
    assert summary.discovered == 19
    assert summary.fetched == 19 - 4 - 1 - 1 - 2
    assert summary.not_modified == 0
    assert summary.retries == 2 and sorted(summary.retry_delays) == [0.25, 7.0]
    assert summary.source_errors == []
    assert not summary.ok
    assert len(events) == summary.discovered
    assert events[-1].done == events[-1].total == summary.discovered
    assert {e.outcome for e in events} >= {
        "fetched",
        "failed",
        "skipped_robots",
        "skipped_duplicate",
    }

    # raw copies with sidecars; load_article gives the page with its URL metadata
    pages = list(iter_raw_pages(raw))
    assert len(pages) == summary.fetched == len(summary.pages)
    by_url = {p.url: p for p in pages}
    news = by_url[site.url("/etag.html")]
    assert news.meta["etag"] == '"v1"' and news.meta["status"] == 200
    assert news.meta["published"] == "2024-04-11T10:00:00Z"
    article = load_article(news.meta_path)
    assert article.url == site.url("/etag.html")
    assert article.title == "Pallas Grid buys power for its Oslo campus"
    assert article.published == dt.date(2024, 4, 11)
    assert article.fetched_at is not None
    cafe = load_article(by_url[site.url("/articles/cafe-cp1252.html")].body_path)
    assert "18 millions d'euros" in cafe.text
    gz = by_url[site.url("/gzip.html?t=crawl")]
    assert b"Kestrel Cloud" in gz.read()
    sidecar = json.loads(gz.meta_path.read_text())
    assert sidecar["headers"]["content-encoding"] == "gzip"

    print("\n" + summary.format())  # the crawl summary of the fixture site (pytest -s)

    # -- re-crawl: conditional requests give 304s, nothing is rewritten
    again = crawl(
        [site.url("/etag.html"), site.url("/lastmod.html"), site.url("/articles/plain-deal.html")],
        raw,
        config=cfg,
        sleep=sleep,
    )
    assert again.not_modified == 3
    assert again.fetched == 0 and again.pages == []
    assert site.seen("/etag.html")[-1]["if-none-match"] == '"v1"'
    assert site.seen("/lastmod.html")[-1]["if-modified-since"] == "Tue, 09 Apr 2024 06:15:00 GMT"
    assert len(list(iter_raw_pages(raw))) == len(pages)
    assert again.ok
    text = summary.format()
    assert "fetched:" in text and "timeout" in text and "skipped by robots.txt:  1" in text


def _warc(tmp_path: Path, records: list[tuple[str, bytes, str]]) -> Path:
    path = tmp_path / "news.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, body, ctype in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
            )
            writer.write_record(rec)
            rec.raw_stream.close()
    return path


def test_crawl_warc_records_without_fetching(tmp_path: Path) -> None:
    lumora = (FIXTURES / "articles" / "lumora-kestrel.html").read_bytes()
    plain = (FIXTURES / "articles" / "plain-deal.html").read_bytes()
    warc = _warc(
        tmp_path,
        [
            ("https://news.warc.test/a", lumora, "text/html; charset=utf-8"),
            ("https://news.warc.test/b", plain, "text/html"),
            ("https://news.warc.test/b-copy", plain, "text/html"),
            ("https://news.warc.test/pic.png", b"\x89PNG\r\n\x1a\n", "image/png"),
        ],
    )
    summary = crawl(CrawlSources(warcs=[warc]), tmp_path / "raw", config=config())
    assert summary.from_warc == 2
    assert summary.skipped_duplicate == 1
    assert summary.fetched == 0
    pages = sorted(iter_raw_pages(tmp_path / "raw"), key=lambda p: p.url)
    assert [p.url for p in pages] == ["https://news.warc.test/a", "https://news.warc.test/b"]
    assert pages[0].meta["source"] == "warc"
    article = load_article(pages[0].body_path)
    assert article.title == "Lumora signs $40 million GPU lease with Kestrel Cloud"
    assert article.url == "https://news.warc.test/a"


def test_crawl_reports_bad_sources(site: SiteServer, tmp_path: Path) -> None:
    not_warc = tmp_path / "x.warc"
    not_warc.write_bytes(b"this is not a warc file at all\n" * 10)
    summary = crawl(
        CrawlSources(
            feeds=[site.url("/not-a-feed.xml"), site.url("/nowhere.rss")],
            sitemaps=[site.url("/feed.rss")],
            url_files=[tmp_path / "missing.txt"],
            warcs=[not_warc],
        ),
        tmp_path / "raw",
        config=config(),
    )
    reasons = dict(summary.source_errors)
    assert "not an RSS/Atom feed" in reasons[site.url("/not-a-feed.xml")]
    assert reasons[site.url("/nowhere.rss")] == "http 404"
    assert "not a sitemap" in reasons[site.url("/feed.rss")]
    assert "cannot read URL file" in reasons[str(tmp_path / "missing.txt")]
    assert "not a WARC file" in reasons[str(not_warc)]
    assert summary.fetched == 0 and not summary.ok
