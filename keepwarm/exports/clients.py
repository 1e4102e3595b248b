"""The client list as rows for CSV/XLSX and as vCards: whatever the list's filters select (OWN-1 through
clients.selectors.clients_listed), read as plain tuples in chunks so 100,000 clients never sit in memory."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery, TextChoices
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts.models import User
from keepwarm.clients import selectors
from keepwarm.clients.choices import Category, DecisionRole, Language, NeverReason, RelationshipGroup
from keepwarm.clients.models import Client
from keepwarm.exports import writers
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch

CHUNK = 2000  # rows per database round trip (iterator's chunk_size) and per batch of interests


@dataclass(frozen=True)
class Column:
    header: Any  # a lazy translation, worded when the export runs
    field: str  # what values_list reads; "interests" is filled per batch
    choices: type[TextChoices] | None = None


COLUMNS = (
    Column(_("ID"), "id"),
    Column(_("Last name"), "last_name"),
    Column(_("First name"), "first_name"),
    Column(_("Patronymic"), "patronymic"),
    Column(_("Organization"), "organization__name"),
    Column(_("Position"), "position"),
    Column(_("Decision role"), "decision_role", DecisionRole),
    Column(_("Phones"), "phones"),
    Column(_("E-mails"), "emails"),
    Column(_("Category"), "category", Category),
    Column(_("Reason for Never"), "never_reason", NeverReason),
    Column(_("Relationship"), "relationship_group", RelationshipGroup),
    Column(_("Interests"), "interests"),
    Column(_("Owner"), "owner__username"),
    Column(_("Country"), "country"),
    Column(_("Time zone"), "time_zone"),
    Column(_("Language"), "language", Language),
    Column(_("Birthday"), "birthday"),
    Column(_("Next step"), "export_next_step"),
    Column(_("Last contact"), "last_touch_at"),
    Column(_("Last purchase"), "last_order_on"),
    Column(_("Do not contact"), "do_not_contact"),
    Column(_("Notes"), "notes"),
    Column(_("Created"), "created_at"),
)
READ = [column.field for column in COLUMNS if column.field != "interests"]
INTERESTS_AT = [column.field for column in COLUMNS].index("interests")


def headers() -> list[str]:
    return [str(column.header) for column in COLUMNS]


def with_next_step_due(queryset: QuerySet[Client]) -> QuerySet[Client]:
    steps = PlannedTouch.objects.filter(client_id=OuterRef("pk"), status=PlanStatus.OPEN, is_next_step=True)
    return queryset.annotate(export_next_step=Subquery(steps.values("due_date")[:1]))


def clients_exported(*, user: User, filters: selectors.ClientFilters, today: dt.date) -> QuerySet[Client]:
    """The list's clients in the list's order, with what the export shows beside them."""
    return with_next_step_due(selectors.clients_listed(user=user, filters=filters, today=today))


def interests_of(client_ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = defaultdict(list)
    through = Client.interests.through.objects.filter(client_id__in=client_ids).order_by("tag__name")
    for client_id, name in through.values_list("client_id", "tag__name"):
        names[client_id].append(name)
    return names


def _batches(queryset: QuerySet[Client]) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in queryset.values_list(*READ).iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) >= CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _labels(choices: type[TextChoices] | None) -> dict[str, str]:
    return {code: str(label) for code, label in choices.choices} if choices else {}


def raw_rows(queryset: QuerySet[Client]) -> Iterator[dict[str, Any]]:
    """Each client as {field: value} with its interests, chunk by chunk."""
    for batch in _batches(queryset):
        interests = interests_of([row[0] for row in batch])
        for row in batch:
            values = dict(zip(READ, row, strict=True))
            values["interests"] = interests.get(row[0], [])
            yield values


def rows(queryset: QuerySet[Client]) -> Iterator[list[Any]]:
    """The spreadsheet rows: codes as labels in the reader's language (worded now, while the request's language
    is active, not when the stream is read), lists joined by ", "."""
    labels = {column.field: _labels(column.choices) for column in COLUMNS if column.choices}
    return _rows(queryset, labels)


def _rows(queryset: QuerySet[Client], labels: dict[str, dict[str, str]]) -> Iterator[list[Any]]:
    for values in raw_rows(queryset):
        row = []
        for column in COLUMNS:
            value = values[column.field]
            if column.field in labels:
                value = labels[column.field].get(value, value)
            elif isinstance(value, list):
                value = ", ".join(map(str, value))
            row.append(value)
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
