"""SIX-2 compliance per manager at the end of a period, and the POST-4 passive clients then."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from keepwarm.accounts.models import User
from keepwarm.clients.choices import ACTIVE_CATEGORIES
from keepwarm.clients.models import Client, Order, full_name
from keepwarm.planner import inputs
from keepwarm.planner.reports import NOT_A_CONTACT
from keepwarm.reports.scope import Period, Scope
from keepwarm.touches.models import Touch

BELOW_SHOWN = 100
MEASURES = ("clients", "compliant", "below_six", "passive")
# On the clients _counted annotates: with their contacts, or below them.
COMPLIANT = Q(contacts__gte=F("needed"))
BELOW = Q(contacts__lt=F("needed"))
COUNTED = ("pk", "owner_id", "contacts", "needed")


def _existing(scope: Scope, period: Period) -> QuerySet[Client]:
    """The clients that existed at the period's end, by their category today (CAT-6 keeps no snapshot of a past
    day's categories)."""
    return scope.clients.filter(created_at__lt=period.bounds()[1])


def _counted(existing: QuerySet[Client], period: Period, target: int) -> QuerySet[Client]:
    """The clients SIX-2 counts (active, not do-not-contact), each with `contacts` in the 365 days up to the
    period's end and the `needed` of planner.reports.six_compliance: a client known for d < 365 days needs
    ceil(target * d / 365), at least one. Both are computed by the database (a per-client count on the touches'
    (client, happened_at) index, and `needed` as a step function of the entry day), so no client row comes back
    to Python."""
    last_year = Period(period.end - dt.timedelta(days=364), period.end).bounds()
    contacts = (
        Touch.objects.filter(client=OuterRef("pk"), happened_at__gte=last_year[0], happened_at__lt=last_year[1])
        .exclude(outcome__in=NOT_A_CONTACT)
        .order_by()
        .values("client")
        .annotate(count=Count("pk"))
        .values("count")
    )

    # ceil(target * d / 365) > k exactly when d > 365k/target, i.e. d >= floor(365k/target) + 1 days: entered
    # before the start of the day floor(365k/target) days before the period's end.
    def day_start(days_before_end: int) -> dt.datetime:
        return Period(period.end - dt.timedelta(days=days_before_end), period.end).bounds()[0]

    steps = [When(created_at__lt=day_start(365 * k // target), then=k + 1) for k in range(target - 1, 0, -1)]
    return existing.filter(category__in=ACTIVE_CATEGORIES, do_not_contact=False).annotate(
        contacts=Coalesce(Subquery(contacts, output_field=IntegerField()), 0),
        needed=Case(*steps, default=Value(1), output_field=IntegerField()) if steps else Value(1),
    )


def _passive(existing: QuerySet[Client], period: Period, passive_days: int) -> QuerySet[Client]:
    """POST-4: active clients with no contact and no purchase in the `passive_days` before the period's end."""
    since = period.end - dt.timedelta(days=passive_days)
    recent = Period(since + dt.timedelta(days=1), period.end).bounds()
    contact = Touch.objects.filter(
        client=OuterRef("pk"), happened_at__gte=recent[0], happened_at__lt=recent[1]
    ).exclude(outcome__in=NOT_A_CONTACT)
    purchase = Order.objects.filter(client=OuterRef("pk"), ordered_on__gt=since, ordered_on__lte=period.end)
    return existing.filter(category__in=ACTIVE_CATEGORIES, created_at__lt=recent[0]).exclude(
        Exists(contact) | Exists(purchase)
    )


def six_clients(scope: Scope, period: Period, measure: str, *, viewer: User) -> QuerySet[Client]:
    """The clients behind `clients` (active), `compliant`, `below_six` (active clients short of their contacts)
    or `passive` (POST-4)."""
    settings = inputs.settings_for_team(viewer.team)
    existing = _existing(scope, period)
    if measure == "passive":
        return _passive(existing, period, settings.passive_days)
    counted = _counted(existing, period, settings.six_target)
    if measure == "compliant":
        return counted.filter(COMPLIANT)
    if measure == "below_six":
        return counted.filter(BELOW)
    return counted


def six(scope: Scope, period: Period, *, viewer: User) -> dict[str, Any]:
    """Three reads: each counted client's (owner, contacts, needed) as plain numbers, summed here; the names of the
    clients furthest below six; the passive clients' count."""
    settings = inputs.settings_for_team(viewer.team)
    existing = _existing(scope, period)
    totals: dict[int | None, list[int]] = {}
    short: list[tuple[int, int, int, int | None]] = []  # (gap, client id, ...) of the clients below
    for pk, owner_id, contacts, needed in _counted(existing, period, settings.six_target).values_list(*COUNTED):
        counts = totals.setdefault(owner_id, [0, 0])
        counts[0] += 1
        if contacts >= needed:
            counts[1] += 1
        else:
            short.append((contacts - needed, pk, contacts, owner_id))
    short.sort()  # the furthest below first, then by id
    shown = short[:BELOW_SHOWN]
    names = {
        pk: full_name(last, first, middle)
        for pk, last, first, middle in Client.objects.filter(pk__in=[row[1] for row in shown]).values_list(
            "pk", "last_name", "first_name", "patronymic"
        )
    }
    clients = sum(total for total, _ok in totals.values())
    complying = sum(ok for _total, ok in totals.values())
    return {
        "target": settings.six_target,
        "clients": clients,
        "compliant": complying,
        "below_six": clients - complying,
        "share": complying / clients if clients else None,
        "by_manager": [
            {"manager": owner, "clients": total, "compliant": ok, "share": ok / total if total else 1.0}
            for owner, (total, ok) in sorted(totals.items(), key=lambda item: item[0] or 0)
        ],
        "passive": _passive(existing, period, settings.passive_days).count(),
        "below": [
            {"client": pk, "name": names[pk], "owner": owner, "contacts": contacts, "needed": contacts - gap}
            for gap, pk, contacts, owner in shown
            if pk in names
        ],
    }
