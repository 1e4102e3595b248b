"""The raw floor of benchmarks/reports.py: per report, one hand-written SQL statement that returns the same numbers
as the report for one period (grouped rows they are read from, each piece a branch of one UNION ALL), so the
ratio of the report's time to it is what the ORM, Python and HTTP add. The statements read the raw rows even where
the report reads the touch counts kept as touches are written (reports.summary): the issue defines the floor as the
single raw aggregate query that returns the same numbers.

Like the reports, each statement counts the period and the previous one together (`slot` 1 and 0), except SIX-2,
which is a state at each period's end and runs once a period. Each branch yields (kind, slot, key, a, b, count):
text, number, text, number, number, number, with literals where a piece has nothing to say, so both databases unite
the branches without casts of NULL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.utils import timezone

from keepwarm.qualification.indicators import DealStage
from keepwarm.reports.days import _offset_changes
from keepwarm.reports.scope import Period, Span
from keepwarm.reports.six_counts import month_ends

# The team's people as a literal list, as the reports narrow them (scope._members); filled in by `statements`.
SCOPE = "k.owner_id IN (@MEMBERS@) AND k.deleted_at IS NULL"
# The team's people, deactivated ones too (access.users_reportable_by), as the journal counts their entries.
MANAGERS = "SELECT id FROM accounts_user WHERE team_id = %(team)s AND role <> 'admin'"
ACTIVE = "k.category IN ('now', 'future')"
NOT_A_CONTACT = "('no_answer', 'hung_up')"


def _pg() -> bool:
    return connection.vendor == "postgresql"


def _day(column: str, period: Period) -> str:
    """The server-zone day of a timestamp, as the reports group it (days.local_day)."""
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


def _slot(column: str, *, dates: bool = False) -> str:
    return f"CASE WHEN {column} >= %({'mid_date' if dates else 'mid'})s THEN 1 ELSE 0 END"


def flows(period: Period) -> str:
    buckets = " ".join(f"WHEN d <= {days} THEN {days}" for days in (30, 91, 182, 365))
    return f"""
WITH ch AS (
  SELECT c.client_id, c.changed_at, c.from_category AS f, c.to_category AS t, k.created_at,
    {_slot("c.changed_at")} AS slot
  FROM clients_categorychange c JOIN clients_client k ON k.id = c.client_id
  WHERE c.client_id IN (SELECT k.id FROM clients_client k WHERE {SCOPE}) AND c.changed_at >= %(start)s
    AND c.changed_at < %(end)s AND NOT c.is_correction
), fn AS (
  SELECT slot, changed_at, created_at, (SELECT max(r.happened_at) FROM touches_touch r
    WHERE r.client_id = ch.client_id AND r.outcome = 'refused' AND r.happened_at < ch.changed_at) AS refused_at
  FROM ch WHERE f = 'future' AND t = 'now'
)
SELECT 'flow', slot, f || '>' || t, 0, 0, count(*) FROM ch
  WHERE (f = 'future' AND t = 'now') OR (f = 'now' AND t = 'future') OR (t = 'never' AND f <> 'never')
  GROUP BY slot, f, t
UNION ALL SELECT 'days', slot, '', {_days("changed_at", "created_at")}, 0, count(*) FROM fn GROUP BY 2, 4
UNION ALL SELECT 'refusal', slot, '', {_days("changed_at", "refused_at")}, 0, count(*) FROM fn
  WHERE refused_at IS NOT NULL GROUP BY 2, 4
UNION ALL SELECT 'cohort', slot, month, CASE WHEN now_at IS NULL THEN 0 ELSE (CASE {buckets} ELSE 0 END) END, 0,
  count(*) FROM (SELECT slot, month, now_at, {_days("now_at", "created_at")} AS d FROM (
    SELECT {_slot("k.created_at")} AS slot, {_month("k.created_at", period)} AS month, k.created_at,
      (SELECT min(c.changed_at) FROM clients_categorychange c WHERE c.client_id = k.id AND c.to_category = 'now'
      AND NOT c.is_correction) AS now_at
    FROM clients_client k WHERE {SCOPE} AND k.created_at >= %(start)s AND k.created_at < %(end)s) n) b
  GROUP BY 2, 3, 4"""


def refusals(period: Period) -> str:
    product = (
        "CASE WHEN t.outcome = 'refused' AND t.planned_touch_id IS NOT NULL THEN (SELECT m.product_id FROM "
        "catalog_productmatch m WHERE m.planned_touch_id = t.planned_touch_id ORDER BY m.id LIMIT 1) END"
    )
    bought = (
        "EXISTS (SELECT 1 FROM clients_order o WHERE o.client_id = r.client_id "
        f"AND o.ordered_on >= {_day('r.happened_at', period)})"
    )
    advice = " UNION ALL ".join(
        f"""SELECT * FROM (SELECT 'advice', slot, competitor || '|' || competitor_advice || '|' ||
  {_text("happened_at")}, client_id, 0, 0 FROM r WHERE slot = {slot} AND outcome = 'bought_elsewhere'
  AND competitor_advice <> '' ORDER BY happened_at DESC, id DESC LIMIT 20) a{slot}"""
        for slot in (1, 0)
    )
    return f"""
WITH r AS (
  SELECT t.id, t.client_id, t.outcome, t.refusal_reason, t.competitor, t.competitor_advice, t.happened_at,
    k.owner_id, {product} AS product, {_slot("t.happened_at")} AS slot
  FROM touches_touch t JOIN clients_client k ON k.id = t.client_id
  WHERE {SCOPE} AND t.happened_at >= %(start)s AND t.happened_at < %(end)s
    AND t.outcome IN ('refused', 'bought_elsewhere')
)
SELECT outcome, slot, refusal_reason || '|' || competitor, owner_id, coalesce(product, 0), count(*) FROM r
  GROUP BY slot, outcome, refusal_reason, competitor, owner_id, product
UNION ALL SELECT 'refusers', slot, '', count(DISTINCT client_id),
  count(DISTINCT CASE WHEN {bought} THEN client_id END), 0 FROM r WHERE outcome = 'refused' GROUP BY slot
UNION ALL {advice}"""


def six(period: Period, target: int, months: int = 0) -> str:
    """One period's end (the report counts each period's separately too); needs the parameters of `params` (and of
    `month_params` for `months` month ends). Like the report, one pass over the active clients gives SIX-2 (those
    that may be contacted) and POST-4 (all); with `months`, SIX-2 at each month's end too (the trend: slot = the
    month's place), each client's contacts in each month's year read in one pass over their touches."""
    steps = " ".join(f"WHEN k.created_at < %(step_{k})s THEN {k + 1}" for k in range(target - 1, 0, -1))
    needed = f"CASE {steps} ELSE 1 END" if steps else "1"
    return f"""
WITH c AS MATERIALIZED (
  SELECT k.id, k.owner_id, k.do_not_contact, k.created_at, (SELECT count(*) FROM touches_touch t
    WHERE t.client_id = k.id AND t.happened_at >= %(year_start)s AND t.happened_at < %(end)s
    AND t.outcome NOT IN {NOT_A_CONTACT}) AS contacts,
    {needed} AS needed,
    CASE WHEN k.created_at < %(recent)s AND NOT EXISTS (SELECT 1 FROM touches_touch t WHERE t.client_id = k.id
      AND t.happened_at >= %(recent)s AND t.happened_at < %(end)s AND t.outcome NOT IN {NOT_A_CONTACT})
      AND NOT EXISTS (SELECT 1 FROM clients_order o WHERE o.client_id = k.id AND o.ordered_on > %(passive_since)s
      AND o.ordered_on <= %(last)s) THEN 1 ELSE 0 END AS passive
  FROM clients_client k WHERE {SCOPE} AND k.created_at < %(end)s AND {ACTIVE}
){_trend_ctes(months)}
SELECT 'owner', 1, '', owner_id, sum(CASE WHEN contacts >= needed THEN 1 ELSE 0 END), count(*) FROM c
  WHERE NOT do_not_contact GROUP BY owner_id
UNION ALL SELECT 'below', 1, k.last_name || '|' || k.first_name || '|' || k.patronymic, b.id, b.contacts,
  b.needed FROM (SELECT id, contacts, needed FROM c WHERE NOT do_not_contact AND contacts < needed
  ORDER BY contacts - needed, id LIMIT 100) b JOIN clients_client k ON k.id = b.id
UNION ALL SELECT 'passive', 1, '', 0, 0, sum(passive) FROM c{_trend_rows(target, months)}"""


def _trend_ctes(months: int) -> str:
    """Each client's contacts in each month's year (n0, n1, ...: one pass over its touches, as the report sums its
    kept counts; a join of the touches with the months made a row a touch and month, several times slower)."""
    if not months:
        return ""
    counts = ", ".join(
        f"sum(CASE WHEN t.happened_at >= %(m{m}_ys)s AND t.happened_at < %(m{m}_e)s THEN 1 ELSE 0 END) AS n{m}"
        for m in range(months)
    )
    return f""",
tm AS MATERIALIZED (
  SELECT c.id, c.owner_id, c.created_at, n.* FROM c LEFT JOIN (SELECT t.client_id, {counts} FROM touches_touch t
    WHERE t.client_id IN (SELECT id FROM c WHERE NOT do_not_contact) AND t.happened_at >= %(m0_ys)s
      AND t.happened_at < %(end)s AND t.outcome NOT IN {NOT_A_CONTACT}
    GROUP BY t.client_id) n ON n.client_id = c.id
  WHERE NOT c.do_not_contact
)"""


def _trend_rows(target: int, months: int) -> str:
    """SIX-2 at each month's end per owner: a branch a month over the clients that existed then."""
    branches = []
    for m in range(months):
        steps = " ".join(f"WHEN created_at < %(m{m}_s{k})s THEN {k + 1}" for k in range(target - 1, 0, -1))
        needed = f"CASE {steps} ELSE 1 END" if steps else "1"
        branches.append(
            f"""
UNION ALL SELECT 'month', {m}, '', owner_id, sum(CASE WHEN coalesce(n{m}, 0) >= {needed} THEN 1 ELSE 0 END),
  count(*) FROM tm WHERE created_at < %(m{m}_e)s GROUP BY owner_id"""
        )
    return "".join(branches)


def month_params(period: Period, target: int) -> dict[str, Any]:
    """The trend's month ends (`six.month_ends`) as `_trend_ctes` reads them, as the ORM would send them."""
    values: dict[str, Any] = {}
    for m, end in enumerate(month_ends(period)):
        values[f"m{m}_ys"] = _day_start(end - dt.timedelta(days=364))
        values[f"m{m}_e"] = _day_start(end + dt.timedelta(days=1))
        for k in range(1, target):
            values[f"m{m}_s{k}"] = _day_start(end - dt.timedelta(days=365 * k // target))
    return values


def _day_start(day: dt.date) -> Any:
    return connection.ops.adapt_datetimefield_value(Period(day, day).bounds()[0])


def activity(period: Period) -> str:
    # PostgreSQL, told the true number of a team's clients, would scan every touch and hash them; a lateral read of
    # each client's touches takes the timeline index as the report does.
    touches, closing = (
        (
            "clients_client k, LATERAL (SELECT t.client_id, t.by_id, t.channel, t.goal, t.outcome, t.happened_at "
            "FROM touches_touch t WHERE t.client_id = k.id",
            f" OFFSET 0) t WHERE {SCOPE}",  # OFFSET 0: keeps the read per client
        )
        if _pg()
        else (f"touches_touch t WHERE t.client_id IN (SELECT k.id FROM clients_client k WHERE {SCOPE})", "")
    )
    closed = _day("p.closed_at", period)
    # Overdue from the day after the later of its first due day and the day it was created.
    since = f"{'greatest' if _pg() else 'max'}(coalesce(p.overdue_since, p.due_date), {_day('p.created_at', period)})"
    planned = f"FROM touches_plannedtouch p WHERE p.client_id IN (SELECT k.id FROM clients_client k WHERE {SCOPE})"
    return f"""
WITH t AS MATERIALIZED (
  SELECT t.client_id, t.by_id, t.channel, t.goal, t.outcome, {_day("t.happened_at", period)} AS day,
    {_slot("t.happened_at")} AS slot
  FROM {touches} AND t.happened_at >= %(start)s AND t.happened_at < %(end)s{closing}
)
SELECT 'day', slot, {_text("day")}, coalesce(by_id, 0), 0, count(*) FROM t GROUP BY slot, day, by_id
UNION ALL SELECT 'value', slot, channel || '|' || goal || '|' || outcome, 0, 0, count(*) FROM t
  GROUP BY slot, channel, goal, outcome
UNION ALL SELECT 'hung_up_clients', slot, '', 0, 0, count(DISTINCT client_id) FROM t WHERE outcome = 'hung_up'
  GROUP BY slot
UNION ALL SELECT 'kept', {_slot("p.due_date", dates=True)}, p.status,
  CASE WHEN {closed} <= p.due_date THEN 1 ELSE 0 END, CASE WHEN p.due_date < %(today)s THEN 1 ELSE 0 END, count(*)
  {planned} AND p.due_date >= %(first)s AND p.due_date <= %(last)s GROUP BY 2, 3, 4, 5
UNION ALL SELECT 'overdue', 0, p.status || '|' || {_text(since)} || '|' || coalesce({_text(closed)}, ''), 0, 0,
  count(*) {planned} AND {since} < %(overdue_last)s
    AND (p.status = 'open' OR {closed} >= %(first)s) GROUP BY 3
UNION ALL SELECT 'capacity', 0, {_text("p.due_date")}, p.owner_id, 0, count(*)
  {planned} AND p.owner_id IN ({MANAGERS}) AND p.is_next_step AND p.due_date >= %(first)s
    AND p.due_date <= %(last)s AND p.status <> 'cancelled' GROUP BY p.owner_id, p.due_date"""


def _stage(column: str) -> str:
    """A SALE-1 stage's place in the funnel."""
    whens = " ".join(f"WHEN '{stage}' THEN {index}" for index, stage in enumerate(DealStage.values))
    return f"CASE {column} {whens} END"


def deals(period: Period) -> str:
    deals_in = f"SELECT d.id FROM deals_deal d JOIN clients_client k ON k.id = d.client_id WHERE {SCOPE}"
    return f"""
WITH m AS (
  SELECT s.deal_id, s.to_stage, s.changed_at, {_slot("s.changed_at")} AS slot, (SELECT min(n.changed_at)
    FROM deals_dealstagechange n WHERE n.deal_id = s.deal_id AND n.changed_at > s.changed_at) AS left_at
  FROM deals_dealstagechange s WHERE s.deal_id IN ({deals_in})
    AND s.changed_at >= %(start)s AND s.changed_at < %(end)s
), closed AS (
  SELECT d.result, d.closed_on, d.currency, d.amount, {_slot("d.closed_on", dates=True)} AS slot
  FROM deals_deal d WHERE d.id IN ({deals_in}) AND d.closed_on >= %(first)s AND d.closed_on <= %(last)s
    AND d.result IN ('won', 'lost')
)
SELECT 'reached', slot, to_stage, 0, 0, count(DISTINCT deal_id) FROM m GROUP BY slot, to_stage
UNION ALL SELECT 'went_on', s.slot, s.to_stage, 0, 0, count(DISTINCT s.deal_id) FROM m s WHERE EXISTS (SELECT 1
  FROM m n WHERE n.deal_id = s.deal_id AND n.slot = s.slot AND n.changed_at > s.changed_at
    AND {_stage("n.to_stage")} > {_stage("s.to_stage")}) GROUP BY s.slot, s.to_stage
UNION ALL SELECT 'stay', slot, to_stage, {_exact_days("left_at", "changed_at")}, 0, 1 FROM m WHERE left_at IS NOT NULL
UNION ALL SELECT 'closed', slot, result || '|' || substr({_text("closed_on")}, 1, 7) || '|' || currency, sum(amount),
  0, count(*) FROM closed GROUP BY slot, result, substr({_text("closed_on")}, 1, 7), currency"""


def ladder(period: Period) -> str:
    clients = f"SELECT k.id FROM clients_client k WHERE {SCOPE}"
    overrides = (
        f"FROM ladder_privilegeoverride o WHERE o.client_id IN ({clients}) AND o.at >= %(start)s AND o.at < %(end)s"
    )
    listed = " UNION ALL ".join(
        f"""SELECT * FROM (SELECT 'override', {slot}, o.what || '|' || o.reason, o.client_id, o.level, o.offered
  {overrides} AND {_slot("o.at")} = {slot} ORDER BY o.at DESC, o.id DESC LIMIT 50) l{slot}"""
        for slot in (1, 0)
    )
    return f"""
SELECT 'level', 1, '', coalesce(l.level, 1), 0, count(*) FROM clients_client k
  LEFT JOIN ladder_clientladder l ON l.client_id = k.id WHERE {SCOPE} GROUP BY coalesce(l.level, 1)
UNION ALL SELECT 'moves', {_slot("at")}, '', sum(CASE WHEN to_level > from_level THEN 1 ELSE 0 END),
  sum(CASE WHEN to_level < from_level THEN 1 ELSE 0 END), count(*) FROM ladder_ladderchange
  WHERE client_id IN ({clients}) AND at >= %(start)s AND at < %(end)s GROUP BY 2
UNION ALL SELECT 'overrides', {_slot("o.at")}, '', 0, 0, count(*) {overrides} GROUP BY 2
UNION ALL {listed}"""


def journal(period: Period) -> str:
    entries = f"FROM journal_journalentry e WHERE e.author_id IN ({MANAGERS})"
    return f"""
SELECT 'written', {_slot("e.date", dates=True)}, '', author_id, 0, count(*) {entries}
  AND e.date >= %(first)s AND e.date <= %(last)s GROUP BY 2, author_id
UNION ALL SELECT 'reviewed', {_slot("e.reviewed_at")}, '', 0, 0, count(*) {entries}
  AND e.reviewed_at >= %(start)s AND e.reviewed_at < %(end)s GROUP BY 2"""


def params(team_id: int, period: Period, *, target: int, passive_days: int) -> dict[str, Any]:
    """The named parameters of every statement above, adapted as the ORM would send them: `period` is the span
    of both periods (`Span.whole`), or for SIX-2 one period; `mid` is where the later period starts."""
    ops = connection.ops
    start, end = period.bounds()
    middle = period.start + dt.timedelta(days=period.days // 2)  # a span's two periods are as long

    passive_since = period.end - dt.timedelta(days=passive_days)
    today = timezone.localdate()
    return {
        "team": team_id,
        "start": ops.adapt_datetimefield_value(start),
        "end": ops.adapt_datetimefield_value(end),
        "mid": _day_start(middle),
        "mid_date": ops.adapt_datefield_value(middle),
        "first": ops.adapt_datefield_value(period.start),
        "last": ops.adapt_datefield_value(period.end),
        "today": ops.adapt_datefield_value(today),
        "overdue_last": ops.adapt_datefield_value(min(period.end, today)),
        "year_start": _day_start(period.end - dt.timedelta(days=364)),
        "recent": _day_start(passive_since + dt.timedelta(days=1)),
        "passive_since": ops.adapt_datefield_value(passive_since),
        **{f"step_{k}": _day_start(period.end - dt.timedelta(days=365 * k // target)) for k in range(1, target)},
    }


def statements(
    name: str, span: Span, *, team_id: int, members: list[int], target: int, passive_days: int
) -> list[tuple[str, Any]]:
    """The raw floor of a report: its statement with its parameters (SIX-2: one for each period's end)."""
    knobs = {"target": target, "passive_days": passive_days}

    def sql(text: str) -> str:
        return text.replace("@MEMBERS@", ",".join(str(int(member)) for member in members) or "NULL")

    if name == "six":  # the trend for the period only, as the report gives it
        months = len(month_ends(span.current))
        return [
            (
                sql(six(span.current, target, months)),
                {**params(team_id, span.current, **knobs), **month_params(span.current, target)},
            ),
            (sql(six(span.previous, target)), params(team_id, span.previous, **knobs)),
        ]
    build = {
        "flows": flows,
        "refusals": refusals,
        "activity": activity,
        "deals": deals,
        "ladder": ladder,
        "journal": journal,
    }[name]
    return [(sql(build(span.whole)), params(team_id, span.whole, **knobs))]
