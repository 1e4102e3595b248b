"""The raw floor of benchmarks/reports.py: per report, one hand-written SQL statement that returns the same numbers
as the report for one period (grouped rows they are read from, each piece a branch of one UNION ALL), so the
ratio of the report's time to it is what the ORM, Python and HTTP add.

Each branch yields (kind, key, a, b, count): text, text, number, number, number, with literals where a piece has
nothing to say, so both databases unite the branches without casts of NULL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.utils import timezone

from keepwarm.reports.scope import Period, _offset_changes

SCOPE = "k.owner_id IN (SELECT id FROM accounts_user WHERE team_id = %(team)s) AND k.deleted_at IS NULL"
MANAGERS = "SELECT id FROM accounts_user WHERE team_id = %(team)s AND is_active AND role <> 'admin'"
ACTIVE = "k.category IN ('now', 'future')"
NOT_A_CONTACT = "('no_answer', 'hung_up')"


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _day(column: str, period: Period) -> str:
    """The server-zone day of a timestamp, as the reports group it (scope.local_day)."""
    if _pg():
        return f"({column} AT TIME ZONE '{timezone.get_current_timezone_name()}')::date"
    changes = _offset_changes(period)
    assert changes is not None
    first, rest = changes
    if not rest:
        return f"date({column}, '{first:+d} seconds')"
    whens, before = [], first
    for at, offset in rest:
        stamp = connection.ops.adapt_datetimefield_value(at)
        whens.append(f"WHEN {column} < '{stamp}' THEN date({column}, '{before:+d} seconds')")
        before = offset
    return f"CASE {' '.join(whens)} ELSE date({column}, '{before:+d} seconds') END"


def _month(column: str, period: Period) -> str:
    if _pg():
        return f"to_char({column} AT TIME ZONE '{timezone.get_current_timezone_name()}', 'YYYY-MM')"
    return f"substr({_day(column, period)}, 1, 7)"


def _days(later: str, earlier: str) -> str:
    """Whole days between two timestamps, rounded down as timedelta.days."""
    if _pg():
        return f"floor(extract(epoch FROM ({later} - {earlier})) / 86400)"
    return f"floor(julianday({later}) - julianday({earlier}))"


def _exact_days(later: str, earlier: str) -> str:
    if _pg():
        return f"extract(epoch FROM ({later} - {earlier})) / 86400"
    return f"julianday({later}) - julianday({earlier})"


def _text(column: str) -> str:
    return f"CAST({column} AS TEXT)"


def flows(period: Period) -> str:
    buckets = " ".join(f"WHEN d <= {days} THEN {days}" for days in (30, 91, 182, 365))
    return f"""
WITH ch AS (
  SELECT c.client_id, c.changed_at, c.from_category AS f, c.to_category AS t, k.created_at
  FROM clients_categorychange c JOIN clients_client k ON k.id = c.client_id
  WHERE {SCOPE} AND c.changed_at >= %(start)s AND c.changed_at < %(end)s AND NOT c.is_correction
), fn AS (
  SELECT changed_at, created_at, (SELECT max(r.happened_at) FROM touches_touch r WHERE r.client_id = ch.client_id
    AND r.outcome = 'refused' AND r.happened_at < ch.changed_at) AS refused_at
  FROM ch WHERE f = 'future' AND t = 'now'
)
SELECT 'flow', f || '>' || t, 0, 0, count(*) FROM ch
  WHERE (f = 'future' AND t = 'now') OR (f = 'now' AND t = 'future') OR (t = 'never' AND f <> 'never') GROUP BY f, t
UNION ALL SELECT 'days', '', {_days("changed_at", "created_at")}, 0, count(*) FROM fn GROUP BY 3
UNION ALL SELECT 'refusal', '', {_days("changed_at", "refused_at")}, 0, count(*) FROM fn
  WHERE refused_at IS NOT NULL GROUP BY 3
UNION ALL SELECT 'cohort', month, CASE WHEN now_at IS NULL THEN 0 ELSE (CASE {buckets} ELSE 0 END) END, 0, count(*)
  FROM (SELECT month, now_at, {_days("now_at", "created_at")} AS d FROM (
    SELECT {_month("k.created_at", period)} AS month, k.created_at, (SELECT min(c.changed_at)
      FROM clients_categorychange c WHERE c.client_id = k.id AND c.to_category = 'now'
      AND NOT c.is_correction) AS now_at
    FROM clients_client k WHERE {SCOPE} AND k.created_at >= %(start)s AND k.created_at < %(end)s) n) b
  GROUP BY 2, 3"""


def refusals(period: Period) -> str:
    product = (
        "CASE WHEN t.outcome = 'refused' AND t.planned_touch_id IS NOT NULL THEN (SELECT m.product_id FROM "
        "catalog_productmatch m WHERE m.planned_touch_id = t.planned_touch_id ORDER BY m.id LIMIT 1) END"
    )
    bought = (
        "EXISTS (SELECT 1 FROM clients_order o WHERE o.client_id = r.client_id "
        f"AND o.ordered_on >= {_day('r.happened_at', period)})"
    )
    return f"""
WITH r AS (
  SELECT t.id, t.client_id, t.outcome, t.refusal_reason, t.competitor, t.competitor_advice, t.happened_at,
    k.owner_id, {product} AS product
  FROM touches_touch t JOIN clients_client k ON k.id = t.client_id
  WHERE {SCOPE} AND t.happened_at >= %(start)s AND t.happened_at < %(end)s
    AND t.outcome IN ('refused', 'bought_elsewhere')
)
SELECT outcome, refusal_reason || '|' || competitor, owner_id, coalesce(product, 0), count(*) FROM r
  GROUP BY outcome, refusal_reason, competitor, owner_id, product
UNION ALL SELECT 'refusers', '', count(DISTINCT client_id), count(DISTINCT CASE WHEN {bought} THEN client_id END), 0
  FROM r WHERE outcome = 'refused'
UNION ALL SELECT * FROM (SELECT 'advice', competitor || '|' || competitor_advice || '|' || {_text("happened_at")},
  client_id, 0, 0 FROM r WHERE outcome = 'bought_elsewhere' AND competitor_advice <> ''
  ORDER BY happened_at DESC, id DESC LIMIT 20) a"""


def six(period: Period, target: int, passive_days: int) -> str:
    """Needs the parameters of six_params."""
    steps = " ".join(f"WHEN k.created_at < %(step_{k})s THEN {k + 1}" for k in range(target - 1, 0, -1))
    needed = f"CASE {steps} ELSE 1 END" if steps else "1"
    return f"""
WITH c AS (
  SELECT k.id, k.owner_id, (SELECT count(*) FROM touches_touch t WHERE t.client_id = k.id
    AND t.happened_at >= %(year_start)s AND t.happened_at < %(end)s AND t.outcome NOT IN {NOT_A_CONTACT}) AS contacts,
    {needed} AS needed
  FROM clients_client k WHERE {SCOPE} AND k.created_at < %(end)s AND {ACTIVE} AND NOT k.do_not_contact
)
SELECT 'owner', '', owner_id, sum(CASE WHEN contacts >= needed THEN 1 ELSE 0 END), count(*) FROM c GROUP BY owner_id
UNION ALL SELECT * FROM (SELECT 'below', k.last_name || '|' || k.first_name || '|' || k.patronymic, c.id,
  c.contacts, c.needed FROM c JOIN clients_client k ON k.id = c.id WHERE c.contacts < c.needed
  ORDER BY c.contacts - c.needed, c.id LIMIT 100) b
UNION ALL SELECT 'passive', '', 0, 0, count(*) FROM clients_client k WHERE {SCOPE} AND {ACTIVE}
  AND k.created_at < %(recent)s AND NOT EXISTS (SELECT 1 FROM touches_touch t WHERE t.client_id = k.id
    AND t.happened_at >= %(recent)s AND t.happened_at < %(end)s AND t.outcome NOT IN {NOT_A_CONTACT})
  AND NOT EXISTS (SELECT 1 FROM clients_order o WHERE o.client_id = k.id AND o.ordered_on > %(passive_since)s
    AND o.ordered_on <= %(last)s)"""


def activity(period: Period) -> str:
    closed = _day("p.closed_at", period)
    planned = f"FROM touches_plannedtouch p WHERE p.client_id IN (SELECT k.id FROM clients_client k WHERE {SCOPE})"
    return f"""
WITH t AS MATERIALIZED (
  SELECT t.client_id, t.by_id, t.channel, t.goal, t.outcome, {_day("t.happened_at", period)} AS day
  FROM touches_touch t WHERE t.client_id IN (SELECT k.id FROM clients_client k WHERE {SCOPE})
    AND t.happened_at >= %(start)s AND t.happened_at < %(end)s
)
SELECT 'day', {_text("day")}, coalesce(by_id, 0), 0, count(*) FROM t GROUP BY day, by_id
UNION ALL SELECT 'value', channel || '|' || goal || '|' || outcome, 0, 0, count(*) FROM t
  GROUP BY channel, goal, outcome
UNION ALL SELECT 'hung_up_clients', '', 0, 0, count(DISTINCT client_id) FROM t WHERE outcome = 'hung_up'
UNION ALL SELECT 'kept', p.status, CASE WHEN {closed} <= p.due_date THEN 1 ELSE 0 END,
  CASE WHEN p.due_date < %(today)s THEN 1 ELSE 0 END, count(*)
  {planned} AND p.due_date >= %(first)s AND p.due_date <= %(last)s GROUP BY 2, 3, 4
UNION ALL SELECT 'overdue', p.status || '|' || {_text("coalesce(p.overdue_since, p.due_date)")} || '|'
  || coalesce({_text(closed)}, ''), 0, 0, count(*)
  {planned} AND coalesce(p.overdue_since, p.due_date) < %(overdue_last)s
    AND (p.status = 'open' OR {closed} >= %(first)s) GROUP BY 2
UNION ALL SELECT 'capacity', {_text("p.due_date")}, p.owner_id, 0, count(*)
  {planned} AND p.owner_id IN ({MANAGERS}) AND p.is_next_step AND p.due_date >= %(first)s
    AND p.due_date <= %(last)s AND p.status <> 'cancelled' GROUP BY p.owner_id, p.due_date"""


def deals(period: Period) -> str:
    deals_in = f"SELECT d.id FROM deals_deal d JOIN clients_client k ON k.id = d.client_id WHERE {SCOPE}"
    return f"""
WITH m AS (
  SELECT s.deal_id, s.to_stage, s.changed_at, (SELECT min(n.changed_at) FROM deals_dealstagechange n
    WHERE n.deal_id = s.deal_id AND n.changed_at > s.changed_at) AS left_at
  FROM deals_dealstagechange s WHERE s.deal_id IN ({deals_in})
    AND s.changed_at >= %(start)s AND s.changed_at < %(end)s
), closed AS (
  SELECT d.result, d.closed_on, d.currency, d.amount FROM deals_deal d WHERE d.id IN ({deals_in})
    AND d.closed_on >= %(first)s AND d.closed_on <= %(last)s
)
SELECT 'reached', to_stage, 0, 0, count(DISTINCT deal_id) FROM m GROUP BY to_stage
UNION ALL SELECT 'stay', to_stage, {_exact_days("left_at", "changed_at")}, 0, 1 FROM m WHERE left_at IS NOT NULL
UNION ALL SELECT 'result', result, 0, 0, count(*) FROM closed WHERE result IN ('won', 'lost') GROUP BY result
UNION ALL SELECT 'won', substr({_text("closed_on")}, 1, 7) || '|' || currency, sum(amount), 0, count(*) FROM closed
  WHERE result = 'won' GROUP BY substr({_text("closed_on")}, 1, 7), currency"""


def ladder(period: Period) -> str:
    clients = f"SELECT k.id FROM clients_client k WHERE {SCOPE}"
    overrides = (
        f"FROM ladder_privilegeoverride o WHERE o.client_id IN ({clients}) AND o.at >= %(start)s AND o.at < %(end)s"
    )
    return f"""
SELECT 'level', '', level, 0, count(*) FROM ladder_clientladder WHERE client_id IN ({clients}) GROUP BY level
UNION ALL SELECT 'moves', '', sum(CASE WHEN to_level > from_level THEN 1 ELSE 0 END),
  sum(CASE WHEN to_level < from_level THEN 1 ELSE 0 END), count(*) FROM ladder_ladderchange
  WHERE client_id IN ({clients}) AND at >= %(start)s AND at < %(end)s
UNION ALL SELECT 'overrides', '', 0, 0, count(*) {overrides}
UNION ALL SELECT * FROM (SELECT 'override', o.what || '|' || o.reason, o.client_id, o.level, o.offered {overrides}
  ORDER BY o.at DESC, o.id DESC LIMIT 50) l"""


def journal(period: Period) -> str:
    entries = f"FROM journal_journalentry e WHERE e.author_id IN ({MANAGERS})"
    return f"""
SELECT 'written', '', author_id, 0, count(*) {entries} AND e.date >= %(first)s AND e.date <= %(last)s GROUP BY author_id
UNION ALL SELECT 'reviewed', '', 0, 0, count(*) {entries} AND e.reviewed_at >= %(start)s AND e.reviewed_at < %(end)s"""


def params(team_id: int, period: Period, *, target: int, passive_days: int) -> dict[str, Any]:
    """The named parameters of every statement above, adapted as the ORM would send them."""
    ops = connection.ops
    start, end = period.bounds()

    def day_start(day: dt.date) -> Any:
        return ops.adapt_datetimefield_value(Period(day, day).bounds()[0])

    passive_since = period.end - dt.timedelta(days=passive_days)
    today = timezone.localdate()
    return {
        "team": team_id,
        "start": ops.adapt_datetimefield_value(start),
        "end": ops.adapt_datetimefield_value(end),
        "first": ops.adapt_datefield_value(period.start),
        "last": ops.adapt_datefield_value(period.end),
        "today": ops.adapt_datefield_value(today),
        "overdue_last": ops.adapt_datefield_value(min(period.end, today)),
        "year_start": day_start(period.end - dt.timedelta(days=364)),
        "recent": day_start(passive_since + dt.timedelta(days=1)),
        "passive_since": ops.adapt_datefield_value(passive_since),
        **{f"step_{k}": day_start(period.end - dt.timedelta(days=365 * k // target)) for k in range(1, target)},
    }


def statement(name: str, period: Period, *, target: int, passive_days: int) -> str:
    if name == "six":
        return six(period, target, passive_days)
    build = {
        "flows": flows,
        "refusals": refusals,
        "activity": activity,
        "deals": deals,
        "ladder": ladder,
        "journal": journal,
    }[name]
    return build(period)
