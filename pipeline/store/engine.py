"""Engines for SQLite and PostgreSQL, and retries of transient write conflicts.

SQLite: WAL journal, ``foreign_keys=ON``, ``synchronous=NORMAL``, a 30 s busy timeout, and
write transactions opened with ``BEGIN IMMEDIATE`` so two writer processes queue for the write
lock instead of failing on a lock upgrade. PostgreSQL: writes run ``SERIALIZABLE``; a
serialization failure, deadlock or unique-key race is retried with the whole transaction.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from pipeline.errors import StoreError

T = TypeVar("T")

BUSY_TIMEOUT_S = 30.0
RETRY_ATTEMPTS = 12
#: PostgreSQL SQLSTATEs worth retrying: serialization failure, deadlock, unique-key race.
PG_RETRY_STATES = frozenset({"40001", "40P01", "23505"})
_SQLITE_BUSY = ("database is locked", "database is busy", "database table is locked")


def parse_url(url: str) -> URL:
    """The SQLAlchemy URL for ``url`` (``postgresql://`` means ``postgresql+psycopg://``)."""
    try:
        u = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r}") from exc
    if u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    if u.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(
            f"unsupported database {u.drivername!r}: use sqlite:///PATH or "
            "postgresql+psycopg://USER:PASSWORD@HOST/DB"
        )
    return u


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" hook emit BEGIN (pysqlite's own handling is off).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
    finally:
        cur.close()


def _sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> tuple[Engine, Engine]:
    """``(write_engine, read_engine)`` for ``url``; both share one connection pool."""
    u = parse_url(url)
    try:
        if u.get_backend_name() == "sqlite":
            in_memory = u.database in (None, "", ":memory:")
            if not in_memory:
                Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            kwargs: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_S}}
            if in_memory:
                kwargs["poolclass"] = StaticPool
                kwargs["connect_args"]["check_same_thread"] = False
            engine = create_engine(u, **kwargs)
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
            return engine, engine.execution_options(sqlite_begin="DEFERRED")
        engine = create_engine(u, pool_pre_ping=True)
        return engine.execution_options(isolation_level="SERIALIZABLE"), engine
    except (NoSuchModuleError, ImportError) as exc:
        raise StoreError(f"no database driver for {u.drivername!r}: {exc}") from exc


def is_transient(exc: BaseException) -> bool:
    """Whether a failed transaction may succeed when run again (locks, serialization)."""
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    if isinstance(orig, sqlite3.OperationalError):
        return any(s in str(orig).lower() for s in _SQLITE_BUSY)
    return getattr(orig, "sqlstate", None) in PG_RETRY_STATES


def with_retries(fn: Callable[[], T], *, what: str, attempts: int = RETRY_ATTEMPTS) -> T:
    """Run ``fn`` (one whole transaction), again on transient conflicts, with backoff.

    Raises ``StoreError`` once ``attempts`` are used up, or at once for any other database
    error.
    """
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except DBAPIError as exc:
            if not is_transient(exc):
                raise StoreError(f"{what} failed: {exc.orig}") from exc
            if attempt == attempts:
                raise StoreError(
                    f"{what} failed after {attempts} attempts on write conflicts: {exc.orig}"
                ) from exc
            time.sleep(min(1.0, 0.02 * 2**attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")
