"""Writing many new rows at once (an import's clients, a holiday morning's letters) without Django's per-value SQL
compiler, which costs ~17 µs a value (half of an import's time with bulk_create): one converter per column,
multi-row INSERTs, the new ids set on the objects as bulk_create sets them. For plain new rows only: no signals,
no save() (as bulk_create)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from django.db import connection, models


@cache
def _columns(model: type[models.Model]) -> tuple[list[models.Field[Any, Any]], str]:
    fields = [field for field in model._meta.local_concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(str(field.column)) for field in fields)}) VALUES "
    )
    return fields, head


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """The database value of a field's Python value, by the backend's own adapter for its kind: the work
    get_db_prep_save does, without its generic steps."""
    ops = connection.ops
    if isinstance(field, models.JSONField):
        encoder, null = field.encoder, field.null  # None is SQL NULL only where the column takes it, else JSON null
        return lambda value: None if value is None and null else ops.adapt_json_value(value, encoder)
    adapt: Callable[[Any], Any] | None = None
    if isinstance(field, models.DateTimeField):
        adapt = ops.adapt_datetimefield_value
    elif isinstance(field, models.DateField):
        adapt = ops.adapt_datefield_value
    elif isinstance(field, models.TimeField):
        adapt = ops.adapt_timefield_value
    elif isinstance(field, models.DecimalField):
        digits, places = field.max_digits, field.decimal_places
        adapt = lambda value: ops.adapt_decimalfield_value(value, digits, places)  # noqa: E731
    if adapt is not None:
        return lambda value: None if value is None else adapt(value)
    # Text, numbers, booleans, foreign keys: both drivers take them (and str-based choices) as they are.
    return lambda value: (
        value if value is None or isinstance(value, str | int) else field.get_db_prep_save(value, connection)
    )


def insert_rows(objects: Sequence[models.Model]) -> None:
    """INSERT the (new, same-model) objects, many a statement, and give each its id."""
    if not objects:
        return
    model = type(objects[0])
    fields, head = _columns(model)
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    for obj in objects:
        for field in stamped:
            field.pre_save(obj, add=True)
    converters = [(field.attname, _converter(field)) for field in fields]
    limit = 30_000 if connection.vendor == "sqlite" else 60_000  # bound parameters a statement
    size = max(1, min(2_000, limit // len(fields)))
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    assert model._meta.pk is not None
    pk = connection.ops.quote_name(str(model._meta.pk.column))
    with connection.cursor() as cursor:
        for start in range(0, len(objects), size):
            chunk = objects[start : start + size]
            params = [convert(getattr(obj, name)) for obj in chunk for name, convert in converters]
            cursor.execute(f"{head}{', '.join([row] * len(chunk))} RETURNING {pk}", params)
            for obj, (new_id,) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = new_id
                obj._state.adding, obj._state.db = False, connection.alias
