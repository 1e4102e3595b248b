"""A client's timeline as rows: every touch, planned touch, order and category change, oldest first."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keepwarm.clients.models import CategoryChange, Client, Order
from keepwarm.touches.models import PlannedTouch, Touch

HEADERS = (
    gettext_lazy("When"),
    gettext_lazy("What"),
    gettext_lazy("Channel"),
    gettext_lazy("Goal"),
    gettext_lazy("Outcome or status"),
    gettext_lazy("Amount"),
    gettext_lazy("Currency"),
    gettext_lazy("Details"),
    gettext_lazy("By"),
)


def headers() -> list[str]:
    return [str(header) for header in HEADERS]


def _day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())


def _touches(client: Client) -> Iterator[tuple[dt.datetime, list[Any]]]:
    for touch in Touch.objects.filter(client=client).select_related("by").order_by("happened_at", "id").iterator():
        details = " ".join(part for part in (touch.get_refusal_reason_display(), touch.notes) if part)
        row = [touch.happened_at, _("Contact"), touch.get_channel_display(), touch.get_goal_display()]
        yield touch.happened_at, [*row, touch.get_outcome_display(), None, "", details, touch.by or ""]


def _planned(client: Client) -> Iterator[tuple[dt.datetime, list[Any]]]:
    plans = PlannedTouch.objects.filter(client=client).order_by("due_date", "id")
    for plan in plans.select_related("created_by").iterator():
        row = [plan.due_date, _("Planned contact"), plan.get_channel_display(), plan.get_goal_display()]
        yield _day(plan.due_date), [*row, plan.get_status_display(), None, "", plan.note, plan.created_by or ""]


def _orders(client: Client) -> Iterator[tuple[dt.datetime, list[Any]]]:
    for order in Order.objects.filter(client=client).select_related("created_by").order_by("ordered_on", "id"):
        row = [order.ordered_on, _("Order"), "", "", "", order.amount, order.currency, order.items]
        yield _day(order.ordered_on), [*row, order.created_by or ""]


def _changes(client: Client) -> Iterator[tuple[dt.datetime, list[Any]]]:
    changes = CategoryChange.objects.filter(client=client).select_related("changed_by").order_by("changed_at", "id")
    for change in changes:
        if change.from_category == change.to_category:  # an event of its history, not a change (a merge)
            row = [change.changed_at, change.reason_text, "", "", "", None, "", ""]
        else:
            moved = f"{change.get_from_category_display() or '-'} → {change.get_to_category_display()}"
            row = [change.changed_at, _("Category changed"), "", "", moved, None, "", change.reason_text]
        yield change.changed_at, [*row, change.changed_by or ""]


def rows(client: Client) -> Iterator[list[Any]]:
    """The four histories merged by time, each read in order, so none is held whole."""
    streams = (_touches(client), _planned(client), _orders(client), _changes(client))
    for _at, row in heapq.merge(*streams, key=lambda item: item[0]):
        yield [str(value) if hasattr(value, "username") else value for value in row]
