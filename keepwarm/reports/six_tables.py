"""The rule of six's tables (SIX-2, POST-4): the period's end beside the previous one's, each manager's share,
the compliance trend by month, and the clients furthest below six."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from keepwarm.reports.table import Cell, Table, measures, share, user_names


def six_tables(data: dict[str, Any]) -> list[Table]:
    cur, prev = data["current"], data["previous"]
    summary = measures(
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
    names = user_names(list(before) + [row["manager"] for row in cur["by_manager"]])
    managers = Table(
        _("Share with their contacts, by manager (%)"),
        [_("Manager"), _("This period"), _("Previous period")],
        [
            [names.get(row["manager"], "—"), _percent(row), _percent(before.get(row["manager"]))]
            for row in cur["by_manager"]
        ],
        sheet=_("Rule of six by manager"),
    )
    owners = user_names(row["owner"] for row in cur["below"])
    below = Table(
        _("Clients below six, furthest first"),
        [_("Client"), _("Owner"), pgettext("contacts made", "Contacts"), _("Needed")],
        [[row["name"], owners.get(row["owner"], "—"), row["contacts"], row["needed"]] for row in cur["below"]],
        chart="",
        cards=[row["client"] for row in cur["below"]],
        sheet=_("Clients below six"),
    )
    return [summary, managers, trend_table(cur["trend"]), below]


def _percent(row: dict[str, Any] | None) -> float | None:
    return round(100 * row["compliant"] / row["clients"], 1) if row and row["clients"] else None


def trend_table(trend: list[dict[str, Any]]) -> Table:
    """SIX-2 at each month's end: a month a row, the share of the whole scope and of each manager (by name), in %;
    a manager with no clients to count that month has no share ("—", a gap in the chart's line)."""
    ids = {row["manager"] for month in trend for row in month["by_manager"]}
    names = user_names(ids)
    order = sorted(ids, key=lambda pk: (names.get(pk, "—"), pk))
    rows: list[list[Cell]] = []
    for month in trend:
        shares = {row["manager"]: share(row["share"]) for row in month["by_manager"]}
        rows.append([month["month"], share(month["share"]), *(shares.get(pk) for pk in order)])
    return Table(
        _("Rule of six by month (%)"),
        [_("Month"), _("Everyone"), *(names.get(pk, "—") for pk in order)],
        rows,
        "line",
        note=_("The share of the active clients with their contacts at each month's end."),
        sheet=_("Rule of six by month"),
    )
