"""SIX-2 compliance per manager at the end of a period, and the POST-4 passive clients then."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from keepwarm.accounts.models import User
from keepwarm.clients.choices import ACTIVE_CATEGORIES
from keepwarm.clients.models import Client, Order
from keepwarm.planner import inputs
from keepwarm.planner.reports import NOT_A_CONTACT, SixCompliance, six_compliance
from keepwarm.reports.scope import Period, Scope
from keepwarm.touches.models import Touch

BELOW_SHOWN = 100
Short = list[tuple[int, int, int]]  # (client id, contacts, needed) of the active clients below six


def _existing(scope: Scope, period: Period) -> QuerySet[Client]:
    """The clients that existed at the period's end, by their category today (CAT-6 keeps no snapshot of a past
    day's categories)."""
    return scope.clients.filter(created_at__lt=period.bounds()[1])


def _short(existing: QuerySet[Client], period: Period, target: int) -> tuple[list[SixCompliance], Short]:
    """Compliance rows per owner and the (client, contacts, needed) of the active clients below six."""
    short: Short = []
    rows = sorted(six_compliance(existing, today=period.end, target=target, short=short), key=lambda r: r.owner_id or 0)
    return rows, short


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


LISTED_AT_MOST = 30_000  # clients below six a drill-down lists (the furthest below first)


MEASURES = ("clients", "compliant", "below_six", "passive")


def _counted(existing: QuerySet[Client]) -> QuerySet[Client]:
    """The clients SIX-2 counts (six_compliance's own filter)."""
    return existing.filter(category__in=ACTIVE_CATEGORIES, do_not_contact=False)


def six_clients(scope: Scope, period: Period, measure: str, *, viewer: User) -> QuerySet[Client]:
    """The clients behind `clients` (active), `compliant`, `below_six` (active clients short of their contacts)
    or `passive` (POST-4)."""
    settings = inputs.settings_for_team(viewer.team)
    existing = _existing(scope, period)
    if measure == "passive":
        return _passive(existing, period, settings.passive_days)
    if measure == "clients":
        return _counted(existing)
    _rows, short = _short(existing, period, settings.six_target)
    if measure == "compliant":
        below = {row[0] for row in short}
        ids = [pk for pk in _counted(existing).values_list("pk", flat=True) if pk not in below]
    else:
        short.sort(key=lambda row: (row[1] - row[2], row[0]))  # the furthest below first, as the report lists them
        ids = [row[0] for row in short]
    # At most LISTED_AT_MOST ids go into one query: SQLite refuses more than 32,766 parameters.
    return existing.filter(pk__in=ids[:LISTED_AT_MOST])


def six(scope: Scope, period: Period, *, viewer: User) -> dict[str, Any]:
    settings = inputs.settings_for_team(viewer.team)
    existing = _existing(scope, period)
    rows, short = _short(existing, period, settings.six_target)
    short.sort(key=lambda row: (row[1] - row[2], row[0]))  # the furthest below first
    clients, compliant = sum(r.clients for r in rows), sum(r.compliant for r in rows)
    return {
        "target": settings.six_target,
        "clients": clients,
        "compliant": compliant,
        "below_six": clients - compliant,
        "share": compliant / clients if clients else None,
        "by_manager": [
            {"manager": r.owner_id, "clients": r.clients, "compliant": r.compliant, "share": r.share} for r in rows
        ],
        "passive": _passive(existing, period, settings.passive_days).count(),
        "below": [
            {"client": client.pk, "name": client.full_name, "owner": client.owner_id, "contacts": c, "needed": n}
            for client, (_, c, n) in _with_clients(short[:BELOW_SHOWN])
        ],
    }


def _with_clients(rows: list[tuple[int, int, int]]) -> list[tuple[Client, tuple[int, int, int]]]:
    clients = Client.objects.in_bulk([row[0] for row in rows])
    return [(clients[row[0]], row) for row in rows if row[0] in clients]
