"""A real HTTP server on 127.0.0.1 serving the fixture site, with misbehaving routes.

Static files come from ``tests/fixtures/site`` (``{base}`` in XML and robots files is
replaced by the server's address). Dynamic routes imitate hostile or flaky servers.
Counters are kept per path *including* the query string, so each test can use a fresh
``?t=name`` to get a first-request behaviour of its own.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

SITE = Path(__file__).parent / "fixtures" / "site"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
}
LAST_MODIFIED = "Tue, 09 Apr 2024 06:15:00 GMT"


@dataclass
class SiteServer:
    """The running server: its base URL and what it saw."""

    base: str
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def seen(self, path: str) -> list[dict[str, str]]:
        """Headers of every request the server got for ``path`` (with query)."""
        with self.lock:
            return [h for p, h in self.requests if p == path]


def _bomb() -> bytes:
    # 64 MB of spaces compress to about 64 KB: a 1000:1 decompression bomb.
    return gzip.compress(b"<html><body>" + b" " * (64 * 1024 * 1024), compresslevel=9)


class _Handler(BaseHTTPRequestHandler):
    server_version = "FixtureSite/1.0"
    site: SiteServer
    bomb: bytes

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if "Content-Length" not in (headers or {}) and body is not None:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _file(self, rel: str) -> bytes:
        data = (SITE / rel).read_bytes()
        if rel.endswith((".xml", ".rss", ".atom", ".txt")):
            data = data.replace(b"{base}", self.site.base.encode())
        return data

    def _variant(self, rel: str, tag: str) -> bytes:
        """A fixture page made distinct (content hash, no canonical link) for another URL."""
        body = re.sub(rb"<link rel=\"canonical\"[^>]*>", b"", self._file(rel))
        return body + f"<!-- served by {tag} -->\n".encode()

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        full = self.path
        path = urlsplit(full).path
        headers = {k.lower(): v for k, v in self.headers.items()}
        with self.site.lock:
            self.site.requests.append((full, headers))
            self.site.hits[full] += 1
            n = self.site.hits[full]
        html = TYPES[".html"]
        if path == "/robots.txt" and "Robots500" in headers.get("user-agent", ""):
            self._send(500, b"robots are broken today", {"Content-Type": "text/plain"})
        elif path == "/robots.txt":
            self._send(200, self._file("robots.txt"), {"Content-Type": TYPES[".txt"]})
        elif path == "/flaky/429.html":
            if n == 1:
                self._send(429, b"slow down", {"Retry-After": "7"})
            else:
                self._send(
                    200, self._variant("articles/plain-deal.html", path), {"Content-Type": html}
                )
        elif path == "/flaky/429-date.html":
            if n == 1:
                when = format_datetime(
                    dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30), usegmt=True
                )
                self._send(503, b"maintenance", {"Retry-After": when})
            else:
                self._send(
                    200, self._variant("articles/dup-original.html", path), {"Content-Type": html}
                )
        elif path == "/flaky/429-forever.html":
            self._send(429, b"go away", {"Retry-After": "86400"})
        elif path == "/flaky/500.html":
            if n == 1:
                self._send(500, b"oops", {"Content-Type": "text/plain"})
            else:
                self._send(
                    200, self._variant("articles/harbor-merger.html", path), {"Content-Type": html}
                )
        elif path == "/always-500.html":
            self._send(500, b"broken", {"Content-Type": "text/plain"})
        elif path == "/slow.html":
            time.sleep(2.0)
            self._send(200, b"<html><body><p>late</p></body></html>", {"Content-Type": html})
        elif path == "/drip.html":
            try:
                self.send_response(200)
                self.send_header("Content-Type", html)
                self.end_headers()
                self.wfile.write(b"<html><body><p>")
                self.wfile.flush()
                for _ in range(60):  # one byte every 0.1 s: never a read timeout
                    time.sleep(0.1)
                    self.wfile.write(b"x")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/big.html":
            try:  # no Content-Length: the client must count while streaming
                self.send_response(200)
                self.send_header("Content-Type", html)
                self.end_headers()
                chunk = b"<p>" + b"filler text " * 800 + b"</p>\n"
                for _ in range(400):  # ~4 MB
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif path == "/big-declared.html":
            self._send(200, b"", {"Content-Type": html, "Content-Length": str(50 * 1024 * 1024)})
        elif path == "/doc.pdf":
            self._send(200, b"%PDF-1.4\n% not really a pdf\n", {"Content-Type": "application/pdf"})
        elif path in ("/loop/a", "/loop/b"):
            target = "/loop/b" if path == "/loop/a" else "/loop/a"
            self._send(302, b"", {"Location": target})
        elif path == "/hop/1":
            self._send(301, b"", {"Location": "/hop/2"})
        elif path == "/hop/2":
            self._send(302, b"", {"Location": self.site.base + "/articles/pallas-grid.html"})
        elif path == "/to-ftp":
            self._send(302, b"", {"Location": "ftp://127.0.0.1/file.html"})
        elif path == "/gzip.html":
            body = gzip.compress(self._variant("articles/lumora-kestrel.html", path))
            self._send(200, body, {"Content-Type": html, "Content-Encoding": "gzip"})
        elif path == "/bomb.html":
            self._send(200, self.bomb, {"Content-Type": html, "Content-Encoding": "gzip"})
        elif path == "/etag.html":
            if headers.get("if-none-match") == '"v1"':
                self._send(304, b"", {"ETag": '"v1"'})
            else:
                body = self._file("articles/pallas-grid.html")
                self._send(200, body, {"Content-Type": html, "ETag": '"v1"'})
        elif path == "/lastmod.html":
            if headers.get("if-modified-since") == LAST_MODIFIED:
                self._send(304, b"", {})
            else:
                body = self._variant("articles/canon.html", path).replace(b"Solvane", b"Marrow")
                self._send(200, body, {"Content-Type": html, "Last-Modified": LAST_MODIFIED})
        elif path == "/mirror/dup-copy.html":
            self._send(200, self._file("articles/dup-original.html"), {"Content-Type": html})
        elif path == "/urls.txt":
            self._send(200, b"not used", {"Content-Type": "text/plain"})
        elif path == "/not-a-feed.xml":
            self._send(200, b"<html><body>nope</body></html>", {"Content-Type": "application/xml"})
        else:
            rel = path.lstrip("/")
            target = (SITE / rel).resolve()
            if rel and SITE.resolve() in target.parents and target.is_file():
                ctype = TYPES.get(target.suffix, "application/octet-stream")
                if target.name.startswith("cafe-"):
                    ctype = "text/html"  # charset only in the page's meta tag
                if target.name.startswith("aomi-"):
                    ctype = "text/html"
                self._send(200, self._file(rel), {"Content-Type": ctype})
            else:
                self._send(404, b"not found", {"Content-Type": "text/plain"})


_BOMB: bytes | None = None


def start_site_server() -> tuple[ThreadingHTTPServer, SiteServer]:
    """Start the fixture server on an ephemeral port; returns (server, its state)."""
    global _BOMB
    if _BOMB is None:
        _BOMB = _bomb()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    host, port = httpd.server_address[:2]
    state = SiteServer(base=f"http://{host}:{port}")
    handler = type("Handler", (_Handler,), {"site": state, "bomb": _BOMB})
    httpd.RequestHandlerClass = handler
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, state


@pytest.fixture(scope="module", name="site")
def site_fixture() -> Iterator[SiteServer]:
    """The fixture site, served for the whole test module."""
    httpd, state = start_site_server()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
