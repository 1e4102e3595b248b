"""Database upkeep that PostgreSQL does by itself (autovacuum) but SQLite needs to be asked for."""

from __future__ import annotations

from django.db import connection


def refresh_query_statistics() -> None:
    """Fresh statistics let SQLite start the agenda from the owner's clients, not from every open touch.

    Read in full (half a second at 100,000 clients and a million touches): sampled ones counted a fifth of an
    owner's clients, and SQLite sorted a lead's whole team for the client list's first page (issue 15)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=0")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
