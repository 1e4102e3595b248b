"""The planner's reads for leads and the reports: each manager's load against capacity (PLAN-1) and SIX-2,
the share of active clients contacted as often as the rule of six asks."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients.access import clients_visible_to
from keepwarm.clients.choices import ACTIVE_CATEGORIES
from keepwarm.clients.models import Client
from keepwarm.core.collation import users_by_name
from keepwarm.planner import inputs, workload
from keepwarm.planner.capacity import DayLoad
from keepwarm.touches.choices import Outcome, PlanStatus


@dataclass(frozen=True)
class ManagerLoad:
    manager: User
    due_today: int
    overdue: int
    this_week: int
    six: SixCompliance | None = None
    days: list[DayLoad] = field(default_factory=list)  # PLAN-1: the next 7 days against capacity

    @property
    def capacity(self) -> int | None:
        return self.days[0].capacity if self.days else None


def team_load(user: User, *, day: dt.date) -> list[ManagerLoad]:
    """The team lead's view: each manager's load and overdue count."""
    managers = access.users_assignable_by(user).order_by(*users_by_name(user.language))
    week_end = day + dt.timedelta(days=7)
    open_status = Q(clients__planned_touches__status=PlanStatus.OPEN)
    rows = managers.annotate(
        due_today=Count("clients__planned_touches", filter=open_status & Q(clients__planned_touches__due_date=day)),
        overdue=Count("clients__planned_touches", filter=open_status & Q(clients__planned_touches__due_date__lt=day)),
        this_week=Count(
            "clients__planned_touches",
            filter=open_status
            & Q(clients__planned_touches__due_date__gte=day, clients__planned_touches__due_date__lt=week_end),
        ),
    )
    target = inputs.settings_for_team(user.team).six_target
    six = {row.owner_id: row for row in six_compliance(clients_visible_to(user), today=day, target=target)}
    days = workload.scope_loads(user, first=day, days=7)
    return [
        ManagerLoad(row, row.due_today, row.overdue, row.this_week, six.get(row.pk), days.get(row.pk, []))
        for row in rows
    ]


def team_six_compliance(loads: list[ManagerLoad]) -> SixCompliance:
    """SIX-2 for the whole team: the managers' counts added up."""
    rows = [load.six for load in loads if load.six is not None]
    return SixCompliance(None, sum(r.clients for r in rows), sum(r.compliant for r in rows))


# SIX-2: outcomes that are no contact with the client (nobody answered, or the call was cut off at once).
NOT_A_CONTACT = (Outcome.NO_ANSWER, Outcome.HUNG_UP)


@dataclass(frozen=True)
class SixCompliance:
    """SIX-2: the share of active clients with their contacts of the last 365 days (prorated for younger ones)."""

    owner_id: int | None
    clients: int
    compliant: int

    @property
    def share(self) -> float:
        return self.compliant / self.clients if self.clients else 1.0


def six_compliance(
    clients: QuerySet[Client], *, today: dt.date, target: int = 6, short: list[tuple[int, int, int]] | None = None
) -> list[SixCompliance]:
    """Per owner; a client known for d < 365 days needs ceil(target * d / 365) contacts (at least one).
    `short` collects (client id, contacts, needed) of the clients below, for the reports' list."""
    # The last 365 days up to `today`, as datetime bounds: an index range, not a date cast of every touch.
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(today - dt.timedelta(days=364), dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    rows = (
        clients.filter(category__in=ACTIVE_CATEGORIES, do_not_contact=False)
        .annotate(
            contacts=Count(
                "touches",
                filter=Q(touches__happened_at__gte=since, touches__happened_at__lt=until)
                & ~Q(touches__outcome__in=NOT_A_CONTACT),
            )
        )
        .values_list("owner_id", "created_at", "contacts", "pk")
    )
    totals: dict[int | None, list[int]] = {}
    for owner_id, created_at, contacts, pk in rows:
        known_days = min(365, max(1, (today - timezone.localtime(created_at).date()).days))
        needed = max(1, math.ceil(target * known_days / 365))
        counts = totals.setdefault(owner_id, [0, 0])
        counts[0] += 1
        counts[1] += contacts >= needed
        if short is not None and contacts < needed:
            short.append((pk, contacts, needed))
    return [SixCompliance(owner_id, total, ok) for owner_id, (total, ok) in totals.items()]
