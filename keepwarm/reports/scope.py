"""A report's period (with the previous one beside it) and whose rows it counts (OWN-1 through access.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts import access
from keepwarm.accounts.models import Team, User
from keepwarm.clients.access import clients_visible_to
from keepwarm.clients.models import Client
from keepwarm.reports import summary
from keepwarm.reports.models import ClientDay, TouchCount
from keepwarm.touches.models import Touch

MAX_PERIOD_DAYS = 3 * 366
# The days a period may name: from 2000 (before any CRM data of ours) to the end of the tenth year from now, so that
# a period, the previous one and their bounds stay far inside what dates and datetimes can hold.
FIRST_DAY = dt.date(2000, 1, 1)
YEARS_AHEAD = 10
# Ids are 64-bit (BigAutoField); a larger number cannot even be compared with one in SQLite.
MAX_ID = 2**63 - 1


def report_zone() -> dt.tzinfo:
    """The zone whose days the reports count: the server's (TIME_ZONE), as the kept counts (reports.summary) do,
    so the lead and every manager get the same numbers for the same day, whatever zone each of them works in."""
    return timezone.get_default_timezone()


@dataclass(frozen=True)
class Period:
    """Whole days, both ends included, in the server's time zone; `compared_with` is the previous period a preset
    names (this year so far beside last year to the same day), else the equal span just before (`previous`)."""

    start: dt.date
    end: dt.date
    compared_with: Period | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def dates(self) -> list[dt.date]:
        """Every day of the period, in order."""
        return [self.start + dt.timedelta(days=offset) for offset in range(self.days)]

    def previous(self) -> Period:
        """The preset's previous period, or the same number of days just before, so both columns compare like
        with like."""
        if self.compared_with is not None:
            return self.compared_with
        return Period(self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware datetimes [from, to) for filtering timestamps by index ranges instead of __date casts."""
        tz = report_zone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        return start, dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


@dataclass(frozen=True)
class Span:
    """A period and the previous one, read together: one query over both groups its rows by `slot` (1 for the
    period, 0 for the previous one), so a report walks the scope's clients once instead of once a period."""

    current: Period

    @property
    def previous(self) -> Period:
        return self.current.previous()

    @property
    def whole(self) -> Period:
        return Period(self.previous.start, self.current.end)

    def periods(self) -> dict[int, Period]:
        return {1: self.current, 0: self.previous}

    @property
    def has_gap(self) -> bool:
        """A preset's previous period can end days before the period starts (this month so far beside last
        month to the same day): the days between belong to neither."""
        return self.previous.end + dt.timedelta(days=1) < self.current.start

    def slot(self, field: str, *, dates: bool = False) -> Case:
        """1 where a timestamp (or, with `dates`, a date) of `whole` falls in the period, 0 in the previous one,
        NULL between them (`slotted` leaves those rows out)."""
        start = self.current.start if dates else self.current.bounds()[0]
        current = When(**{f"{field}__gte": start}, then=Value(1))
        if not self.has_gap:
            return Case(current, default=Value(0), output_field=IntegerField())
        end = self.previous.end if dates else self.previous.bounds()[1]
        before = When(**{f"{field}__{'lte' if dates else 'lt'}": end}, then=Value(0))
        return Case(current, before, default=None, output_field=IntegerField())

    def slotted(self, rows: QuerySet[Any], field: str, *, dates: bool = False) -> QuerySet[Any]:
        """`rows` (read over `whole`) with their `slot`, without those of the days between the two periods."""
        rows = rows.annotate(slot=self.slot(field, dates=dates))
        return rows.filter(slot__isnull=False) if self.has_gap else rows


def by_slot(rows: Iterable[Any]) -> dict[int, dict[str, Any]]:
    """Grouped rows with a `slot` (`Span.slot`) by it."""
    return {row["slot"]: row for row in rows}


def _day(raw: str, name: str, today: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [_("Use a date like 2026-03-12.")]}) from None
    last = dt.date(today.year + YEARS_AHEAD, 12, 31)
    if not FIRST_DAY <= day <= last:
        message = _("Choose a day from %(first)s to %(last)s.")
        raise ValidationError({name: [message % {"first": FIRST_DAY.isoformat(), "last": last.isoformat()}]})
    return day


PRESETS = ("week", "month", "quarter", "year")


def _preset(name: str, today: dt.date) -> Period:
    """This week, month, quarter or year up to today, beside the previous one up to the same day (a day that the
    shorter month lacks: its last), as a reader compares "this month so far" with last month."""
    if name == "week":
        start, back = today - dt.timedelta(days=today.weekday()), relativedelta(weeks=1)
    elif name == "month":
        start, back = today.replace(day=1), relativedelta(months=1)
    elif name == "quarter":
        start, back = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), relativedelta(months=3)
    elif name == "year":
        start, back = today.replace(month=1, day=1), relativedelta(years=1)
    else:
        raise ValidationError({"period": [_("Choose week, month, quarter or year, or give from and to.")]})
    return Period(start, today, compared_with=Period(start - back, today - back))


def period_from(params: dict[str, str], *, today: dt.date | None = None) -> Period:
    """A preset (`period`) or from/to; by default the last 30 days. Bad, reversed or out-of-range (`FIRST_DAY`,
    `YEARS_AHEAD`) dates are field errors. The picker sends the preset it shows beside its dates: dates the reader
    changed make the period custom, the preset's own keep its previous period."""
    today = today or timezone.localdate(timezone=report_zone())
    preset = params.get("period")
    if preset:
        period = _preset(preset, today)
        given = (params.get("from") or period.start.isoformat(), params.get("to") or period.end.isoformat())
        if given == (period.start.isoformat(), period.end.isoformat()):
            return period
    end = _day(params["to"], "to", today) if params.get("to") else today
    start = _day(params["from"], "from", today) if params.get("from") else end - dt.timedelta(days=29)
    if start > end:
        raise ValidationError({"from": [_("The period must start on or before its end.")]})
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise ValidationError({"to": [_("A period can span at most three years.")]})
    return Period(start, end)


class Scope:
    """Whose clients a report counts: the viewer's OWN-1 view, narrowed to a team or a manager.

    `managers`, `clients` and `owners` are made when a report first reads them: the journal counts by
    `managers_sql` only, and a lead's owners are a query (`_members`) that it would otherwise pay on every request."""

    def __init__(
        self,
        managers: QuerySet[User] | Callable[[], QuerySet[User]],
        clients: Callable[[Scope], QuerySet[Client]],
        owners: Callable[[Scope], list[int]],
        *,
        managers_sql: Callable[[], tuple[str, list[Any]]] | None = None,
    ) -> None:
        self._managers, self._managers_sql = managers, managers_sql
        self._clients, self._owners = clients, owners

    @cached_property
    def managers(self) -> QuerySet[User]:
        """The people whose work the report shows (access.users_reportable_by, narrowed)."""
        return self._managers if isinstance(self._managers, QuerySet) else self._managers()

    def managers_sql(self) -> tuple[str, list[Any]]:
        """`managers`' ids as a subquery's SQL and parameters; from scope_from, compiled once per OWN-1 rule."""
        if self._managers_sql is not None:
            return self._managers_sql()
        sql, params = self.managers.values("pk").query.sql_with_params()
        return sql, list(params)

    @cached_property
    def clients(self) -> QuerySet[Client]:
        return self._clients(self)

    @cached_property
    def owners(self) -> list[int]:
        """The people whose clients `clients` holds (OWN-1 narrows clients by their owner only), for the touch
        counts kept by owner (reports.summary)."""
        return self._owners(self)


def _ids(params: dict[str, str]) -> dict[str, int | None]:
    """The team and manager asked for, as ids; anything but a whole number an id can be is a field error."""
    ids: dict[str, int | None] = {}
    errors: dict[str, list[str]] = {}
    for name in ("team", "manager"):
        raw = params.get(name) or ""
        if raw and not (raw.isascii() and raw.isdigit() and int(raw) <= MAX_ID):
            errors[name] = [_("Give a number.")]
        ids[name] = int(raw) if raw and name not in errors else None
    if errors:
        raise ValidationError(errors)
    return ids


def scope_from(user: User, params: dict[str, str]) -> Scope:
    """A team or manager the viewer may not see, or that does not exist, is a 404, so their existence never leaks."""
    ids = _ids(params)
    if not user.is_authenticated or not user.is_active:
        everyone = access.users_reportable_by(user)
        return Scope(everyone, lambda _: clients_visible_to(user), lambda _: [])  # clients_visible_to holds none
    team_id = ids["team"]
    narrowed: dict[str, int] = {}
    if team_id is not None:
        if not user.is_admin_role and team_id != user.team_id:
            raise Http404
        if not Team.objects.filter(pk=team_id).exists():
            raise Http404
        narrowed["team"] = team_id

    def visible() -> QuerySet[Client]:
        clients = clients_visible_to(user)
        return clients if team_id is None else clients.filter(owner__team_id=team_id)

    if ids["manager"] is not None:
        manager = _managers(user, narrowed).filter(pk=ids["manager"]).first()
        if manager is None:
            raise Http404
        narrowed["one"] = pk = manager.pk
        return _scope(user, narrowed, lambda _: visible().filter(owner_id=pk), lambda _: [pk])
    if user.is_lead or (team_id is not None and user.is_admin_role):
        # A lead's team, or any team for an admin; a manager naming the own team still sees only the own clients.
        # The team's members are all the owners OWN-1 shows this viewer there (access.owned_rows: a lead their own
        # team, checked above; an admin any), so the clients are read by owner alone: with the owner's team joined
        # besides, PostgreSQL took the scope for a tenth of its size and read deals' moves one client at a time
        # (the deals report 120 -> 79 ms).
        team = team_id if team_id is not None else (user.team_id or 0)
        return _scope(
            user, narrowed, lambda scope: Client.objects.filter(owner__in=scope.owners), lambda _: _members(team)
        )
    return _scope(user, narrowed, lambda _: visible(), lambda _: _owners(user))


def _managers(user: User, narrowed: dict[str, int]) -> QuerySet[User]:
    """access.users_reportable_by narrowed to the team (`team`) and the manager (`one`) a report names."""
    users = access.users_reportable_by(user)
    users = users.filter(team_id=narrowed["team"]) if "team" in narrowed else users
    return users.filter(pk=narrowed["one"]) if "one" in narrowed else users


def _scope(
    user: User,
    narrowed: dict[str, int],
    clients: Callable[[Scope], QuerySet[Client]],
    owners: Callable[[Scope], list[int]],
) -> Scope:
    def managers_sql() -> tuple[str, list[Any]]:
        return access.users_reportable_sql(user, **narrowed)

    return Scope(lambda: _managers(user, narrowed), clients, owners, managers_sql=managers_sql)


def period_and_scope(user: User, params: dict[str, str]) -> tuple[Period, Scope]:
    """Both, with the errors of both at once: a page that falls back to a good period keeps only the good ones."""
    errors: dict[str, list[str]] = {}
    try:
        period = period_from(params)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        _ids(params)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return period, scope_from(user, params)


def _owners(user: User) -> list[int]:
    """The owners of `clients_visible_to(user)` (OWN-1, access.owned_rows) for a viewer who names no team: an
    admin's everyone, a manager's self (a lead always has a team, `_members`)."""
    if user.is_admin_role:
        return list(User.objects.values_list("pk", flat=True))
    return [user.pk]


def _members(team_id: int) -> list[int]:
    """The team's people as a literal list. Adding it to "owner's team is T" changes no row, but every report
    query then reads the owner index for the team's few people: PostgreSQL otherwise scans all clients and joins
    them to their owners (100,000 rows for a tenth of them), once per query."""
    return list(User.objects.filter(team_id=team_id).values_list("pk", flat=True))


def touches_in(scope: Scope, period: Period) -> QuerySet[Touch]:
    """The touches with the scope's clients in the period (shared by the reports and their drill-downs)."""
    start, end = period.bounds()
    return Touch.objects.filter(client__in=scope.clients.values("pk"), happened_at__gte=start, happened_at__lt=end)


def touch_counts(scope: Scope, period: Period) -> QuerySet[TouchCount]:
    """The scope's touch counts by day in the period (kept by reports.summary), for the reports that count touches
    by value; the drill-downs list the touches themselves (`touches_in`)."""
    summary.ensure_zone()
    return TouchCount.objects.filter(owner_id__in=scope.owners, day__gte=period.start, day__lte=period.end)


def clients_by_day(scope: Scope, period: Period, *outcomes: str) -> QuerySet[ClientDay]:
    """The scope's clients with touches of these outcomes on a day of the period (kept by reports.summary)."""
    summary.ensure_zone()
    days = ClientDay.objects.filter(outcome__in=outcomes, owner_id__in=scope.owners, touches__gt=0)
    return days.filter(day__gte=period.start, day__lte=period.end)
