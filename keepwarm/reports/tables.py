"""A report's numbers as titled tables, so the page, its charts and the CSV/XLSX downloads show the same figures."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from keepwarm.accounts.models import User
from keepwarm.catalog.models import Product
from keepwarm.ladder.criteria import Level
from keepwarm.ladder.privileges import Term
from keepwarm.qualification.indicators import DealStage
from keepwarm.reports import display
from keepwarm.reports.flows import COHORT_DAYS
from keepwarm.touches.choices import Channel, Goal, Outcome, RefusalReason

Cell = str | int | float | None


@dataclass
class Table:
    """`chart` names how the page draws it ("bar", "line" or "" for none)."""

    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    chart: str = "bar"
    # Per row, the measure code whose "This period" cell links to the clients behind it (drill.py), or "".
    links: list[str] = field(default_factory=list)
    note: str = ""  # how the numbers were found, where the data model leaves it open
    # Per row, the client whose card the first cell opens (a table of clients), or none.
    cards: list[int] = field(default_factory=list)
    # What the chart plots: the columns (all after the first when None) and the rows (all when None), so that it
    # shows numbers of one kind; the table keeps every column and row.
    series: list[int] | None = None
    chart_rows: list[int] | None = None
    sheet: str = ""  # a short name for the XLSX sheet, where the title is long (exports.sheet_names)

    def linked_rows(self) -> list[tuple[list[tuple[str, str]], str, int | None]]:
        """Per row, its (column, cell as the reader reads it) pairs, the measure its second cell drills into and
        the client its first cell opens."""
        return [
            (
                list(zip(self.columns, cells, strict=True)),
                self.links[i] if i < len(self.links) else "",
                self.cards[i] if i < len(self.cards) else None,
            )
            for i, cells in enumerate(display.rows(self.rows))
        ]

    def as_json(self) -> dict[str, Any]:
        series = self.series or list(range(1, len(self.columns)))
        plotted = self.rows if self.chart_rows is None else [self.rows[i] for i in self.chart_rows]
        plotted = [[display.label(row[0]), *row[1:]] for row in plotted]  # the labels as the table reads them
        return {"title": self.title, "columns": self.columns, "rows": plotted, "chart": self.chart, "series": series}


def _label(choices: Any) -> Callable[[Any], str]:
    def label(value: Any) -> str:
        try:
            return str(choices(value).label)
        except ValueError:
            return str(value or "—")

    return label


def _compare(title: str, key: str, current: list[dict], previous: list[dict], label: Callable[[Any], str]) -> Table:
    """Rows keyed by `key` from both periods side by side, in the current period's order."""
    now = {row[key]: row["count"] for row in current}
    before = {row[key]: row["count"] for row in previous}
    keys = list(now) + [k for k in before if k not in now]
    rows: list[list[Cell]] = [[label(k), now.get(k, 0), before.get(k, 0)] for k in keys]
    return Table(title, [title, _("This period"), _("Previous period")], rows)


def _measures(title: str, pairs: Iterable[tuple[str, Cell, Cell]]) -> Table:
    return Table(title, [_("Measure"), _("This period"), _("Previous period")], [list(p) for p in pairs])


def _names(ids: Iterable[int | None]) -> dict[int | None, str]:
    return {user.pk: user.display_name for user in User.objects.filter(pk__in=[i for i in ids if i])}


def _names_of(model: Any, ids: Iterable[int]) -> dict[int, str]:
    return {row.pk: str(row) for row in model.objects.filter(pk__in=list(ids))}


def flows_tables(data: dict[str, Any]) -> list[Table]:
    cur, prev = data["current"], data["previous"]
    counts = _measures(
        _("Category flows (CAT-6)"),
        [
            (_("Future → Now"), cur["future_to_now"], prev["future_to_now"]),
            (_("Now → Future"), cur["now_to_future"], prev["now_to_future"]),
            (_("→ Never"), cur["to_never"], prev["to_never"]),
        ],
    )
    counts.links = ["future_to_now", "now_to_future", "to_never"]
    median = _measures(
        _("Median days to Now"),
        [
            (_("From entry"), _days_of(cur["days_to_now_median"]), _days_of(prev["days_to_now_median"])),
            (
                _("From the last refusal"),
                _days_of(cur["days_from_refusal_median"]),
                _days_of(prev["days_from_refusal_median"]),
            ),
        ],
    )
    median.chart = ""
    days = _compare(_("Days from entry to Now"), "days", _days(cur), _days(prev), str)
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
    summary = _measures(
        _("Refusals (CAT-3)"),
        [
            (_("Refusals"), cur["refusals"], prev["refusals"]),
            (_("Clients who refused"), cur["refusers"], prev["refusers"]),
            (_("Of them bought later"), cur["refusers_later_bought"], prev["refusers_later_bought"]),
        ],
    )
    summary.links = ["refusals", "refusers", "refusers_later_bought"]
    reasons = _compare(
        _("What the client did not yet see"), "reason", cur["by_reason"], prev["by_reason"], _label(RefusalReason)
    )
    names = _names(row["manager"] for row in cur["by_manager"])
    reason = _label(RefusalReason)
    managers = Table(
        _("Reasons by manager"),
        [_("Manager"), _("Reason"), _("Refusals")],
        [[names.get(row["manager"], "—"), reason(row["reason"]), row["count"]] for row in cur["by_manager"]],
        chart="",
    )
    products = _names_of(Product, {row["product"] for row in cur["by_product"]})
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
    competitors = _compare(_("Bought from a competitor"), "competitor", cur["competitors"], prev["competitors"], str)
    advice = Table(
        _("Their advice to us"),
        [_("Competitor"), _("Advice")],
        [[row["competitor"], row["competitor_advice"]] for row in cur["advice"]],
        chart="",
    )
    return [summary, reasons, managers, by_product, competitors, advice]


def six_tables(data: dict[str, Any]) -> list[Table]:
    cur, prev = data["current"], data["previous"]
    summary = _measures(
        _("Rule of six (SIX-2) at the period's end"),
        [
            (_("Active clients"), cur["clients"], prev["clients"]),
            (_("With their contacts"), cur["compliant"], prev["compliant"]),
            (_("Below six"), cur["below_six"], prev["below_six"]),
            (_("Passive clients (POST-4)"), cur["passive"], prev["passive"]),
        ],
    )
    summary.links = ["clients", "compliant", "below_six", "passive"]
    summary.sheet = _("Rule of six")
    before = {row["manager"]: row for row in prev["by_manager"]}
    names = _names(list(before) + [row["manager"] for row in cur["by_manager"]])
    managers = Table(
        _("Share with their contacts, by manager (%)"),
        [_("Manager"), _("This period"), _("Previous period")],
        [
            [names.get(row["manager"], "—"), _percent(row), _percent(before.get(row["manager"]))]
            for row in cur["by_manager"]
        ],
        sheet=_("Rule of six by manager"),
    )
    owners = _names(row["owner"] for row in cur["below"])
    below = Table(
        _("Clients below six, furthest first"),
        [_("Client"), _("Owner"), _("Contacts"), _("Needed")],
        [[row["name"], owners.get(row["owner"], "—"), row["contacts"], row["needed"]] for row in cur["below"]],
        chart="",
        cards=[row["client"] for row in cur["below"]],
        sheet=_("Clients below six"),
    )
    return [summary, managers, below]


def _percent(row: dict[str, Any] | None) -> float | None:
    return round(100 * row["compliant"] / row["clients"], 1) if row and row["clients"] else None


def activity_tables(data: dict[str, Any]) -> list[Table]:
    cur, prev = data["current"], data["previous"]
    summary = _measures(
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
        _compare(_("Channel"), "channel", cur["by_channel"], prev["by_channel"], _label(Channel)),
        _compare(_("Goal"), "goal", cur["by_goal"], prev["by_goal"], _label(Goal)),
        _compare(_("Outcome"), "outcome", cur["by_outcome"], prev["by_outcome"], _label(Outcome)),
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
    names = _names(row["manager"] for row in capacity["by_manager"])
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
                _share(row["done"] / (row["capacity"] * row["working_days"]) if row["working_days"] else None),
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
    stage = _label(DealStage)
    before = {row["stage"]: row for row in prev["funnel"]}
    funnel = Table(
        _("Deals reaching each stage (SALE-1)"),
        [_("Stage"), _("This period"), _("Previous period"), _("Went on to the next stage (%)"), _("Median days")],
        [
            [
                stage(row["stage"]),
                row["deals"],
                before[row["stage"]]["deals"],
                _share(row["to_next"]),
                _days_of(row["median_days"]),
            ]
            for row in cur["funnel"]
        ],
        links=[f"reached_{row['stage']}" for row in cur["funnel"]],
        series=[1, 2],  # deal counts; the share and the days are in the table
        sheet=_("Deals by stage"),
    )
    won = _measures(
        _("Closed deals"),
        [
            (_("Won"), cur["won"], prev["won"]),
            (_("Lost"), cur["lost"], prev["lost"]),
            (_("Win rate (%)"), _share(cur["win_rate"]), _share(prev["win_rate"])),
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


def _days_of(median: float | None) -> float | None:
    """A median of days, a measured value whether the middle fell on a whole day or between two (one decimal)."""
    return None if median is None else round(float(median), 1)


def _share(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def ladder_tables(data: dict[str, Any]) -> list[Table]:
    cur, prev = data["current"], data["previous"]
    levels = Table(
        _("Clients by level today"),
        [_("Level"), _("Clients")],
        [[_label(Level)(row["level"]), row["clients"]] for row in cur["by_level"]],
        links=[f"level_{row['level']}" for row in cur["by_level"]],
    )
    moves = _measures(
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
            [_label(Level)(row["level"]), _label(Term)(row["what"]), row["offered"], row["allowed"], row["reason"]]
            for row in cur["override_list"]
        ],
        chart="",
        sheet=_("Privileges beyond the level"),
    )
    return [levels, moves, overrides]


def journal_tables(data: dict[str, Any]) -> list[Table]:
    cur, prev = data["current"], data["previous"]
    summary = _measures(
        _("Achievements journal (JOUR-1)"),
        [(_("Entries written"), cur["written"], prev["written"]), (_("Reviewed"), cur["reviewed"], prev["reviewed"])],
    )
    names = _names(row["manager"] for row in cur["by_manager"] + prev["by_manager"])
    label = lambda pk: names.get(pk, "—")  # noqa: E731
    return [summary, _compare(_("Entries by manager"), "manager", cur["by_manager"], prev["by_manager"], label)]


TABLES: dict[str, Callable[[dict[str, Any]], list[Table]]] = {
    "flows": flows_tables,
    "refusals": refusals_tables,
    "six": six_tables,
    "activity": activity_tables,
    "deals": deals_tables,
    "ladder": ladder_tables,
    "journal": journal_tables,
}
