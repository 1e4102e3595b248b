"""The planner's reads for leads and the reports: each manager's load against capacity (PLAN-1) and SIX-2,
the share of active clients contacted as often as the rule of six asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
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
from keepwarm.touches.models import Touch


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


def six_counted(clients: QuerySet[Client], *, today: dt.date, target: int = 6) -> QuerySet[Client]:
    """The clients SIX-2 counts (active, not do-not-contact), with their numbers (`six_annotated`)."""
    return six_annotated(
        clients.filter(category__in=ACTIVE_CATEGORIES, do_not_contact=False), today=today, target=target
    )


def six_annotated(clients: QuerySet[Client], *, today: dt.date, target: int = 6) -> QuerySet[Client]:
    """Each client with `contacts` in the 365 days up to `today` and the `needed` count of SIX-2: a client known
    for d < 365 days needs ceil(target * d / 365), at least one. Both are computed by the database (a per-client
    count on the touches' timeline index, and `needed` as a step function of the entry day), so no client row
    has to come back to Python."""
    # The last 365 days up to `today`, as datetime bounds: an index range, not a date cast of every touch.
    contacts = (
        Touch.objects.filter(
            client=OuterRef("pk"),
            happened_at__gte=_day_start(today - dt.timedelta(days=364)),
            happened_at__lt=_day_start(today + dt.timedelta(days=1)),
        )
        .exclude(outcome__in=NOT_A_CONTACT)
        .order_by()
        .values("client")
        .annotate(count=Count("pk"))
        .values("count")
    )
    steps = [When(created_at__lt=entered_before, then=needed) for entered_before, needed in six_steps(today, target)]
    return clients.annotate(
        contacts=Coalesce(Subquery(contacts, output_field=IntegerField()), 0),
        needed=Case(*steps, default=Value(1), output_field=IntegerField()) if steps else Value(1),
    )


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def six_steps(today: dt.date, target: int) -> list[tuple[dt.datetime, int]]:
    """SIX-2's `needed` as a step function of the entry moment: a client entered before `at` needs `needed`
    contacts (the first step that holds, largest first; else 1). ceil(target * d / 365) > k exactly when
    d > 365k/target, i.e. d >= floor(365k/target) + 1 days: entered before the start of the day floor(365k/target)
    days before `today`."""
    return [(_day_start(today - dt.timedelta(days=365 * k // target)), k + 1) for k in range(target - 1, 0, -1)]


# On the clients six_counted annotates: with their contacts, or below them.
COMPLIANT = Q(contacts__gte=F("needed"))
BELOW = Q(contacts__lt=F("needed"))


def six_compliance(clients: QuerySet[Client], *, today: dt.date, target: int = 6) -> list[SixCompliance]:
    """Per owner, counted by the database in one grouped read."""
    rows = (
        six_counted(clients, today=today, target=target)
        .values("owner_id")
        .annotate(total=Count("pk"), compliant=Count("pk", filter=COMPLIANT))
        .order_by()
    )
    return [SixCompliance(row["owner_id"], row["total"], row["compliant"]) for row in rows]
