"""The audit trail as people read it: field names and values in the reader's language and formats."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from keepwarm.audit.models import FieldChange
from keepwarm.core import places

SHOWN_AT_MOST = 100


@dataclass(frozen=True)
class ChangeRow:
    change: FieldChange
    record: str
    field: str
    old: str
    new: str


def changes_for(*, client_id: int | None = None, organization_id: int | None = None) -> QuerySet[FieldChange]:
    """A card's trail: the client's own fields and its planned contacts (or the organization's), newest first."""
    changes = FieldChange.objects.select_related("by")
    if client_id is not None:
        return changes.filter(client_id=client_id)
    return changes.filter(organization_id=organization_id, client_id__isnull=True)


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> Any:
    try:
        return model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None


NAMED_CODES = {"country": places.country_name, "time_zone": places.zone_name}


def _text(field: Any, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(_text(field, item) for item in value)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.name in NAMED_CODES:  # a country's code, a zone's id: named as the forms name them
        return NAMED_CODES[field.name](value)
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateTimeField):
        return formats.date_format(dt.datetime.fromisoformat(value), "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return formats.date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if isinstance(field, models.TimeField):
        return formats.time_format(dt.time.fromisoformat(value), "TIME_FORMAT")
    return str(value)


def change_rows(changes: QuerySet[FieldChange], *, limit: int = SHOWN_AT_MOST) -> list[ChangeRow]:
    rows = []
    for change in changes[:limit]:
        model = _model(change.model)
        field = _field(model, change.field)
        rows.append(
            ChangeRow(
                change=change,
                record=str(model._meta.verbose_name) if model is not None else change.model,
                field=str(field.verbose_name) if field is not None else change.field,
                old=_text(field, change.old),
                new=_text(field, change.new),
            )
        )
    return rows
