"""Alembic environment: run only through ``pipeline.store.migrate`` (no alembic.ini needed).

The caller passes an open connection inside a transaction in ``config.attributes``; on
PostgreSQL an advisory lock makes concurrent upgraders wait for each other, on SQLite the
caller's ``BEGIN IMMEDIATE`` does the same.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from pipeline.errors import StoreError
from pipeline.store.models import Base

#: Key of the PostgreSQL advisory lock held while migrating.
PG_MIGRATION_LOCK = 72430017

connection = context.config.attributes.get("connection")
if connection is None:
    raise StoreError("migrations run through pipeline.store.migrate.upgrade(), with a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
    context.run_migrations()
