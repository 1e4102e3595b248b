"""A report's numbers as titled tables, so the page, its charts and the CSV/XLSX downloads show the same figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from keepwarm.catalog.models import Product
from keepwarm.ladder.criteria import Level
from keepwarm.ladder.privileges import Term
from keepwarm.qualification.indicators import DealStage
from keepwarm.reports.flows import COHORT_DAYS
from keepwarm.reports.six_tables import six_tables
from keepwarm.reports.table import (
    Cell,
    Table,
    choice_label,
    compare,
    days_of,
    measures,
    row_names,
    share,
    user_names,
)
from keepwarm.touches.choices import Channel, Goal, Outcome, RefusalReason

__all__ = ["TABLES", "Cell", "Table", "capacity_tables"]


def flows_tables(data: dict[str, Any]) -> list[Table]:
    cur, prev = data["current"], data["previous"]
    counts = measures(
        _("Category flows (CAT-6)"),
        [
            (_("Future → Now"), cur["future_to_now"], prev["future_to_now"]),
            (_("Now → Future"), cur["now_to_future"], prev["now_to_future"]),
            (_("→ Never"), cur["to_never"], prev["to_never"]),
        ],
    )
    counts.links = ["future_to_now", "now_to_future", "to_never"]
    median = measures(
        _("Median days to Now"),
        [
            (_("From entry"), days_of(cur["days_to_now_median"]), days_of(prev["days_to_now_median"])),
            (
                _("From the last refusal"),
                days_of(cur["days_from_refusal_median"]),
                days_of(prev["days_from_refusal_median"]),
            ),
        ],
    )
    median.chart = ""
    days = compare(_("Days from entry to Now"), "days", _days(cur), _days(prev), str)
    days.sheet = _("Days to Now")
    cohorts = Table(
        _("New clients by month and how many became Now (%)"),
        [_("Month"), _("New clients"), _("by month 1"), _("by month 3"), _("by month 6"), _("by month 12")],
        [
            [
                row["month"],
                row["clients"],
                *(round(100 * row[f"now_by_day_{d}"] / row["clients"], 1) for d in COHORT_DAYS),
            ]
            for row in cur["cohorts"]
        ],
        chart="",
        sheet=_("Cohorts by month"),
    )
    return [counts, median, days, cohorts]


def _days(report: dict[str, Any]) -> list[dict]:
    return [{"days": row["days"], "count": row["clients"]} for row in report["days_to_now"]]


def refusals_tables(data: dict[str, Any]) -> list[Table]:
    cur, prev = data["current"], data["previous"]
    summary = measures(
        _("Refusals (CAT-3)"),
        [
            (_("Refusals"), cur["refusals"], prev["refusals"]),
            (_("Clients who refused"), cur["refusers"], prev["refusers"]),
            (_("Of them bought later"), cur["refusers_later_bought"], prev["refusers_later_bought"]),
        ],
    )
    summary.links = ["refusals", "refusers", "refusers_later_bought"]
    reasons = compare(
        _("What the client did not yet see"), "reason", cur["by_reason"], prev["by_reason"], choice_label(RefusalReason)
    )
    names = user_names(row["manager"] for row in cur["by_manager"])
    reason = choice_label(RefusalReason)
    managers = Table(
        _("Reasons by manager"),
        [_("Manager"), _("Reason"), _("Refusals")],
        [[names.get(row["manager"], "—"), reason(row["reason"]), row["count"]] for row in cur["by_manager"]],
        chart="",
    )
    products = row_names(Product, {row["product"] for row in cur["by_product"]})
    by_product = Table(
        _("Reasons by product"),
        [_("Product"), _("Reason"), _("Refusals")],
        [[products.get(row["product"], "—"), reason(row["reason"]), row["count"]] for row in cur["by_product"]],
        chart="",
        note=_(
            "A refusal names no product: this counts the refusals logged against a planned offer of a catalog "
            "product (the offer's product); other refusals are not in this table."
        ),
    )
    competitors = compare(_("Bought from a competitor"), "competitor", cur["competitors"], prev["competitors"], str)
    advice = Table(
        _("Their advice to us"),
        [_("Competitor"), _("Advice")],
        [[row["competitor"], row["competitor_advice"]] for row in cur["advice"]],
        chart="",
    )
    return [summary, reasons, managers, by_product, competitors, advice]


def activity_tables(data: dict[str, Any]) -> list[Table]:
    cur, prev = data["current"], data["previous"]
    summary = measures(
        _("Activity"),
        [
            (_("Touches"), cur["touches"], prev["touches"]),
            (_("Hang-ups (ANNOY-2)"), cur["hang_ups"], prev["hang_ups"]),
            (_("Clients who hung up"), cur["hung_up_clients"], prev["hung_up_clients"]),
            (_("Planned contacts done on time"), cur["planned"]["on_time"], prev["planned"]["on_time"]),
            (_("Done late"), cur["planned"]["late"], prev["planned"]["late"]),
            (_("Missed"), cur["planned"]["missed"], prev["planned"]["missed"]),
        ],
    )
    summary.links = ["touches", "hang_ups", "hung_up_clients", "on_time", "late", "missed"]
    per_day = Table(
        _("Touches per day"), [_("Day"), _("Touches")], [[row["day"], row["count"]] for row in cur["per_day"]], "line"
    )
    overdue = Table(
        _("Planned contacts overdue, by day"),
        [_("Day"), _("Overdue")],
        [[row["day"], row["count"]] for row in cur["overdue_per_day"]],
        "line",
        sheet=_("Overdue by day"),
    )
    return [
        summary,
        per_day,
        overdue,
        *capacity_tables(cur["capacity"]),
        compare(_("Channel"), "channel", cur["by_channel"], prev["by_channel"], choice_label(Channel)),
        compare(_("Goal"), "goal", cur["by_goal"], prev["by_goal"], choice_label(Goal)),
        compare(_("Outcome"), "outcome", cur["by_outcome"], prev["by_outcome"], choice_label(Outcome)),
    ]


def capacity_tables(capacity: dict[str, Any]) -> list[Table]:
    """PLAN-1: the scope's days (planned, done, capacity summed over managers) and each manager's period."""
    per_day = Table(
        _("Capacity use per day (PLAN-1)"),
        [_("Day"), _("Planned"), pgettext("capacity use", "Done"), pgettext("capacity use", "Capacity")],
        [[row["day"], row["planned"], row["done"], row["capacity"]] for row in capacity["per_day"]],
        "line",
        sheet=_("Capacity by day"),
    )
    names = user_names(row["manager"] for row in capacity["by_manager"])
    managers = Table(
        _("Capacity use by manager (PLAN-1)"),
        [
            _("Manager"),
            _("Capacity a day"),
            _("Planned"),
            pgettext("capacity use", "Done"),
            _("Use (%)"),
            _("Days planned over capacity"),
        ],
        [
            [
                names.get(row["manager"], "—"),
                row["capacity"],
                row["planned"],
                row["done"],
                share(row["done"] / (row["capacity"] * row["working_days"]) if row["working_days"] else None),
                row["days_over_capacity"],
            ]
            for row in capacity["by_manager"]
        ],
        chart="",
        note=_("Use is the touches done over the capacity of the working days in the period."),
        sheet=_("Capacity by manager"),
    )
    return [per_day, managers]


def deals_tables(data: dict[str, Any]) -> list[Table]:
    cur, prev = data["current"], data["previous"]
    stage = choice_label(DealStage)
    before = {row["stage"]: row for row in prev["funnel"]}
    funnel = Table(
        _("Deals reaching each stage (SALE-1)"),
        [_("Stage"), _("This period"), _("Previous period"), _("Went on to the next stage (%)"), _("Median days")],
        [
            [
                stage(row["stage"]),
                row["deals"],
                before[row["stage"]]["deals"],
                share(row["to_next"]),
                days_of(row["median_days"]),
            ]
            for row in cur["funnel"]
        ],
        links=[f"reached_{row['stage']}" for row in cur["funnel"]],
        series=[1, 2],  # deal counts; the share and the days are in the table
        sheet=_("Deals by stage"),
    )
    won = measures(
        _("Closed deals"),
        [
            (_("Won"), cur["won"], prev["won"]),
            (_("Lost"), cur["lost"], prev["lost"]),
            (_("Win rate (%)"), share(cur["win_rate"]), share(prev["win_rate"])),
        ],
    )
    won.links = ["won", "lost"]
    won.chart_rows = [0, 1]  # counts; the win rate is a share
    amounts = Table(
        _("Won by month"),
        [_("Month"), _("Amount"), _("Currency"), _("Deals")],
        [[row["month"], float(row["amount"]), row["currency"], row["deals"]] for row in cur["won_by_month"]],
        series=[1],  # the amounts; the deals are counts
    )
    if len({row["currency"] for row in cur["won_by_month"]}) > 1:
        amounts.chart = ""  # amounts in different currencies do not stand on one axis
    return [funnel, won, amounts]


def ladder_tables(data: dict[str, Any]) -> list[Table]:
    cur, prev = data["current"], data["previous"]
    levels = Table(
        _("Clients by level today"),
        [_("Level"), _("Clients")],
        [[choice_label(Level)(row["level"]), row["clients"]] for row in cur["by_level"]],
        links=[f"level_{row['level']}" for row in cur["by_level"]],
    )
    moves = measures(
        _("Ladder moves"),
        [
            (_("Promotions"), cur["promotions"], prev["promotions"]),
            (_("Demotions"), cur["demotions"], prev["demotions"]),
            (_("Privileges beyond the level (LAD-5)"), cur["overrides"], prev["overrides"]),
        ],
    )
    moves.links = ["promotions", "demotions", "overrides"]
    overrides = Table(
        _("Privileges beyond the level, with reasons"),
        [_("Level"), _("What"), _("Offered"), _("Allowed by the level"), _("Reason")],
        [
            [
                choice_label(Level)(row["level"]),
                choice_label(Term)(row["what"]),
                row["offered"],
                row["allowed"],
                row["reason"],
            ]
            for row in cur["override_list"]
        ],
        chart="",
        sheet=_("Privileges beyond the level"),
    )
    return [levels, moves, overrides]


def journal_tables(data: dict[str, Any]) -> list[Table]:
    cur, prev = data["current"], data["previous"]
    summary = measures(
        _("Achievements journal (JOUR-1)"),
        [(_("Entries written"), cur["written"], prev["written"]), (_("Reviewed"), cur["reviewed"], prev["reviewed"])],
    )
    names = user_names(row["manager"] for row in cur["by_manager"] + prev["by_manager"])
    label = lambda pk: names.get(pk, "—")  # noqa: E731
    return [summary, compare(_("Entries by manager"), "manager", cur["by_manager"], prev["by_manager"], label)]


TABLES: dict[str, Callable[[dict[str, Any]], list[Table]]] = {
    "flows": flows_tables,
    "refusals": refusals_tables,
    "six": six_tables,
    "activity": activity_tables,
    "deals": deals_tables,
    "ladder": ladder_tables,
    "journal": journal_tables,
}
