"""SIX-2 compliance per manager at the end of a period, and the POST-4 passive clients then."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef

from keepwarm.accounts.models import User
from keepwarm.clients.choices import ACTIVE_CATEGORIES
from keepwarm.clients.models import Client, Order
from keepwarm.planner import inputs
from keepwarm.planner.reports import NOT_A_CONTACT, six_compliance
from keepwarm.reports.scope import Period, Scope
from keepwarm.touches.models import Touch

BELOW_SHOWN = 100


def six(scope: Scope, period: Period, *, viewer: User) -> dict[str, Any]:
    """Counted over the clients that existed at the period's end, by their category today (CAT-6 keeps no
    snapshot of a past day's categories)."""
    settings = inputs.settings_for_team(viewer.team)
    end = period.bounds()[1]
    existing = scope.clients.filter(created_at__lt=end)
    short: list[tuple[int, int, int]] = []
    rows = sorted(
        six_compliance(existing, today=period.end, target=settings.six_target, short=short),
        key=lambda r: r.owner_id or 0,
    )
    short.sort(key=lambda row: (row[1] - row[2], row[0]))  # the furthest below first
    clients, compliant = sum(r.clients for r in rows), sum(r.compliant for r in rows)
    since = period.end - dt.timedelta(days=settings.passive_days)
    recent = Period(since + dt.timedelta(days=1), period.end).bounds()
    contact = Touch.objects.filter(
        client=OuterRef("pk"), happened_at__gte=recent[0], happened_at__lt=recent[1]
    ).exclude(outcome__in=NOT_A_CONTACT)
    purchase = Order.objects.filter(client=OuterRef("pk"), ordered_on__gt=since, ordered_on__lte=period.end)
    passive = existing.filter(category__in=ACTIVE_CATEGORIES, created_at__lt=recent[0]).exclude(
        Exists(contact) | Exists(purchase)
    )
    return {
        "target": settings.six_target,
        "clients": clients,
        "compliant": compliant,
        "share": compliant / clients if clients else None,
        "by_manager": [
            {"manager": r.owner_id, "clients": r.clients, "compliant": r.compliant, "share": r.share} for r in rows
        ],
        "passive": passive.count(),
        "below": [
            {"client": client.pk, "name": client.full_name, "owner": client.owner_id, "contacts": c, "needed": n}
            for client, (_, c, n) in _with_clients(short[:BELOW_SHOWN])
        ],
    }


def _with_clients(rows: list[tuple[int, int, int]]) -> list[tuple[Client, tuple[int, int, int]]]:
    clients = Client.objects.in_bulk([row[0] for row in rows])
    return [(clients[row[0]], row) for row in rows if row[0] in clients]
