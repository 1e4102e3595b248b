"""The client list as rows for CSV/XLSX and as vCards: whatever the list's filters select (OWN-1 through
clients.selectors.clients_listed), read as plain tuples in chunks so 100,000 clients never sit in memory."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Aggregate, OuterRef, QuerySet, Subquery, TextChoices, TextField
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts.models import User
from keepwarm.clients import selectors
from keepwarm.clients.choices import Category, DecisionRole, NeverReason, RelationshipGroup
from keepwarm.clients.models import Client
from keepwarm.clients.zone_source import zone_source_texts
from keepwarm.core.l10n import Language
from keepwarm.exports import writers
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch

CHUNK = 2000  # rows per fetch from the chunked cursor


@dataclass(frozen=True)
class Column:
    header: Any  # a lazy translation, worded when the export runs
    field: str  # what values_list reads; "interests" is the export_interests subquery
    choices: type[TextChoices] | None = None
    imported_as: str = ""  # the import's field (imports.mapping.FIELDS) that reads this column back in


COLUMNS = (
    Column(_("ID"), "id"),
    Column(_("Last name"), "last_name", imported_as="last_name"),
    Column(_("First name"), "first_name", imported_as="first_name"),
    Column(_("Patronymic"), "patronymic", imported_as="patronymic"),
    Column(_("Organization"), "organization__name", imported_as="organization"),
    Column(_("Position"), "position", imported_as="position"),
    Column(_("Decision role"), "decision_role", DecisionRole, imported_as="decision_role"),
    Column(_("Phones"), "phones", imported_as="phone"),
    Column(_("E-mails"), "emails", imported_as="email"),
    Column(_("Category"), "category", Category, imported_as="category"),
    Column(_("Reason for Never"), "never_reason", NeverReason, imported_as="never_reason"),
    Column(_("Relationship"), "relationship_group", RelationshipGroup, imported_as="relationship_group"),
    Column(_("Interests"), "interests", imported_as="interests"),
    Column(_("Owner"), "owner__username", imported_as="owner"),
    Column(_("Country"), "country", imported_as="country"),
    Column(_("Time zone"), "time_zone", imported_as="time_zone"),
    Column(_("Time zone source"), "time_zone_source", imported_as="time_zone_source"),  # with its evidence: _rows
    Column(_("Language"), "language", Language, imported_as="language"),
    Column(_("Birthday"), "birthday", imported_as="birthday"),
    Column(_("Next step"), "export_next_step"),
    Column(_("Last contact"), "last_touch_at", imported_as="last_contact"),
    Column(_("Last purchase"), "last_order_on", imported_as="last_purchase"),
    Column(_("Do not contact"), "do_not_contact", imported_as="do_not_contact"),
    Column(_("Notes"), "notes", imported_as="notes"),
    Column(_("Created"), "created_at"),
)
# The last value read is no column of its own: the evidence the time zone source is worded with (TIME-1).
READ = [column.field if column.field != "interests" else "export_interests" for column in COLUMNS]
READ.append("time_zone_evidence")


def headers() -> list[str]:
    return [str(column.header) for column in COLUMNS]


class JoinedNames(Aggregate):
    """The names of a group as one text "a, b" (PostgreSQL's STRING_AGG, SQLite's GROUP_CONCAT)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ', ')"
    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def with_export_columns(queryset: QuerySet[Client]) -> QuerySet[Client]:
    """The next step's day and the interests, each a subquery on its index: no second round trip per chunk."""
    steps = PlannedTouch.objects.filter(client_id=OuterRef("pk"), status=PlanStatus.OPEN, is_next_step=True)
    tags = Client.interests.through.objects.filter(client_id=OuterRef("pk")).order_by().values("client_id")
    return queryset.annotate(
        export_next_step=Subquery(steps.values("due_date")[:1]),
        export_interests=Subquery(tags.annotate(names=JoinedNames("tag__name")).values("names")),  # type: ignore[misc]
    )


def clients_exported(*, user: User, filters: selectors.ClientFilters, today: dt.date) -> QuerySet[Client]:
    """The list's clients (its filters, OWN-1) with what the export shows beside them, in the order they were
    created: the stream starts at once from the primary key instead of sorting every name in the reader's
    collation first (the spreadsheet sorts), and a client's place never depends on the language."""
    listed = selectors.clients_listed(user=user, filters=filters, today=today)
    return with_export_columns(listed.order_by("id"))


def _labels(choices: type[TextChoices] | None) -> dict[str, str]:
    return {code: str(label) for code, label in choices.choices} if choices else {}


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _aware(value: Any) -> Any:
    """SQLite hands datetimes back in UTC without their zone, as text or as naive datetimes."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if isinstance(value, dt.datetime) and value.tzinfo is None else value


def _day(value: Any) -> Any:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


CONVERTED = {"phones": _json, "emails": _json, "last_touch_at": _aware, "created_at": _aware}
CONVERTED |= dict.fromkeys(("birthday", "export_next_step", "last_order_on"), _day)


def fetched(queryset: QuerySet[Client]) -> Iterator[tuple[Any, ...]]:
    """values_list(*READ) through a chunked cursor (server-side on PostgreSQL), CHUNK rows a fetch, with a few
    cheap conversions in place of Django's per-value converters (they cost more than reading the rows)."""
    sql, params = queryset.values_list(*READ).query.sql_with_params()
    converters = [(at, CONVERTED[name]) for at, name in enumerate(READ) if name in CONVERTED]
    with connections[queryset.db].chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK):
            for values in chunk:
                row = list(values)
                for at, convert in converters:
                    row[at] = convert(row[at])
                yield tuple(row)


def raw_rows(queryset: QuerySet[Client]) -> Iterator[dict[str, Any]]:
    """Each client as {field: value}, read CHUNK rows at a time; interests as a sorted list."""
    for row in fetched(queryset):
        values = dict(zip(READ, row, strict=True))
        values["interests"] = _names(values.pop("export_interests"))
        yield values


def _names(joined: str | None) -> list[str]:
    return sorted(joined.split(", ")) if joined else []


def rows(queryset: QuerySet[Client]) -> Iterator[list[Any]]:
    """The spreadsheet rows: codes as labels in the reader's language (worded now, while the request's language
    is active, not when the stream is read), lists joined by ", "."""
    labelled = [(at, _labels(column.choices)) for at, column in enumerate(COLUMNS) if column.choices]
    lists = [at for at, column in enumerate(COLUMNS) if column.field in ("phones", "emails")]
    return _rows(queryset, labelled, lists, zone_source_texts())


def _rows(
    queryset: QuerySet[Client],
    labelled: list[tuple[int, dict[str, str]]],
    lists: list[int],
    zone_source: Callable[[str, str], str],
) -> Iterator[list[Any]]:
    interests, source = READ.index("export_interests"), READ.index("time_zone_source")
    for values in fetched(queryset):
        row = list(values)
        evidence = row.pop()
        if row[source]:
            row[source] = zone_source(row[source], evidence)
        for at, labels in labelled:
            row[at] = labels.get(row[at], row[at])
        for at in lists:
            row[at] = ", ".join(row[at] or ())
        row[interests] = ", ".join(_names(row[interests]))
        yield row


def _card(values: dict[str, Any]) -> str:
    escape = writers.vcard_text
    name_parts = (values["last_name"], values["first_name"], values["patronymic"])
    full_name = " ".join(part for part in name_parts if part)
    properties = [
        ("N", ";".join(escape(part) for part in name_parts) + ";;"),
        ("FN", escape(full_name)),
        ("ORG", escape(values["organization__name"])),
        ("TITLE", escape(values["position"])),
        *(("TEL;TYPE=VOICE", escape(phone)) for phone in values["phones"] or []),
        *(("EMAIL;TYPE=INTERNET", escape(email)) for email in values["emails"] or []),
        ("BDAY", values["birthday"].isoformat() if values["birthday"] else ""),
        ("CATEGORIES", ",".join(escape(name) for name in values["interests"])),
        ("NOTE", escape(values["notes"])),
        ("UID", f"keepwarm-client-{values['id']}"),
    ]
    return writers.vcard(properties)


def vcards(queryset: QuerySet[Client]) -> Iterable[str]:
    return (_card(values) for values in raw_rows(queryset))
