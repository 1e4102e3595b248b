"""The card's timeline rows (written out in Python since issue 15) are what the template loop wrote, for every kind
of row and each branch of it, in each language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import engines
from django.utils import timezone, translation

from keepwarm.accounts.models import User
from keepwarm.clients.models import CategoryChange, Client, Order
from keepwarm.clients.selectors import TimelineItem
from keepwarm.touches.models import PlannedTouch, Touch

REFERENCE = "{% load i18n keepwarm_ui %}" + (Path(__file__).parent / "timeline_reference.html").read_text().strip()
ROWS = "{% load timeline_ui %}{% timeline_items timeline client %}"
AT = dt.datetime(2026, 3, 4, 9, 30, tzinfo=dt.UTC)


def items(client: Client) -> list[TimelineItem]:
    by = User(pk=7, username="ana", first_name="Ana <&>")
    touches = [
        Touch(happened_at=AT, channel="call", direction="outbound", goal="present", outcome="no_answer", by=by),
        Touch(
            happened_at=AT,
            channel="email",
            direction="inbound",
            goal="offer",
            outcome="refused",
            refusal_reason="price",
            refusal_note="too <dear>",
            material="Catalog & prices",
            competitor="Rival",
            competitor_advice='cheaper "x"',
            notes="call back",
        ),
        Touch(happened_at=AT, channel="meeting", goal="close", outcome="reached", competitor="Other"),
        Touch(happened_at=AT, channel="call", goal="gather_info", outcome="reached", refusal_reason="timing"),
    ]
    plans = [
        PlannedTouch(due_date=AT.date(), channel="call", goal="sell_meeting", is_next_step=True, urgent=True),
        PlannedTouch(due_date=AT.date(), channel="email", goal="greeting", is_next_step=False),
        PlannedTouch(due_date=AT.date(), channel="call", goal="thank_you", is_next_step=False),
        PlannedTouch(due_date=AT.date(), channel="meeting", goal="present", is_next_step=False, urgent=True),
    ]
    orders = [
        Order(ordered_on=AT.date(), amount=Decimal("1234.50"), amount_paid=Decimal("100.25"), items="Paper & ink"),
        Order(ordered_on=AT.date(), amount=Decimal("10"), amount_paid=Decimal("10"), currency="MDL", items="x"),
    ]
    changes = [
        CategoryChange(changed_at=AT, from_category="", to_category="now", reason_code="created", reason_params={}),
        CategoryChange(changed_at=AT, from_category="now", to_category="never", reason_code="", reason="<gone>"),
        CategoryChange(changed_at=AT, from_category="future", to_category="now", reason_code="", reason=""),
    ]
    return [
        *(TimelineItem(AT, "touch", touch) for touch in touches),
        *(TimelineItem(AT, "planned", plan) for plan in plans),
        *(TimelineItem(AT, "order", order) for order in orders),
        *(TimelineItem(AT, "category", change) for change in changes),
    ]


@pytest.mark.parametrize("language", ["en", "ru", "ro"])
@pytest.mark.parametrize("do_not_contact", [False, True])
def test_timeline_rows_are_what_the_template_loop_wrote(language, do_not_contact):
    client = Client(pk=1, do_not_contact=do_not_contact)
    reference, rows = engines["django"].from_string(REFERENCE), engines["django"].from_string(ROWS)
    with translation.override(language), timezone.override("Europe/Chisinau"):
        for timeline in (items(client), []):
            context = {"timeline": timeline, "client": client}
            assert rows.render(context) == reference.render(context)
