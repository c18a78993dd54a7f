"""Storage: the deal database (SQLite or PostgreSQL), its schema, migrations and queries.

``Store`` is the entry point; see ``store.py`` for what a save does, ``dedup.py`` for when two
reports are one deal, ``models.py`` for the tables and ``migrations/`` for the schema history.
"""

from pipeline.store.dedup import DATE_WINDOW_DAYS, Report, same_deal
from pipeline.store.names import normalise_name
from pipeline.store.store import DEFAULT_URL, SUMMARY_COLUMNS, TABLES, SaveResult, Store

__all__ = [
    "DATE_WINDOW_DAYS",
    "DEFAULT_URL",
    "SUMMARY_COLUMNS",
    "TABLES",
    "Report",
    "SaveResult",
    "Store",
    "normalise_name",
    "same_deal",
]
