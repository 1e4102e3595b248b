"""A report's period (with the previous one beside it) and whose rows it counts (OWN-1 through access.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients.access import clients_visible_to
from keepwarm.clients.models import Client
from keepwarm.touches.models import Touch

MAX_PERIOD_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    """Whole days, both ends included, in the server's time zone."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The same number of days just before, so both columns compare like with like."""
        return Period(self.start - dt.timedelta(days=self.days), self.start - dt.timedelta(days=1))

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware datetimes [from, to) for filtering timestamps by index ranges instead of __date casts."""
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        return start, dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def _day(raw: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [_("Use a date like 2026-03-12.")]}) from None


PRESETS = ("week", "month", "quarter", "year")


def _preset(name: str, today: dt.date) -> Period:
    """This week, month, quarter or year up to today."""
    if name == "week":
        return Period(today - dt.timedelta(days=today.weekday()), today)
    if name == "month":
        return Period(today.replace(day=1), today)
    if name == "quarter":
        return Period(today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1), today)
    if name == "year":
        return Period(today.replace(month=1, day=1), today)
    raise ValidationError({"period": [_("Choose week, month, quarter or year, or give from and to.")]})


def period_from(params: dict[str, str], *, today: dt.date | None = None) -> Period:
    """A preset (`period`) or from/to; by default the last 30 days. Bad or reversed dates are field errors."""
    today = today or timezone.localdate()
    preset = params.get("period")
    if preset:
        return _preset(preset, today)
    end = _day(params["to"], "to") if params.get("to") else today
    start = _day(params["from"], "from") if params.get("from") else end - dt.timedelta(days=29)
    if start > end:
        raise ValidationError({"from": [_("The period must start on or before its end.")]})
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise ValidationError({"to": [_("A period can span at most three years.")]})
    return Period(start, end)


@dataclass(frozen=True)
class Scope:
    """Whose clients a report counts: the viewer's OWN-1 view, narrowed to a team or a manager."""

    clients: QuerySet[Client]
    managers: QuerySet[User]


def scope_from(user: User, params: dict[str, str]) -> Scope:
    """A team or manager the viewer may not see is a 404, so their existence never leaks."""
    clients = clients_visible_to(user)
    managers = access.users_assignable_by(user)
    for name in ("team", "manager"):
        raw = params.get(name)
        if raw and not raw.isdigit():
            raise ValidationError({name: [_("Give a number.")]})
    if params.get("team"):
        team_id = int(params["team"])
        if not user.is_admin_role and team_id != user.team_id:
            raise Http404
        clients, managers = clients.filter(owner__team_id=team_id), managers.filter(team_id=team_id)
    if params.get("manager"):
        manager = managers.filter(pk=int(params["manager"])).first()
        if manager is None:
            raise Http404
        clients, managers = clients.filter(owner=manager), managers.filter(pk=manager.pk)
    return Scope(clients, managers)


def touches_in(scope: Scope, period: Period) -> QuerySet[Touch]:
    """The touches with the scope's clients in the period (shared by the reports and their drill-downs)."""
    start, end = period.bounds()
    return Touch.objects.filter(client__in=scope.clients.values("pk"), happened_at__gte=start, happened_at__lt=end)
