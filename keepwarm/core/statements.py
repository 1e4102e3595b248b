"""Querysets compiled once per database and run again with other values (issue 15): on the client card, building
a short query's SQL cost the ORM four to eight times what the database took to answer it (0.6 ms of 0.75 ms).

A Statement builds its queryset with stand-in values, keeps the SQL, the columns' converters and how rows
become model instances (select_related included), then runs that SQL with the real values. Only for querysets
whose SQL does not depend on anything but their parameters: no time-zone functions (`__date`, Trunc*), no
lookups whose SQL changes with the value (`__in` a list, None), no current-language or settings-dependent SQL,
no value computed from a parameter or read from the clock: the builder is a function of its parameters alone.
It is built with two sets of stand-ins and refused unless both give the same SQL and the same other values,
which catches most builders that are not (a value that changes only later, e.g. a setting, is not caught).
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

# Two sets of stand-ins that no real row or argument holds, one per parameter, so each is found again in the
# compiled parameters; a datetime parameter gets a moment in 1901 or 1902. Of opposite signs, so that SQL a
# builder picks by the value's sign shows as well.
_STAND_INS = (
    (-(2**52), dt.datetime(1901, 1, 1, tzinfo=dt.UTC)),
    (2**52, dt.datetime(1902, 3, 4, 5, 6, 7, tzinfo=dt.UTC)),
)


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
        alias = self._alias()
        compiled = self._compiled.get(alias) or self._compile(alias)
        connection = connections[alias]
        params = self._params(compiled, values, connection)
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

    @property
    def kinds(self) -> list[str]:
        """The names of its parameters."""
        return list(self._kinds)

    def sql(self, **values: Any) -> tuple[str, list[Any]]:
        """The SQL and its parameters, not run: for a subquery of a hand-written statement."""
        alias = self._alias()
        compiled = self._compiled.get(alias) or self._compile(alias)
        return compiled.sql, self._params(compiled, values, connections[alias])

    def _params(self, compiled: _Compiled, values: dict[str, Any], connection: Any) -> list[Any]:
        if values.keys() != self._kinds.keys():
            raise TypeError(f"a statement takes {sorted(self._kinds)}, was given {sorted(values)}")
        params = list(compiled.params)
        for position, name in compiled.slots:
            params[position] = self._adapt(values[name], self._kinds[name], connection)
        return params

    def first(self, **values: Any) -> R | None:
        found = self.rows(**values)
        return found[0] if found else None

    def _alias(self) -> str:
        if self._model is None:  # not in __init__: statements are made at import, before the models are ready
            self._model = self._build(**self._sample_values(0)).model
        return str(router.db_for_read(self._model))

    def _sample_values(self, which: int) -> dict[str, Any]:
        int_base, moment_base = _STAND_INS[which]
        values: dict[str, Any] = {}
        for number, (name, kind) in enumerate(self._kinds.items()):
            if kind is int:
                values[name] = int_base - number
            elif kind is dt.datetime:
                values[name] = moment_base + dt.timedelta(seconds=number)
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
        samples, others = self._sample_values(0), self._sample_values(1)
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
        # Built again with the other stand-ins: whatever else changes (a value computed from a parameter or read
        # from the clock, SQL picked by the value) would be frozen at this first run.
        other_sql, other_params = self._build(**others).query.get_compiler(using=alias).as_sql()
        expected = list(params)
        for position, name in slots:
            expected[position] = self._adapt(others[name], self._kinds[name], connection)
        if other_sql != sql or list(other_params) != expected:
            raise ValueError(
                "a statement's SQL and values must depend on its parameters only, the same for any values: "
                "compute a value from a parameter, the clock or the settings outside it and pass it as a parameter"
            )
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
