"""SIX-2 compliance per manager at the end of a period, and the POST-4 passive clients then."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from keepwarm.accounts.models import User
from keepwarm.clients.choices import ACTIVE_CATEGORIES
from keepwarm.clients.models import Client, Order, full_name
from keepwarm.planner import inputs
from keepwarm.planner.reports import BELOW, COMPLIANT, NOT_A_CONTACT, six_annotated, six_counted
from keepwarm.planner.types import PlannerSettings
from keepwarm.reports.scope import Period, Scope
from keepwarm.touches.models import Touch

BELOW_SHOWN = 100
MEASURES = ("clients", "compliant", "below_six", "passive")
COUNTED = ("pk", "owner_id", "do_not_contact", "contacts", "needed", "passive")


def _existing(scope: Scope, period: Period) -> QuerySet[Client]:
    """The clients that existed at the period's end, by their category today (CAT-6 keeps no snapshot of a past
    day's categories)."""
    return scope.clients.filter(created_at__lt=period.bounds()[1])


def _counted(existing: QuerySet[Client], period: Period, target: int) -> QuerySet[Client]:
    """SIX-2 at the period's end, as the planner's team page counts it."""
    return six_counted(existing, today=period.end, target=target)


def _passive_rule(period: Period, passive_days: int) -> Q:
    """POST-4 on an active client: no contact and no purchase in the `passive_days` before the period's end."""
    since = period.end - dt.timedelta(days=passive_days)
    recent = Period(since + dt.timedelta(days=1), period.end).bounds()
    contact = Touch.objects.filter(
        client=OuterRef("pk"), happened_at__gte=recent[0], happened_at__lt=recent[1]
    ).exclude(outcome__in=NOT_A_CONTACT)
    purchase = Order.objects.filter(client=OuterRef("pk"), ordered_on__gt=since, ordered_on__lte=period.end)
    return Q(created_at__lt=recent[0]) & ~Exists(contact) & ~Exists(purchase)


def _passive(existing: QuerySet[Client], period: Period, passive_days: int) -> QuerySet[Client]:
    return existing.filter(Q(category__in=ACTIVE_CATEGORIES) & _passive_rule(period, passive_days))


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


def six_both(scope: Scope, period: Period, *, viewer: User) -> tuple[dict[str, Any], dict[str, Any]]:
    """At the period's end and at the previous period's, with the viewer's team settings read once."""
    settings = inputs.settings_for_team(viewer.team)
    return six(scope, period, settings=settings), six(scope, period.previous(), settings=settings)


def six(scope: Scope, period: Period, *, settings: PlannerSettings) -> dict[str, Any]:
    """Two reads: each active client's (owner, contacts, needed, passive) as plain numbers, summed here (SIX-2
    counts those that may be contacted, POST-4 all of them); the names of the clients furthest below six."""
    active = _existing(scope, period).filter(category__in=ACTIVE_CATEGORIES)
    rows = six_annotated(active, today=period.end, target=settings.six_target).annotate(
        passive=ExpressionWrapper(_passive_rule(period, settings.passive_days), output_field=BooleanField())
    )
    totals: dict[int | None, list[int]] = {}
    short: list[tuple[int, int, int, int | None]] = []  # (gap, client id, ...) of the clients below
    passive = 0
    for pk, owner_id, do_not_contact, contacts, needed, idle in rows.values_list(*COUNTED):
        passive += idle
        if do_not_contact:
            continue
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
        "passive": passive,
        "below": [
            {"client": pk, "name": names[pk], "owner": owner, "contacts": contacts, "needed": contacts - gap}
            for gap, pk, contacts, owner in shown
            if pk in names
        ],
    }
