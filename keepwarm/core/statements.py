"""Querysets compiled once per database and run again with other values (issue 15): on the client card, building
a short query's SQL cost the ORM four to eight times what the database took to answer it (0.6 ms of 0.75 ms).

A Statement builds its queryset once with stand-in values, keeps the SQL, the columns' converters and how rows
become model instances (select_related included), then runs that SQL with the real values. Only for querysets
whose SQL does not depend on anything but their parameters: no time-zone functions (`__date`, Trunc*), no
lookups whose SQL changes with the value (`__in` a list, None), no current-language or settings-dependent SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, ValuesIterable, get_related_populators
from django.db.models.sql import Query
from django.utils import timezone

R = TypeVar("R")  # what a row becomes: a model instance, or a dict for values()

# Stand-ins that no real row or argument can hold, one per parameter, so each is found again in the compiled
# parameters; a datetime parameter gets a moment in 1901.
_INT_BASE = -(2**52)
_MOMENT_BASE = dt.datetime(1901, 1, 1, tzinfo=dt.UTC)


Builder = Callable[[str, list[Any]], Any]  # a fetched, converted row -> what the caller gets


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: list[Any]
    slots: list[tuple[int, str]]  # (position in params, parameter name)
    converters: list[tuple[int, list[tuple[Any, bool]], Any]]  # (column, [(converter, of the backend)], expression)
    build: Builder


class Statement(Generic[R]):
    """`Statement(lambda client: Touch.objects.filter(client_id=client), client=int).rows(client=5)` runs the
    same SQL the queryset would, compiled at the first run on each database."""

    def __init__(self, build: Callable[..., QuerySet[Any, R]], **kinds: type[int] | type[dt.datetime]) -> None:
        self._build = build
        self._kinds = kinds
        self._compiled: dict[str, _Compiled] = {}
        self._model: type[Model] | None = None

    def rows(self, **values: Any) -> list[R]:
        if values.keys() != self._kinds.keys():
            raise TypeError(f"a statement takes {sorted(self._kinds)}, was given {sorted(values)}")
        alias = self._alias()
        compiled = self._compiled.get(alias) or self._compile(alias)
        connection = connections[alias]
        params = list(compiled.params)
        for position, name in compiled.slots:
            params[position] = self._adapt(values[name], self._kinds[name], connection)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            fetched = cursor.fetchall()
        ops, result = connection.ops, []
        for row in fetched:
            if compiled.converters:
                row = list(row)
                for column, steps, expression in compiled.converters:
                    value = row[column]
                    for step, of_backend in steps:
                        value = (
                            step(ops, value, expression, connection)
                            if of_backend
                            else step(value, expression, connection)
                        )
                    row[column] = value
            result.append(compiled.build(alias, row))
        return result

    def first(self, **values: Any) -> R | None:
        found = self.rows(**values)
        return found[0] if found else None

    def _alias(self) -> str:
        if self._model is None:  # not in __init__: statements are made at import, before the models are ready
            self._model = self._build(**self._sample_values()).model
        return str(router.db_for_read(self._model))

    def _sample_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for number, (name, kind) in enumerate(self._kinds.items()):
            if kind is int:
                values[name] = _INT_BASE - number
            elif kind is dt.datetime:
                values[name] = _MOMENT_BASE + dt.timedelta(seconds=number)
            else:
                raise TypeError(f"a statement's parameter is an int or a datetime, not {kind}")
        return values

    @staticmethod
    def _adapt(value: Any, kind: type, connection: Any) -> Any:
        if kind is dt.datetime:
            # Only what DateTimeField.get_prep_value passes on unchanged: the ORM reads a naive one in the default
            # zone (with a warning) and a date as its midnight, which the backend's adapter alone would not.
            if not isinstance(value, dt.datetime) or timezone.is_naive(value):
                raise TypeError(f"a statement's datetime parameter must be a time-zone-aware datetime, not {value!r}")
            return connection.ops.adapt_datetimefield_value(value)
        return int(value)

    def _compile(self, alias: str) -> _Compiled:
        connection = connections[alias]
        samples = self._sample_values()
        queryset = self._build(**samples)
        kind = queryset._iterable_class
        if kind not in (ModelIterable, ValuesIterable) or queryset._known_related_objects:  # type: ignore[attr-defined]
            raise TypeError("a statement runs a queryset of model rows or of values() dicts, not a related manager's")
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        params = list(params)
        wanted = {self._adapt(value, self._kinds[name], connection): name for name, value in samples.items()}
        slots = [(position, wanted[value]) for position, value in enumerate(params) if _hashable_in(value, wanted)]
        if {name for _, name in slots} != set(samples):
            raise ValueError("a statement's parameter does not reach the SQL as a plain parameter")
        select, klass_info, annotations = compiler.select, compiler.klass_info, compiler.annotation_col_map
        fields = [column[0] for column in select[: compiler.col_count]]
        converters = [
            (position, [_unbound(step, connection.ops) for step in steps], expression)
            for position, (steps, expression) in compiler.get_converters(fields).items()
        ]
        build = _dicts(queryset.query) if kind is ValuesIterable else _instances(klass_info, select, annotations, alias)
        compiled = _Compiled(sql, params, slots, converters, build)
        self._compiled[alias] = compiled
        return compiled


def _instances(klass_info: dict[str, Any], select: list[Any], annotations: dict[str, int], alias: str) -> Builder:
    """Model instances as ModelIterable makes them, with their select_related rows."""
    model = klass_info["model"]
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    names = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, alias)  # type: ignore[call-arg]  # stubs of 6.0

    def build(db: str, row: list[Any]) -> Any:
        instance = model.from_db(db, names, row[start:end])
        for populator in populators:
            populator.populate(row, instance)
        for name, position in (annotations or {}).items():
            setattr(instance, name, row[position])
        return instance

    return build


def _dicts(query: Query) -> Builder:
    """Dicts as ValuesIterable makes them."""
    names = [*query.extra_select, *query.values_select, *query.annotation_select]

    def build(db: str, row: list[Any]) -> Any:
        return dict(zip(names, row, strict=False))

    return build


def _unbound(step: Any, ops: Any) -> tuple[Any, bool]:
    """A backend's converter without its connection, which each run passes its own thread's: kept bound, the
    compiling thread's connection would stay alive and serve every other thread's rows."""
    if getattr(step, "__self__", None) is ops:
        return step.__func__, True
    return step, False


def _hashable_in(value: Any, wanted: dict[Any, str]) -> bool:
    try:
        return value in wanted
    except TypeError:
        return False
