"""Activity over the plan: planned contacts overdue on each day, and each manager's day against capacity (PLAN-1)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.planner import inputs
from keepwarm.planner.types import PlannerSettings
from keepwarm.planner.workload import capacity_of
from keepwarm.reports.days import local_day
from keepwarm.reports.scope import Period, Scope, Span, report_zone
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch


def overdue_by_day(scope: Scope, span: Span) -> dict[int, list[dict[str, Any]]]:
    """Per slot, how many planned contacts were overdue as each day began: first due before it (PLAN-1 keeps the
    first due day in `overdue_since` when it spreads a backlog), created before it (a contact planned on a day for
    an earlier one was not overdue before it existed) and still open then, i.e. open now or closed on or after that
    day. Days after today are left out. One grouped read of (the later of first due and created day, closed day)
    pairs for both periods, summed here."""
    today = timezone.localdate(timezone=report_zone())
    last = min(span.current.end, today)
    rows: list[tuple[dt.date, str, dt.date | None, int]] = []
    if last >= span.previous.start:
        # The creation day matters only from the day before the span on (an earlier one counts as that day, as
        # an earlier due day does) up to its end (a later one counts on no day): `local_day` is exact over these.
        around = Period(span.previous.start - dt.timedelta(days=1), span.current.end + dt.timedelta(days=1))
        rows = list(
            PlannedTouch.objects.filter(client__in=scope.clients.values("pk"))
            .annotate(
                since=Greatest(Coalesce("overdue_since", "due_date"), local_day("created_at", around)),
                closed_on=TruncDate("closed_at", tzinfo=report_zone()),
            )
            .filter(since__lt=last)
            .filter(Q(status=PlanStatus.OPEN) | Q(closed_on__gte=span.previous.start))
            .values_list("since", "status", "closed_on")
            .annotate(count=Count("pk"))
            .order_by()
        )
    return {slot: _overdue(rows, period, min(period.end, today)) for slot, period in span.periods().items()}


def _overdue(rows: list[tuple[dt.date, str, dt.date | None, int]], period: Period, last: dt.date) -> list[dict]:
    if last < period.start:
        return []
    # A difference array over the period's days: +count from the day after `since`, -count after it closed.
    change = [0] * ((last - period.start).days + 2)
    for since, status, closed_on, count in rows:
        first = max(period.start, since + dt.timedelta(days=1))
        until = last if status == PlanStatus.OPEN or closed_on is None else min(last, closed_on)
        if first <= until:
            change[(first - period.start).days] += count
            change[(until - period.start).days + 1] -= count
    counts, running = [], 0
    for offset in range((last - period.start).days + 1):
        running += change[offset]
        counts.append({"day": (period.start + dt.timedelta(days=offset)).isoformat(), "count": running})
    return counts


def capacity_use(
    scope: Scope, span: Span, *, done: Iterable[tuple[int | None, dt.date, int]]
) -> dict[int, dict[str, Any]]:
    """Per slot, PLAN-1 per manager and day: sales contacts planned for the day (next steps not cancelled, by
    their owner) and touches the manager logged that day (`done`: both periods' touches counted by who logged them
    and day), beside their daily capacity on their team's working days. Only active managers: a deactivated one's
    capacity would count on every working day, with no day of leaving to stop at (the other numbers keep them)."""
    managers = list(scope.managers.filter(is_active=True).select_related("team"))
    settings = inputs.settings_by_team_id({manager.team_id for manager in managers})
    ids = [manager.pk for manager in managers]
    planned = list(
        PlannedTouch.objects.filter(
            client__in=scope.clients.values("pk"),
            owner__in=ids,
            is_next_step=True,
            due_date__gte=span.whole.start,
            due_date__lte=span.whole.end,
        )
        .exclude(status=PlanStatus.CANCELLED)
        .values_list("owner_id", "due_date")
        .annotate(count=Count("pk"))
        .order_by()
    )
    done = list(done)
    return {
        slot: _capacity(managers, settings, period, planned=planned, done=done)
        for slot, period in span.periods().items()
    }


def _capacity(
    managers: list[User],
    settings: dict[int | None, PlannerSettings],
    period: Period,
    *,
    planned: list[tuple[int, dt.date, int]],
    done: list[tuple[int | None, dt.date, int]],
) -> dict[str, Any]:
    ids = [manager.pk for manager in managers]
    limits = {manager.pk: capacity_of(manager, settings[manager.team_id]) for manager in managers}
    cells: dict[tuple[int, dt.date], list[int]] = {}
    for manager_id, day, count in planned:
        if period.start <= day <= period.end:
            cells.setdefault((manager_id, day), [0, 0])[0] += count
    for logger_id, day, count in done:
        if logger_id is not None and logger_id in limits and period.start <= day <= period.end:
            cells.setdefault((logger_id, day), [0, 0])[1] += count
    workdays = {manager.pk: settings[manager.team_id].work.workdays for manager in managers}
    days = period.dates()
    weekdays = Counter(day.weekday() for day in days)
    on_duty = {weekday: sum(limits[pk] for pk in ids if weekday in workdays[pk]) for weekday in range(7)}
    totals: dict[dt.date, list[int]] = {}
    mine = {pk: [0, 0, 0] for pk in ids}  # planned, done, days planned over capacity
    for (pk, day), (planned_count, done_count) in cells.items():
        total = totals.setdefault(day, [0, 0])
        total[0] += planned_count
        total[1] += done_count
        counts = mine[pk]
        counts[0] += planned_count
        counts[1] += done_count
        counts[2] += planned_count > limits[pk]
    per_day = [
        {"day": day.isoformat(), "planned": planned_sum, "done": done_sum, "capacity": on_duty[day.weekday()]}
        for day in days
        for planned_sum, done_sum in [totals.get(day, [0, 0])]
    ]
    by_manager = [
        {
            "manager": pk,
            "capacity": limits[pk],
            "working_days": sum(weekdays[weekday] for weekday in workdays[pk]),
            "planned": mine[pk][0],
            "done": mine[pk][1],
            "days_over_capacity": mine[pk][2],
        }
        for pk in sorted(ids)
    ]
    by_manager_day = [
        {"manager": pk, "day": day.isoformat(), "planned": cell[0], "done": cell[1], "capacity": limits[pk]}
        for (pk, day), cell in sorted(cells.items())
    ]
    return {"per_day": per_day, "by_manager": by_manager, "by_manager_day": by_manager_day}
