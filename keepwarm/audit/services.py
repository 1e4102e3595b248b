"""Recording field changes (the audit trail) and the door they came through.

The door is set once per request by AuditSourceMiddleware (web page, API, back office) and around an import with
`changes_through("import")`; anything else (tasks, commands) is KeepWarm itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.audit.models import FieldChange

_source: ContextVar[str] = ContextVar("audit_source", default=FieldChange.Source.SYSTEM)


def current_source() -> str:
    return _source.get()


@contextmanager
def changes_through(source: str) -> Iterator[None]:
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)


def _plain(value: Any) -> Any:
    """What JSON keeps: codes as they are, dates and times in ISO form, amounts as exact text, rows by id."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def values_of(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The fields' values as the audit keeps them: read before a change, compared after it."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def changes_record(
    *,
    instance: models.Model,
    before: Mapping[str, Any],
    by: User | None,
    client_id: int | None = None,
    organization_id: int | None = None,
    after: Mapping[str, Any] | None = None,
) -> list[FieldChange]:
    """One row per field whose value differs from `before` (the instance's current values unless `after`)."""
    after = after if after is not None else values_of(instance, before)
    now, source = timezone.now(), current_source()
    rows = [
        FieldChange(
            at=now,
            by=by,
            source=source,
            model=instance._meta.label_lower,
            object_id=instance.pk,
            client_id=client_id,
            organization_id=organization_id,
            field=name,
            old=old,
            new=after[name],
        )
        for name, old in before.items()
        if after.get(name) != old
    ]
    return FieldChange.objects.bulk_create(rows)


def changes_forget(*, client_ids: Iterable[int] = (), organization_ids: Iterable[int] = ()) -> int:
    """The trail of purged rows goes with them, and a forgotten person's old values (GDPR)."""
    deleted, _ = FieldChange.objects.filter(
        models.Q(client_id__in=list(client_ids)) | models.Q(organization_id__in=list(organization_ids))
    ).delete()
    return deleted
