"""The raw page store: each fetched page as fetched, with a JSON sidecar, never modified.

Layout: ``raw_dir/<host>/<sha1(url)>.<ext>`` holds the body bytes exactly as received
(after transfer decoding) and ``raw_dir/<host>/<sha1(url)>.json`` its record: url,
final_url, fetched_at, status, headers, etag, last_modified, content_type, content_hash,
canonical_url, source (``http`` or ``warc``) and body_file. The sidecar is written last,
so a page without one is incomplete and ignored. Runs can be repeated offline from here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["RawPage", "RawStore", "iter_raw_pages", "normalize_url"]

_TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|_ga)$", re.I)


def normalize_url(url: str) -> str:
    """A canonical form of ``url`` for de-duplication.

    Lower-cases scheme and host, drops default ports, fragments and tracking parameters
    (``utm_*``, ``fbclid``, ...), and gives an empty path as ``/``.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING_PARAMS.match(k)
        ]
    )
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def _host_dir(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "unknown").lower()
    if parts.port:
        host = f"{host}_{parts.port}"
    return re.sub(r"[^a-z0-9._-]", "_", host) or "unknown"


def _suffix(content_type: str) -> str:
    ct = content_type.lower()
    if "html" in ct:
        return ".html"
    if "xml" in ct:
        return ".xml"
    return ".txt" if ct.startswith("text/") else ".html"


@dataclass(slots=True, frozen=True)
class RawPage:
    """A stored page: its body file and its sidecar record."""

    body_path: Path
    meta_path: Path
    meta: dict[str, Any]

    @property
    def url(self) -> str:
        return str(self.meta["url"])

    @property
    def final_url(self) -> str:
        return str(self.meta.get("final_url") or self.meta["url"])

    @property
    def content_hash(self) -> str | None:
        return self.meta.get("content_hash")

    def read(self) -> bytes:
        return self.body_path.read_bytes()


class RawStore:
    """Reads and writes the raw page store under ``root``."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def paths_for(self, url: str, content_type: str = "text/html") -> tuple[Path, Path]:
        """(body path, sidecar path) of ``url``."""
        key = hashlib.sha1(normalize_url(url).encode("utf-8")).hexdigest()
        folder = self.root / _host_dir(url)
        return folder / f"{key}{_suffix(content_type)}", folder / f"{key}.json"

    def get(self, url: str) -> RawPage | None:
        """The stored page for ``url``, or ``None``."""
        _, meta_path = self.paths_for(url)
        return _read_record(meta_path)

    def save(
        self,
        url: str,
        body: bytes,
        *,
        final_url: str | None = None,
        status: int = 200,
        headers: dict[str, str] | None = None,
        content_type: str = "text/html",
        fetched_at: dt.datetime | None = None,
        canonical_url: str | None = None,
        source: str = "http",
        extra: dict[str, Any] | None = None,
    ) -> RawPage:
        """Write ``body`` and its sidecar atomically; returns the stored page."""
        body_path, meta_path = self.paths_for(url, content_type)
        body_path.parent.mkdir(parents=True, exist_ok=True)
        headers = dict(headers or {})
        meta: dict[str, Any] = {
            "url": url,
            "final_url": final_url or url,
            "fetched_at": (fetched_at or dt.datetime.now(dt.UTC)).isoformat(),
            "status": status,
            "content_type": content_type,
            "headers": headers,
            "etag": headers.get("etag"),
            "last_modified": headers.get("last-modified"),
            "content_hash": content_hash(body),
            "canonical_url": canonical_url,
            "source": source,
            "body_file": body_path.name,
            "size": len(body),
        }
        if extra:
            meta.update(extra)
        _atomic_write(body_path, body)
        _atomic_write(meta_path, json.dumps(meta, indent=1, sort_keys=True).encode("utf-8"))
        return RawPage(body_path, meta_path, meta)

    def touch(self, page: RawPage, fetched_at: dt.datetime) -> RawPage:
        """Record a 304 re-check of ``page`` (new ``checked_at``; body unchanged)."""
        meta = dict(page.meta, checked_at=fetched_at.isoformat())
        _atomic_write(page.meta_path, json.dumps(meta, indent=1, sort_keys=True).encode("utf-8"))
        return RawPage(page.body_path, page.meta_path, meta)

    def __iter__(self) -> Iterator[RawPage]:
        return iter_raw_pages(self.root)


def content_hash(body: bytes) -> str:
    """SHA-256 of a body with whitespace runs collapsed (so re-indented copies match)."""
    return hashlib.sha256(re.sub(rb"\s+", b" ", body).strip()).hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_record(meta_path: Path) -> RawPage | None:
    try:
        meta = json.loads(meta_path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(meta, dict) or "url" not in meta or "body_file" not in meta:
        return None
    body_path = meta_path.with_name(str(meta["body_file"]))
    if not body_path.is_file():
        return None
    return RawPage(body_path, meta_path, meta)


def iter_raw_pages(raw_dir: Path | str) -> Iterator[RawPage]:
    """Every complete page stored under ``raw_dir``, in a stable order."""
    root = Path(raw_dir)
    if not root.is_dir():
        return
    for meta_path in sorted(root.glob("*/*.json")):
        page = _read_record(meta_path)
        if page is not None:
            yield page
