"""The `dealfacts` command against a real local site: crawl, extract, text."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.httpserver import SiteServer, site_fixture  # noqa: F401  (pytest fixture "site")


def test_crawl_feed_then_extract_records_pages_and_deals(site: SiteServer, tmp_path: Path) -> None:
    db = tmp_path / "crawl.sqlite"
    out = tmp_path / "deals.jsonl"
    raw = tmp_path / "raw"
    status = main(
        [
            "crawl",
            "--feed",
            site.url("/feed.rss"),
            "--out",
            str(raw),
            "--delay",
            "0",
            "--db",
            f"sqlite:///{db}",
            "--extract",
            "--jsonl",
            str(out),
            "-q",
        ]
    )
    assert status in (0, 1)
    con = sqlite3.connect(db)
    pages = [r[0] for r in con.execute("SELECT url FROM pages")]
    articles = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    con.close()
    assert any("lumora-kestrel" in u for u in pages)
    assert not any("private" in u for u in pages)  # robots.txt disallows it
    assert articles == len(out.read_text().splitlines()) >= 2
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert all(i.startswith("http://127.0.0.1") for i in ids)  # a crawled page's id is its URL


def test_crawl_with_nothing_to_do_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["crawl", "--out", str(tmp_path), "--no-db", "-q"]) == 2


def test_text_prints_clean_text_and_json(
    site: SiteServer, capsys: pytest.CaptureFixture[str], root: Path
) -> None:
    assert main(["text", str(root / "data" / "raw" / "google-spacex.txt")]) == 0
    text = capsys.readouterr().out
    assert "referrerpolicy" not in text and "style=" not in text
    assert text.count("In a groundbreaking move") == 1
    assert main(["text", "--json", site.url("/articles/lumora-kestrel.html")]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["url"].endswith("lumora-kestrel.html") and rec["title"] and rec["text"]


def test_text_on_a_missing_file_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["text", str(tmp_path / "gone.html")]) == 1
    assert "gone.html" in capsys.readouterr().err


def test_query_and_export_read_the_database(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'q.sqlite'}"
    assert main(["extract", str(root / "data" / "raw"), "--db", db, "-q", "--no-transformer"]) == 0
    capsys.readouterr()
    assert main(["query", "--db", db, "--org", "Google", "--format", "json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 1 and rows[0]["type"] == "compute"
    assert (
        main(["query", "--db", db, "--type", "acquisition", "--min-usd", "1e9", "--format", "csv"])
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "acquisition" in lines[1]
    out = tmp_path / "all.jsonl"
    assert main(["export", str(out), "--db", db]) == 0
    ids = {json.loads(line)["id"] for line in out.read_text().splitlines()}
    assert {"google-spacex", "sample-vantor-kestrel"} <= ids
