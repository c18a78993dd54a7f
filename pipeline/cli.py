"""The ``dealfacts`` command: a thin layer over the library.

dealfacts extract data/raw --jsonl out.jsonl          # files, dirs or URLs -> SQLite + JSONL
dealfacts extract page.html --no-db --jsonl -         # print records, no database
dealfacts text https://example.com/story              # the clean text the extractor reads
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from pipeline import __version__
from pipeline.errors import DealfactsError

DEFAULT_DB = "sqlite:///data/processed/deals.sqlite"
DEFAULT_INPUT = "data/raw"


def _db_url(value: str) -> str:
    if "://" in value:
        return value
    return f"sqlite:///{value}"


@contextlib.contextmanager
def _open_out(path: str | None) -> Iterator[IO[str] | None]:
    if path is None:
        yield None
    elif path == "-":
        yield sys.stdout
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            yield fh


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.batch import iter_inputs
    from pipeline.config import ExtractorConfig
    from pipeline.extractor import Extractor

    inputs = list(iter_inputs(args.paths or [DEFAULT_INPUT]))
    if not inputs:
        print(
            f"dealfacts: no .txt/.html/.htm inputs in {' '.join(args.paths or [DEFAULT_INPUT])}",
            file=sys.stderr,
        )
        return 2
    config = ExtractorConfig(
        transformer=not args.no_transformer,
        device=args.device,
        precision=args.precision,
        runtime=args.runtime,
        batch_size=args.batch_size,
    )
    workers = getattr(args, "workers", 1)
    dask = getattr(args, "dask", None)
    if workers < 1:
        print("dealfacts: --workers must be at least 1", file=sys.stderr)
        return 2
    with contextlib.ExitStack() as stack:
        if dask:
            from pipeline.parallel import DaskRunner

            extractor: Any = stack.enter_context(
                DaskRunner(config, dask, workers=workers if workers > 1 else None)
            )
        elif workers > 1:
            from pipeline.parallel import ProcessRunner

            extractor = stack.enter_context(ProcessRunner(config, workers))
        else:
            extractor = Extractor(config)
        return _extract_with(args, inputs, extractor)


def _extract_with(args: argparse.Namespace, inputs: list[str], extractor: Any) -> int:
    from tqdm import tqdm

    from pipeline.batch import run_batch

    store = None
    if not args.no_db:
        from pipeline.store import Store

        store = Store(_db_url(args.db))
    bar = tqdm(
        total=len(inputs),
        unit="article",
        disable=args.quiet or not sys.stderr.isatty() and not args.progress,
        file=sys.stderr,
    )
    try:
        with _open_out(args.jsonl) as out:
            summary = run_batch(
                inputs,
                extractor,
                store=store,
                jsonl=out,
                fail_fast=args.fail_fast,
                skip_done=not args.redo,
                on_result=lambda _r: bar.update(1),
            )
    finally:
        bar.close()
        if store is not None:
            store.close()
    if not args.quiet:
        print(summary.format(), file=sys.stderr)
    return 1 if summary.failed else 0


def cmd_crawl(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from pipeline.fetch import CrawlConfig, CrawlSources, crawl

    sources = CrawlSources(
        urls=list(args.url),
        feeds=list(args.feed),
        sitemaps=list(args.sitemap),
        url_files=[Path(p) for p in args.urls],
        warcs=[Path(p) for p in args.warc],
    )
    if not any((sources.urls, sources.feeds, sources.sitemaps, sources.url_files, sources.warcs)):
        print(
            "dealfacts: nothing to crawl: give URLs, --feed, --sitemap, --urls or --warc",
            file=sys.stderr,
        )
        return 2
    config = CrawlConfig(per_host_delay=args.delay) if args.delay is not None else CrawlConfig()
    bar = tqdm(unit="page", disable=args.quiet, file=sys.stderr)

    def progress(event: object) -> None:
        total = getattr(event, "total", None)
        if total and bar.total != total:
            bar.total = total
        bar.update(1)

    try:
        summary = crawl(sources, args.out, config=config, progress=progress)
    finally:
        bar.close()
    if not args.no_db:
        from pipeline.fetch import iter_raw_pages
        from pipeline.store import Store

        written = {str(p) for p in summary.pages} | {str(p) for p in summary.unchanged_pages}
        with Store(_db_url(args.db)) as store:
            for page in iter_raw_pages(args.out):
                if str(page.body_path) in written:
                    m = page.meta
                    store.record_page(
                        page.url,
                        final_url=page.final_url,
                        status=m.get("status"),
                        etag=m.get("etag"),
                        last_modified=m.get("last_modified"),
                        content_hash=page.content_hash,
                        raw_path=str(page.body_path),
                    )
    if not args.quiet:
        print(summary.format(), file=sys.stderr)
    status = 0 if summary.ok else 1
    if args.extract and summary.pages + summary.unchanged_pages:
        args.paths = [str(p) for p in [*summary.pages, *summary.unchanged_pages]]
        status = max(status, cmd_extract(args))
    return status


def cmd_query(args: argparse.Namespace) -> int:
    import csv
    import datetime as dt

    from pipeline.store import Store

    with Store(_db_url(args.db)) as store:
        rows = store.query(
            org=args.org,
            type=args.type,
            min_usd=args.min_usd,
            max_usd=args.max_usd,
            since=dt.date.fromisoformat(args.since) if args.since else None,
            until=dt.date.fromisoformat(args.until) if args.until else None,
            limit=args.limit,
        )
    if args.format == "json":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False, default=str))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["deal_id"])
        writer.writeheader()
        writer.writerows(rows)
    else:
        from tabulate import tabulate

        cols = [
            c
            for c in (
                "deal_id",
                "type",
                "buyer_side",
                "seller_side",
                "amount_value",
                "currency",
                "period",
                "usd_per_year",
                "gpu_count",
                "gpu_model",
                "date",
            )
            if rows and c in rows[0]
        ]
        print(
            tabulate([[r.get(c) for c in cols] for r in rows], headers=cols) if rows else "no deals"
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from pipeline.store import Store

    fmt = args.format or Path(args.path).suffix.lstrip(".")
    if fmt not in ("csv", "jsonl", "parquet"):
        print("dealfacts: export format must be csv, jsonl or parquet", file=sys.stderr)
        return 2
    with Store(_db_url(args.db)) as store:
        n = store.export(args.path, fmt)  # type: ignore[arg-type]
    print(f"{n} rows written to {args.path}", file=sys.stderr)
    return 0


def cmd_text(args: argparse.Namespace) -> int:
    from pipeline.extractor import load_source

    failed = 0
    for source in args.sources:
        try:
            article = load_source(source)
        except DealfactsError as exc:
            failed += 1
            print(f"dealfacts: {source}: {exc}", file=sys.stderr)
            continue
        if args.json:
            print(
                json.dumps(
                    {
                        "source": source,
                        "id": article.id,
                        "title": article.title,
                        "url": article.url,
                        "canonical_url": article.canonical_url,
                        "site": article.site,
                        "author": article.author,
                        "published": article.published.isoformat() if article.published else None,
                        "language": article.language,
                        "text": article.text,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            print(article.text)
            print()
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dealfacts",
        description="Turn tech-news articles into normalised deal records.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__,
    )
    parser.add_argument("--version", action="version", version=f"dealfacts {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser(
        "extract",
        help="extract deals from files, directories or URLs",
        description="Extract deals. Directories are walked for .txt, .html and .htm files; "
        "with no path, data/raw is read. Exit status 1 if any input failed.",
        epilog="example: dealfacts extract data/raw --jsonl data/processed/deals.jsonl",
    )
    ex.add_argument(
        "paths", nargs="*", help="files, directories or http(s) URLs (default: data/raw)"
    )
    ex.add_argument("--jsonl", metavar="FILE", help="write SCHEMA.md records here ('-' for stdout)")
    ex.add_argument(
        "--db",
        default=DEFAULT_DB,
        metavar="URL",
        help=f"database URL or SQLite path (default: {DEFAULT_DB}); postgresql+psycopg://... works too",
    )
    ex.add_argument("--no-db", action="store_true", help="do not write a database")
    ex.add_argument("--no-transformer", action="store_true", help="rules alone (ablation)")
    ex.add_argument(
        "--device",
        choices=["auto", "cpu", "cuda"],
        default="auto",
        help="where the transformer runs",
    )
    ex.add_argument(
        "--runtime",
        choices=["auto", "torch", "onnx"],
        default="auto",
        help="what runs the transformer (default: auto, ONNX Runtime on a CPU, torch on a GPU)",
    )
    ex.add_argument(
        "--precision",
        choices=["auto", "fp32", "bf16", "int8"],
        default="auto",
        help="transformer arithmetic (default: auto, fp32 on ONNX Runtime; on torch bf16 where "
        "the CPU or GPU does it natively); int8 (ONNX Runtime) is faster and lossy",
    )
    ex.add_argument(
        "--batch-size", type=int, default=16, help="articles per spaCy batch (default: 16)"
    )
    ex.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="local worker processes, each loading the models once (default: 1); "
        "with --dask local, the cluster's worker count",
    )
    ex.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on dask.distributed: 'local' (a LocalCluster) or a scheduler like tcp://HOST:8786; "
        "results are written to the database by this process",
    )
    ex.add_argument("--fail-fast", action="store_true", help="stop at the first failed input")
    ex.add_argument(
        "--redo", action="store_true", help="re-extract inputs this extractor version already did"
    )
    ex.add_argument(
        "--progress", action="store_true", help="show the progress bar even when not on a terminal"
    )
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    ex.set_defaults(func=cmd_extract)

    cr = sub.add_parser(
        "crawl",
        help="fetch pages politely from feeds, sitemaps, URL lists or WARC files",
        description="Crawl into a raw page store (body + JSON sidecar with URL, fetch time, status, "
        "headers) so runs can be repeated offline. Honours robots.txt, per-host delays, "
        "Retry-After; re-crawls send If-None-Match / If-Modified-Since.",
        epilog="example: dealfacts crawl --feed https://example.com/rss.xml --extract",
    )
    cr.add_argument("url", nargs="*", help="page URLs")
    cr.add_argument(
        "--feed", action="append", default=[], metavar="URL", help="RSS or Atom feed (repeatable)"
    )
    cr.add_argument(
        "--sitemap",
        action="append",
        default=[],
        metavar="URL",
        help="sitemap, sitemap index or news sitemap (repeatable)",
    )
    cr.add_argument(
        "--urls", action="append", default=[], metavar="FILE", help="file of URLs, one per line"
    )
    cr.add_argument(
        "--warc", action="append", default=[], metavar="FILE", help="WARC file, e.g. CC-NEWS"
    )
    cr.add_argument(
        "--out",
        default="data/raw/crawl",
        metavar="DIR",
        help="raw page store (default: data/raw/crawl)",
    )
    cr.add_argument(
        "--delay", type=float, metavar="SECONDS", help="per-host delay between requests"
    )
    cr.add_argument(
        "--extract", action="store_true", help="extract deals from the crawled pages afterwards"
    )
    cr.add_argument(
        "--db",
        default=DEFAULT_DB,
        metavar="URL",
        help="database for pages (and deals with --extract)",
    )
    cr.add_argument("--no-db", action="store_true", help="do not write a database")
    cr.add_argument("--jsonl", metavar="FILE", help="with --extract: write records here")
    cr.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    cr.set_defaults(
        func=cmd_crawl,
        no_transformer=False,
        device="auto",
        precision="auto",
        runtime="auto",
        batch_size=16,
        fail_fast=False,
        redo=False,
        progress=False,
        workers=1,
        dask=None,
    )

    qu = sub.add_parser(
        "query",
        help="list deals from the database",
        epilog="example: dealfacts query --org Microsoft --type compute --min-usd 1e9 --format csv",
    )
    qu.add_argument("--db", default=DEFAULT_DB, metavar="URL")
    qu.add_argument("--org", help="organisation name or alias")
    qu.add_argument(
        "--type",
        choices=[
            "acquisition",
            "investment",
            "compute",
            "purchase",
            "partnership",
            "licensing",
            "other",
        ],
    )
    qu.add_argument("--min-usd", type=float, help="smallest value in USD")
    qu.add_argument("--max-usd", type=float, help="largest value in USD")
    qu.add_argument("--since", metavar="YYYY-MM-DD")
    qu.add_argument("--until", metavar="YYYY-MM-DD")
    qu.add_argument("--limit", type=int)
    qu.add_argument("--format", choices=["table", "csv", "json"], default="table")
    qu.set_defaults(func=cmd_query)

    eo = sub.add_parser(
        "export",
        help="export deals as CSV, JSONL (SCHEMA.md records) or Parquet",
        epilog="example: dealfacts export deals.parquet",
    )
    eo.add_argument("path", help="output file")
    eo.add_argument(
        "--format", choices=["csv", "jsonl", "parquet"], help="default: from the file ending"
    )
    eo.add_argument("--db", default=DEFAULT_DB, metavar="URL")
    eo.set_defaults(func=cmd_export)

    tx = sub.add_parser(
        "text",
        help="print the clean text the extractor reads",
        epilog="example: dealfacts text data/raw/google-spacex.txt",
    )
    tx.add_argument("sources", nargs="+", help="files or http(s) URLs")
    tx.add_argument("--json", action="store_true", help="one JSON object per input, with metadata")
    tx.set_defaults(func=cmd_text)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dealfacts`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except DealfactsError as exc:
        print(f"dealfacts: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
