"""A report's table: its title, columns and rows, and what its chart plots; and the helpers the reports' tables
share (choices' labels, two periods side by side, people's names)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.reports import display

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


def choice_label(choices: Any) -> Callable[[Any], str]:
    def label(value: Any) -> str:
        try:
            return str(choices(value).label)
        except ValueError:
            return str(value or "—")

    return label


def compare(title: str, key: str, current: list[dict], previous: list[dict], label: Callable[[Any], str]) -> Table:
    """Rows keyed by `key` from both periods side by side, in the current period's order."""
    now = {row[key]: row["count"] for row in current}
    before = {row[key]: row["count"] for row in previous}
    keys = list(now) + [k for k in before if k not in now]
    rows: list[list[Cell]] = [[label(k), now.get(k, 0), before.get(k, 0)] for k in keys]
    return Table(title, [title, _("This period"), _("Previous period")], rows)


def measures(title: str, pairs: Iterable[tuple[str, Cell, Cell]]) -> Table:
    return Table(title, [_("Measure"), _("This period"), _("Previous period")], [list(p) for p in pairs])


def user_names(ids: Iterable[int | None]) -> dict[int | None, str]:
    return {user.pk: user.display_name for user in User.objects.filter(pk__in=[i for i in ids if i])}


def row_names(model: Any, ids: Iterable[int]) -> dict[int, str]:
    return {row.pk: str(row) for row in model.objects.filter(pk__in=list(ids))}


def days_of(median: float | None) -> float | None:
    """A median of days, a measured value whether the middle fell on a whole day or between two (one decimal)."""
    return None if median is None else round(float(median), 1)


def share(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)
