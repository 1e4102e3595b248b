"""LANG-1: names sort as a speaker of the reader's language expects, in the same order on both databases.

PostgreSQL gets ICU collations from a migration (clients 0007); SQLite gets the same ones from PyICU on every
connection, with each one's sort keys (NameKey). Both use the system's ICU library, so "Bălan, Bîrsan, Botnaru,
Brown" (ro) and Cyrillic before Latin (ru) or after it (en) come out alike.
"""

from __future__ import annotations

from typing import Any

import icu
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Func, OrderBy
from django.db.models.functions import Collate

# The UI languages (core.l10n.Language) and the ICU locale each sorts by.
LOCALES = {"en": "en", "ru": "ru", "ro": "ro"}


def collation_name(language: str) -> str:
    """The collation for a reader's language; an unknown one sorts as English."""
    return f"keepwarm_{language if language in LOCALES else 'en'}"


def sort_key_function(collation: str) -> str:
    """SQLite's function that gives a text's sort key in `collation` (registered with it on every connection)."""
    return f"{collation}_key"


def register_sqlite_collations(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """connection_created: an index on a collated column or a sort key is unusable, even unwritable, without it."""
    if connection.vendor != "sqlite":
        return
    for language, locale in LOCALES.items():
        collator = icu.Collator.createInstance(icu.Locale(locale))
        connection.connection.create_collation(collation_name(language), collator.compare)
        key = collator.getSortKey
        connection.connection.create_function(
            sort_key_function(collation_name(language)),
            1,
            lambda text, key=key: None if text is None else key(text),
            deterministic=True,  # an index may hold it
        )


class NameKey(Func):
    """A text as it sorts in an ICU collation. PostgreSQL: the text COLLATE it. SQLite: the text's ICU sort key, a
    BLOB that SQLite compares byte by byte in the same order (ICU's guarantee). An index on a collated column
    called the collator, in Python, about 15 times per row and name on every insert (most of an import's time);
    an index on the key calls ICU once per row and name. Not a Collate: Django's index would unwrap that."""

    def __init__(self, expression: Any, collation: str) -> None:
        if not Collate.collation_re.match(collation):
            raise ValueError(f"Invalid collation name: {collation!r}.")
        self.collation = collation
        super().__init__(expression)

    def as_sql(self, compiler: Any, connection: BaseDatabaseWrapper, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sql} COLLATE {connection.ops.quote_name(self.collation)}", params

    def as_sqlite(self, compiler: Any, connection: BaseDatabaseWrapper, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"{sort_key_function(self.collation)}({sql})", params


def users_by_name(language: str) -> tuple[Collate | str, ...]:
    """Order users (owner pickers, team load) as their names are shown, first name first."""
    collation = collation_name(language)
    return Collate("first_name", collation), Collate("last_name", collation), "username"


def by_name(language: str, *, prefix: str = "") -> tuple[OrderBy | F | NameKey, ...]:
    """Order by last then first name in the reader's language; the id keeps the order total (pages never
    repeat a row). `prefix` reaches the names through a relation, e.g. "client__". The clients' name indexes
    hold these expressions, so the list walks them instead of sorting."""
    collation = collation_name(language)
    return (
        NameKey(f"{prefix}last_name", collation),
        NameKey(f"{prefix}first_name", collation),
        F(f"{prefix}id"),
    )
