"""Database upkeep that PostgreSQL does by itself (autovacuum) but SQLite needs to be asked for."""

from __future__ import annotations

from django.db import connection


def refresh_query_statistics() -> None:
    """Fresh statistics let SQLite start the agenda from the owner's clients, not from every open touch."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("PRAGMA optimize")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
