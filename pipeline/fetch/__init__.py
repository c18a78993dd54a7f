"""Crawling: polite async HTTP, robots.txt, feeds, sitemaps, WARC files and raw copies.

>>> from pipeline.fetch import CrawlConfig, CrawlSources, crawl
>>> summary = crawl(CrawlSources(feeds=["https://example.com/feed.xml"]), "data/raw")  # doctest: +SKIP
>>> print(summary.format())  # doctest: +SKIP
"""

from pipeline.fetch.crawler import crawl, crawl_async, fetch_url, fetch_url_async, find_canonical
from pipeline.fetch.http import Fetcher, parse_retry_after
from pipeline.fetch.rawstore import RawPage, RawStore, content_hash, iter_raw_pages, normalize_url
from pipeline.fetch.sources import (
    DiscoveredURL,
    WarcPage,
    iter_warc_pages,
    parse_feed,
    parse_sitemap,
    read_url_file,
)
from pipeline.fetch.types import (
    DEFAULT_USER_AGENT,
    CrawlConfig,
    CrawlEvent,
    CrawlSources,
    CrawlSummary,
    FetchedPage,
    FetchFailed,
    FetchSkipped,
)

__all__ = [
    "DEFAULT_USER_AGENT",
    "CrawlConfig",
    "CrawlEvent",
    "CrawlSources",
    "CrawlSummary",
    "DiscoveredURL",
    "FetchFailed",
    "FetchSkipped",
    "FetchedPage",
    "Fetcher",
    "RawPage",
    "RawStore",
    "WarcPage",
    "content_hash",
    "crawl",
    "crawl_async",
    "fetch_url",
    "fetch_url_async",
    "find_canonical",
    "iter_raw_pages",
    "iter_warc_pages",
    "normalize_url",
    "parse_feed",
    "parse_retry_after",
    "parse_sitemap",
    "read_url_file",
]
