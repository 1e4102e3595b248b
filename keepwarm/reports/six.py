"""SIX-2 compliance per manager at the end of a period, and the POST-4 passive clients then."""

from __future__ import annotations

import datetime as dt
import heapq
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from keepwarm.accounts.models import User
from keepwarm.clients.choices import ACTIVE_CATEGORIES
from keepwarm.clients.models import Client, Order, full_name
from keepwarm.planner import inputs
from keepwarm.planner.reports import BELOW, COMPLIANT, NOT_A_CONTACT, six_counted
from keepwarm.planner.types import PlannerSettings
from keepwarm.reports.scope import Period, Scope
from keepwarm.reports.six_counts import BELOW_SHOWN, Judged, Totals, month_ends, six_counts
from keepwarm.touches.models import Touch

MEASURES = ("clients", "compliant", "below_six", "passive")


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


def _groups(scope: Scope) -> list[tuple[int, int, list[int]]]:
    """SIX-1's target and POST-4's passive days with the owners whose clients they judge: each client by its owner's
    team's settings (the defaults for an owner with no team), whoever asks, so that an admin's view of many teams
    counts each team as its lead sees it. Owners with the same settings share a group; no owners, one group of none
    with the defaults."""
    teams = dict(User.objects.filter(pk__in=scope.owners).values_list("pk", "team_id"))
    settings = inputs.settings_by_team_id(set(teams.values()))
    groups: dict[tuple[int, int], list[int]] = {}
    for owner, team in sorted(teams.items()):
        groups.setdefault((settings[team].six_target, settings[team].passive_days), []).append(owner)
    if not groups:
        defaults = PlannerSettings()
        return [(defaults.six_target, defaults.passive_days, [])]
    return [(target, passive_days, owners) for (target, passive_days), owners in groups.items()]


def _part(scope: Scope, owners: list[int]) -> Scope:
    """The scope's clients of these owners."""
    return Scope(scope.managers, lambda _: scope.clients.filter(owner_id__in=owners), lambda _: owners)


def six_clients(scope: Scope, period: Period, measure: str) -> QuerySet[Client]:
    """The clients behind `clients` (active), `compliant`, `below_six` (active clients short of their contacts)
    or `passive` (POST-4), each judged by its own team's settings as `six_both` judges it."""
    groups = _groups(scope)
    if len(groups) == 1:
        target, passive_days, _owners = groups[0]
        return _judged(_existing(scope, period), period, measure, target, passive_days)
    existing = _existing(scope, period)
    chosen = Q(pk__in=[])
    for target, passive_days, owners in groups:
        judged = _judged(existing.filter(owner_id__in=owners), period, measure, target, passive_days)
        chosen |= Q(pk__in=judged.values("pk"))
    return existing.filter(chosen)


def _judged(
    existing: QuerySet[Client], period: Period, measure: str, target: int, passive_days: int
) -> QuerySet[Client]:
    if measure == "passive":
        return _passive(existing, period, passive_days)
    counted = _counted(existing, period, target)
    if measure == "compliant":
        return counted.filter(COMPLIANT)
    if measure == "below_six":
        return counted.filter(BELOW)
    return counted


def six_both(scope: Scope, period: Period) -> tuple[dict[str, Any], dict[str, Any]]:
    """SIX-2 and POST-4 at the period's end and at the previous period's, each client by its team's settings
    (`_groups`; one group, so one set of reads, for a team or a manager); and for the period, SIX-2 at each
    month's end (`trend`, read in the same reads)."""
    groups = _groups(scope)
    both: tuple[list[Judged], list[Judged]] = ([], [])
    months: list[tuple[dt.date, Totals]] = [(end, {}) for end in month_ends(period)]
    for target, passive_days, owners in groups:
        part = scope if len(groups) == 1 else _part(scope, owners)
        counts = six_counts(part, period, target, passive_days)
        for index, judged in enumerate(counts.both):
            both[index].append(judged)
        for (_end, month), (_same, totals) in zip(months, counts.months, strict=True):
            month.update(totals)  # the groups' owners differ
    targets = {owner: target for target, _days, owners in groups for owner in owners}
    shared = groups[0][0] if len({target for target, _days, _owners in groups}) == 1 else None
    current = _numbers(both[0], targets, shared)
    return {**current, "trend": _trend(months, targets, shared)}, _numbers(both[1], targets, shared)


def _trend(months: list[tuple[dt.date, Totals]], targets: dict[int, int], target: int | None) -> list[dict]:
    """SIX-2 at each month's end of the period, in all and per manager: the compliance trend."""
    return [
        {"month": end.strftime("%Y-%m"), "day": end.isoformat(), **_shares(totals, targets, target)}
        for end, totals in months
    ]


def _numbers(groups: list[Judged], targets: dict[int, int], target: int | None) -> dict[str, Any]:
    """SIX-2 counts the clients that may be contacted, POST-4 all of them (each group of owners judged by its
    settings); the names of the clients furthest below six are read for the few listed. `target` is SIX-1's target
    when every client in scope has the same (else None), each manager's row has their team's."""
    totals = {owner: counts for judged in groups for owner, counts in judged.totals.items()}  # the owners differ
    shown = heapq.nsmallest(BELOW_SHOWN, (below for judged in groups for below in judged.below))
    names = {
        pk: full_name(last, first, middle)
        for pk, last, first, middle in Client.objects.filter(pk__in=[row[1] for row in shown]).values_list(
            "pk", "last_name", "first_name", "patronymic"
        )
    }
    return {
        "target": target,
        **_shares(totals, targets, target),
        "passive": sum(judged.passive for judged in groups),
        "below": [
            {"client": pk, "name": names[pk], "owner": owner, "contacts": contacts, "needed": contacts - gap}
            for gap, pk, contacts, owner in shown
            if pk in names
        ],
    }


def _shares(totals: dict[int, list[int]], targets: dict[int, int], target: int | None) -> dict[str, Any]:
    clients = sum(total for total, _ok in totals.values())
    complying = sum(ok for _total, ok in totals.values())
    return {
        "clients": clients,
        "compliant": complying,
        "below_six": clients - complying,
        "share": complying / clients if clients else None,
        "by_manager": [
            {
                "manager": owner,
                "target": targets.get(owner, target),
                "clients": total,
                "compliant": ok,
                "share": ok / total if total else 1.0,
            }
            for owner, (total, ok) in sorted(totals.items())
        ],
    }
