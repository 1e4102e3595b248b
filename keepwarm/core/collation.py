"""LANG-1: names sort as a speaker of the reader's language expects, in the same order on both databases.

PostgreSQL gets ICU collations from a migration (clients 0007); SQLite gets the same ones from PyICU on every
connection. Both use the system's ICU library, so "Bălan, Bîrsan, Botnaru, Brown" (ro) and Cyrillic before
Latin (ru) or after it (en) come out alike.
"""

from __future__ import annotations

from typing import Any

import icu
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, OrderBy
from django.db.models.functions import Collate

# The UI languages (core.l10n.Language) and the ICU locale each sorts by.
LOCALES = {"en": "en", "ru": "ru", "ro": "ro"}


def collation_name(language: str) -> str:
    """The collation for a reader's language; an unknown one sorts as English."""
    return f"keepwarm_{language if language in LOCALES else 'en'}"


def register_sqlite_collations(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """connection_created: an index on a collated column is unusable, even unwritable, without it."""
    if connection.vendor != "sqlite":
        return
    for language, locale in LOCALES.items():
        collator = icu.Collator.createInstance(icu.Locale(locale))
        connection.connection.create_collation(collation_name(language), collator.compare)


def users_by_name(language: str) -> tuple[Collate | str, ...]:
    """Order users (owner pickers, team load) as their names are shown, first name first."""
    collation = collation_name(language)
    return Collate("first_name", collation), Collate("last_name", collation), "username"


def by_name(language: str, *, prefix: str = "") -> tuple[OrderBy | F | Collate, ...]:
    """Order by last then first name in the reader's language; the id keeps the order total (pages never
    repeat a row). `prefix` reaches the names through a relation, e.g. "client__"."""
    collation = collation_name(language)
    return (
        Collate(f"{prefix}last_name", collation),
        Collate(f"{prefix}first_name", collation),
        F(f"{prefix}id"),
    )
