"""Writing many new rows at once (an import's clients, a holiday morning's letters) without Django's per-value SQL
compiler, which costs ~17 µs a value (half of an import's time with bulk_create): one converter per column that
needs one, multi-row INSERTs, the new ids set on the objects as bulk_create sets them. For plain new rows only: no
signals, no save() (as bulk_create). Rows nobody reads back as objects are given as dicts (insert_values): a model
instance costs more to build than its row costs to write."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from operator import attrgetter, itemgetter
from typing import Any

import psycopg
from django.db import connection, models
from django.utils import timezone

Converter = Callable[[Any], Any]


@cache
def _columns(model: type[models.Model]) -> tuple[list[models.Field[Any, Any]], str]:
    fields = [field for field in model._meta.local_concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    assert model._meta.pk is not None
    head = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(str(field.column)) for field in fields)}) VALUES "
    )
    return fields, head


def _memo(adapt: Converter) -> Converter:
    """The adapter of a column whose values repeat (the batch's moment, a few dates), each value adapted once."""
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if value is None:
            return None
        try:
            return seen[value]
        except KeyError:
            adapted = seen[value] = adapt(value)
            return adapted

    return convert


def _converter(field: models.Field[Any, Any]) -> Converter | None:
    """The database value of a field's Python value, by the backend's own adapter for its kind (the work
    get_db_prep_save does, without its generic steps); None where the value goes as it is."""
    ops = connection.ops
    if isinstance(field, models.JSONField):
        encoder, null = field.encoder, field.null  # None is SQL NULL only where the column takes it, else JSON null
        # JSON text on both databases (PostgreSQL's column is bound as text and cast: see _insert_unnest), so a
        # value is serialized once here rather than by psycopg for every row that shares it.
        adapt = functools.partial(json.dumps, cls=encoder)
        empty_list, empty_dict = adapt([]), adapt({})

        seen: dict[int, tuple[Any, Any]] = {}  # id -> (value, adapted): rows that share one list share its JSON

        def json_value(value: Any) -> Any:
            if value is None and null:
                return None
            if not value and isinstance(value, list | dict):  # most of an import's JSON: nothing to say
                return empty_list if isinstance(value, list) else empty_dict
            known = seen.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
            adapted = adapt(value)
            seen[id(value)] = (value, adapted)  # the value kept, so its id is not reused during this insert
            return adapted

        return json_value
    if isinstance(field, models.DateTimeField):
        return _memo(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return _memo(ops.adapt_datefield_value)
    if isinstance(field, models.TimeField):
        return _memo(ops.adapt_timefield_value)
    if isinstance(field, models.DecimalField):
        digits, places = field.max_digits, field.decimal_places
        return _memo(lambda value: ops.adapt_decimalfield_value(value, digits, places))
    if isinstance(field, models.CharField | models.TextField | models.IntegerField | models.BooleanField):
        return None  # both drivers take str (and str-based choices), int and bool as they are
    if isinstance(field, models.ForeignKey) and isinstance(field.target_field, models.IntegerField):
        return None
    return lambda value: None if value is None else field.get_db_prep_save(value, connection)


def _insert(model: type[models.Model], rows: Sequence[Any], read: Callable[[Any], tuple[Any, ...]]) -> list[int]:
    """INSERT the rows, `read` giving each one's values in the order of _columns; the new ids in order."""
    fields, _head = _columns(model)
    converters = [(index, convert) for index, field in enumerate(fields) if (convert := _converter(field))]
    if connection.vendor == "postgresql":
        return _insert_unnest(model, rows, read, converters)
    return _insert_values(model, rows, read, converters)


def _chunks(total: int, size: int) -> list[tuple[int, int]]:
    """(start, end) of each statement's rows: `size` rows, then the rest in powers of two. Each INSERT's text is one
    of a few per table, so SQLite prepares it once (its statement cache) instead of once a distinct row count:
    preparing a statement of thousands of parameters cost more than running it, and the cache grew by megabytes."""
    chunks, start = [], 0
    while total - start >= size:
        chunks.append((start, start + size))
        start += size
    while start < total:
        step = 1 << ((total - start).bit_length() - 1)
        chunks.append((start, start + step))
        start += step
    return chunks


@cache
def _statement(model: type[models.Model], rows: int) -> str:
    """SQLite's INSERT of `rows` rows, with the driver's own placeholders (Django's cursor rewrote thousands of
    "%s" a statement)."""
    fields, head = _columns(model)
    row = "(" + ", ".join(["?"] * len(fields)) + ")"
    assert model._meta.pk is not None
    return f"{head}{', '.join([row] * rows)} RETURNING {connection.ops.quote_name(str(model._meta.pk.column))}"


def _insert_values(
    model: type[models.Model],
    rows: Sequence[Any],
    read: Callable[[Any], tuple[Any, ...]],
    converters: list[tuple[int, Converter]],
) -> list[int]:
    fields, _head = _columns(model)
    size = 1 << (min(2_000, 30_000 // len(fields)).bit_length() - 1)  # SQLite binds 32,766 parameters at most
    ids: list[int] = []
    connection.ensure_connection()
    # The driver's cursor skips Django's (query logging, execute_wrapper, and core.sqlite's announcement of a writer
    # that may wait for the lock): harmless only inside a transaction, which already holds the write lock.
    if not connection.in_atomic_block:
        raise RuntimeError("insert_values on SQLite runs inside transaction.atomic (its cursor announces no wait)")
    cursor = connection.connection.cursor()  # the driver's: the statement is already in its terms
    try:
        for start, end in _chunks(len(rows), size):
            params: list[Any] = []
            for item in rows[start:end]:
                values = list(read(item))
                for index, convert in converters:
                    values[index] = convert(values[index])
                params += values
            cursor.execute(_statement(model, end - start), params)
            ids += [new_id for (new_id,) in cursor.fetchall()]
    finally:
        cursor.close()
    return ids


def _insert_unnest(
    model: type[models.Model],
    rows: Sequence[Any],
    read: Callable[[Any], tuple[Any, ...]],
    converters: list[tuple[int, Converter]],
) -> list[int]:
    """PostgreSQL: one array a column, unnested (as Django's own bulk_create does there), bound on the server in
    binary. Django's client-side binding scanned a statement's text for its placeholders (with one per value, a
    third of an import's time) and quoted every array element in Python."""
    fields, _head = _columns(model)
    quote = connection.ops.quote_name
    assert model._meta.pk is not None
    json_columns = [isinstance(field, models.JSONField) for field in fields]  # bound as JSON text, cast here
    arrays = ", ".join(
        f"%b::{'text' if text else field.db_type(connection)}[]"
        for field, text in zip(fields, json_columns, strict=True)
    )
    names = [f"c{index}" for index in range(len(fields))]
    select = ", ".join(f"{name}::jsonb" if text else name for name, text in zip(names, json_columns, strict=True))
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(str(field.column)) for field in fields)}) "
        f"SELECT {select} FROM UNNEST({arrays}) AS given({', '.join(names)}) "
        f"RETURNING {quote(str(model._meta.pk.column))}"
    )
    ids: list[int] = []
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        for start in range(0, len(rows), 5_000):
            values = [list(read(item)) for item in rows[start : start + 5_000]]
            for index, convert in converters:
                for row in values:
                    row[index] = convert(row[index])
            cursor.execute(sql, [list(column) for column in zip(*values, strict=True)])
            ids += [new_id for (new_id,) in cursor.fetchall()]
    return ids


def _getter(names: list[str], get: Callable[..., Callable[[Any], Any]]) -> Callable[[Any], tuple[Any, ...]]:
    read = get(*names)
    return read if len(names) > 1 else lambda item: (read(item),)


def insert_rows(objects: Sequence[models.Model]) -> None:
    """INSERT the (new, same-model) objects, many a statement, and give each its id."""
    if not objects:
        return
    model = type(objects[0])
    fields, _head = _columns(model)
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    for obj in objects:
        for field in stamped:
            field.pre_save(obj, add=True)
    ids = _insert(model, objects, _getter([field.attname for field in fields], attrgetter))
    for obj, new_id in zip(objects, ids, strict=True):
        obj.pk = new_id
        obj._state.adding, obj._state.db = False, connection.alias


def insert_values(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """INSERT plain rows of `model` (attribute name -> value, the same names in every row; a field not given takes
    its default, an auto_now one the present moment); their new ids in order."""
    if not rows:
        return []
    fields, _head = _columns(model)
    now = timezone.now()
    defaults = {
        field.attname: now if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        else field.get_default()
        for field in fields
    }  # fmt: skip
    missing = {name: value for name, value in defaults.items() if name not in rows[0]}
    if missing:
        rows = [{**missing, **row} for row in rows]
    return _insert(model, rows, _getter(list(defaults), itemgetter))


def insert_plain(model: type[models.Model], objects: Sequence[Any]) -> list[int]:
    """INSERT plain objects (dataclasses) carrying an attribute for every column of `model`; their new ids."""
    if not objects:
        return []
    fields, _head = _columns(model)
    return _insert(model, objects, _getter([field.attname for field in fields], attrgetter))
