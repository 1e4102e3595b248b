"""SIX-2 compliance per manager at the end of a period, and the POST-4 passive clients then."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.expressions import Expression, RawSQL

from keepwarm.accounts.models import User
from keepwarm.clients.choices import ACTIVE_CATEGORIES
from keepwarm.clients.models import Client, Order, full_name
from keepwarm.planner import inputs
from keepwarm.planner.reports import BELOW, COMPLIANT, NOT_A_CONTACT, six_counted, six_steps
from keepwarm.planner.types import PlannerSettings
from keepwarm.reports.models import ClientDay
from keepwarm.reports.scope import Period, Scope, clients_by_day
from keepwarm.touches.choices import Outcome
from keepwarm.touches.models import Touch

BELOW_SHOWN = 100
MEASURES = ("clients", "compliant", "below_six", "passive")
# SIX-2's contacts: every outcome but those that are none (the touches' outcomes are their choices).
CONTACTS = tuple(outcome for outcome in Outcome.values if outcome not in NOT_A_CONTACT)
# A client as counted: id, owner, do not contact, contacts in the year, contacts needed, passive (POST-4).
Row = tuple[int, int, bool, int, int, Any]
# Per owner, SIX-2's [clients counted, of them with their contacts].
Totals = dict[int, list[int]]


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
    rows: tuple[list[Row], list[Row]] = ([], [])
    months: list[tuple[dt.date, Totals]] = [(end, {}) for end in month_ends(period)]
    for target, passive_days, owners in groups:
        part = scope if len(groups) == 1 else _part(scope, owners)
        counted = _rows(part, period, target, passive_days)
        for index, found in enumerate(counted.both):
            rows[index].extend(found)
        for (_end, month), (_same, totals) in zip(months, counted.months, strict=True):
            month.update(totals)  # the groups' owners differ
    targets = {owner: target for target, _days, owners in groups for owner in owners}
    shared = groups[0][0] if len({target for target, _days, _owners in groups}) == 1 else None
    current = _numbers(rows[0], targets, shared)
    return {**current, "trend": _trend(months, targets, shared)}, _numbers(rows[1], targets, shared)


def month_ends(period: Period) -> list[dt.date]:
    """The last day of each month the period touches, the period's own end for its last month."""
    ends = []
    day = period.start
    while day <= period.end:
        following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        ends.append(min(following - dt.timedelta(days=1), period.end))
        day = following
    return ends


class Counted(NamedTuple):
    """`_rows`' answer: the rows at both periods' ends, and for each month end of the period (`month_ends`) SIX-2's
    totals per owner of the clients that existed then (as `_tally` counts them)."""

    both: tuple[list[Row], list[Row]]
    months: list[tuple[dt.date, Totals]]


def _rows(scope: Scope, period: Period, target: int, passive_days: int) -> Counted:
    """Three reads for both ends and the month ends: the active clients that existed at the period's end (with
    SIX-2's `needed` by `six_steps` and their entry against each day's bounds, computed by the database), their
    contacts from the kept counts by client and day (reports.summary; one range of days per owner instead of a
    count per client on the touches) and their purchases; a row per client (id, owner, do not contact, contacts,
    needed, passive) by POST-4's rule, as `six_clients` counts them in the database for the drill-down. The month
    ends' rows leave POST-4 out (False)."""
    windows = [
        (each.end - dt.timedelta(days=364), each.end - dt.timedelta(days=passive_days), each)
        for each in (period, period.previous())
    ]
    ends = month_ends(period)
    marks: dict[str, Expression] = {}
    sums: dict[str, Expression] = {}

    def at_day(name: str, day: dt.date) -> None:
        """SIX-2's needed contacts at the end of `day` (0: not entered yet), and its contacts up to then."""
        marks[f"needed_{name}"] = _needed(day, target)
        sums[f"year_{name}"] = _contacts(day - dt.timedelta(days=364), day)

    for index, (_start, since, each) in enumerate(windows):
        at_day(str(index), each.end)
        settled = Period(since + dt.timedelta(days=1), each.end).bounds()[0]  # entered before the recent days
        marks[f"settled_{index}"] = Case(When(created_at__lt=settled, then=Value(1)), default=Value(0))
        sums[f"recent_{index}"] = _contacts(since + dt.timedelta(days=1), each.end)
    for month, end in enumerate(ends):
        at_day(f"m{month}", end)
    active = scope.clients.filter(created_at__lt=period.bounds()[1], category__in=ACTIVE_CATEGORIES)
    clients = _plain(active.annotate(**marks).values_list("pk", "owner_id", "do_not_contact", *marks))
    first = min(min(year_start, since + dt.timedelta(days=1)) for year_start, since, _each in windows)
    days = clients_by_day(scope, Period(first, period.end), *CONTACTS)
    contacts = {row[0]: row[1:] for row in _plain(days.values_list("client_id").annotate(**sums).order_by())}
    none = (0,) * len(sums)
    mark, summed = {name: place for place, name in enumerate(marks)}, {name: place for place, name in enumerate(sums)}
    bought: dict[int, list[dt.date]] = {}
    purchases = Order.objects.filter(
        client__in=active.values("pk"),
        ordered_on__gt=min(since for _start, since, _each in windows),
        ordered_on__lte=period.end,
    )
    for client_id, day in purchases.values_list("client_id", "ordered_on"):
        bought.setdefault(client_id, []).append(day)
    both: tuple[list[Row], list[Row]] = ([], [])
    months: list[tuple[dt.date, Totals]] = [(end, {}) for end in ends]
    ends_at = [
        (index, since, each, mark[f"needed_{index}"], mark[f"settled_{index}"], summed[f"year_{index}"],
         summed[f"recent_{index}"])
        for index, (_start, since, each) in enumerate(windows)
    ]  # fmt: skip
    months_at = [
        (totals, mark[f"needed_m{month}"], summed[f"year_m{month}"]) for month, (_end, totals) in enumerate(months)
    ]
    for pk, owner_id, do_not_contact, *marked in clients:
        counts = contacts.get(pk, none)
        for index, since, each, needed, entered, year, recent in ends_at:
            if marked[needed]:
                idle = marked[entered] and not counts[recent] and not _bought(bought.get(pk), since, each.end)
                both[index].append((pk, owner_id, do_not_contact, counts[year], marked[needed], idle))
        if do_not_contact:
            continue
        for totals, needed, year in months_at:  # counted here: a row a client and month cost more than the reads
            wanted = marked[needed]
            if wanted:
                tally = totals.get(owner_id) or totals.setdefault(owner_id, [0, 0])
                tally[0] += 1
                if counts[year] >= wanted:
                    tally[1] += 1
    return Counted(both, months)


def _needed(day: dt.date, target: int) -> RawSQL:
    """SIX-2's `needed` at the end of `day` by the client's entry (`six_steps`), 0 for a client who entered after
    it. Plain SQL, as are the sums of `_contacts`: built by the ORM, these expressions (two a month of the trend)
    took longer to build than the database took to run them."""
    ops = connection.ops
    column = f"{ops.quote_name(Client._meta.db_table)}.{ops.quote_name('created_at')}"
    steps = [
        (Period(day, day).bounds()[1], 0, ">="),
        *((before, count, "<") for before, count in six_steps(day, target)),
    ]
    sql = " ".join(f"WHEN {column} {compare} %s THEN {int(count)}" for _before, count, compare in steps)
    params = [ops.adapt_datetimefield_value(before) for before, _count, _compare in steps]
    return RawSQL(f"CASE {sql} ELSE 1 END", params, output_field=IntegerField())


class _PlainSum(RawSQL):
    """An aggregate written as plain SQL: not grouped by."""

    contains_aggregate = True

    def get_group_by_cols(self) -> list[Any]:
        return []


def _contacts(first: dt.date, last: dt.date) -> RawSQL:
    """A client's contacts on the days from `first` to `last`, summed over its kept counts (reports.summary), in
    plain SQL like `_needed`."""
    ops = connection.ops
    day, touches = (f"{ops.quote_name(ClientDay._meta.db_table)}.{ops.quote_name(name)}" for name in ("day", "touches"))
    sql = f"COALESCE(SUM(CASE WHEN {day} >= %s AND {day} <= %s THEN {touches} ELSE 0 END), 0)"
    return _PlainSum(sql, [ops.adapt_datefield_value(first), ops.adapt_datefield_value(last)], IntegerField())


def _trend(months: list[tuple[dt.date, Totals]], targets: dict[int, int], target: int | None) -> list[dict]:
    """SIX-2 at each month's end of the period, in all and per manager: the compliance trend."""
    return [
        {"month": end.strftime("%Y-%m"), "day": end.isoformat(), **_shares(totals, targets, target)}
        for end, totals in months
    ]


def _plain(rows: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """Rows of plain numbers as the database gives them: Django's converter for each value of each row (the
    annotations' int(), the flags' bool()) were a third of this report's Python time on 10,000 clients. A query that
    can match nothing (the owners of a team with no members) has no SQL: Django would not run it either."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _bought(days: list[dt.date] | None, since: dt.date, last: dt.date) -> bool:
    return any(since < day <= last for day in days or ())


def _numbers(rows: list[Row], targets: dict[int, int], target: int | None) -> dict[str, Any]:
    """SIX-2 counts the clients that may be contacted, POST-4 all of them; the names of the clients furthest below
    six are read for the few listed. `target` is SIX-1's target when every client in scope has the same (else
    None), each manager's row has their team's."""
    totals, short = _tally(rows)
    passive = sum(1 for *_counted, idle in rows if idle)
    short.sort()  # the furthest below first, then by id
    shown = short[:BELOW_SHOWN]
    names = {
        pk: full_name(last, first, middle)
        for pk, last, first, middle in Client.objects.filter(pk__in=[row[1] for row in shown]).values_list(
            "pk", "last_name", "first_name", "patronymic"
        )
    }
    return {
        "target": target,
        **_shares(totals, targets, target),
        "passive": passive,
        "below": [
            {"client": pk, "name": names[pk], "owner": owner, "contacts": contacts, "needed": contacts - gap}
            for gap, pk, contacts, owner in shown
            if pk in names
        ],
    }


def _tally(rows: list[Row]) -> tuple[dict[int, list[int]], list[tuple[int, int, int, int]]]:
    """Per owner, the clients SIX-2 counts (not do-not-contact) and those with their contacts; and the clients
    below them as (gap, client id, contacts, owner)."""
    totals: dict[int, list[int]] = {}
    short: list[tuple[int, int, int, int]] = []
    for pk, owner_id, do_not_contact, contacts, needed, _idle in rows:
        if do_not_contact:
            continue
        counts = totals.setdefault(owner_id, [0, 0])
        counts[0] += 1
        if contacts >= needed:
            counts[1] += 1
        else:
            short.append((contacts - needed, pk, contacts, owner_id))
    return totals, short


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
