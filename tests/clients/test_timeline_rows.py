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


# In every free-text field and every value shown as stored (a choice no longer offered), so that a value
# written out unescaped fails the test.
HOSTILE = "<b>&\"'"


def items(client: Client) -> list[TimelineItem]:
    by = User(pk=7, username="ana", first_name=f"Ana {HOSTILE}", last_name=HOSTILE)
    touches = [
        Touch(happened_at=AT, channel="call", direction="outbound", goal="present", outcome="no_answer", by=by),
        Touch(
            happened_at=AT,
            channel="email",
            direction="inbound",
            goal="offer",
            outcome="refused",
            refusal_reason="price",
            refusal_note=f"too {HOSTILE}",
            material=f"Catalog {HOSTILE}",
            competitor=f"Rival {HOSTILE}",
            competitor_advice=f"cheaper {HOSTILE}",
            notes=f"call back {HOSTILE}",
        ),
        Touch(happened_at=AT, channel="meeting", goal="close", outcome="reached", competitor=HOSTILE),
        Touch(happened_at=AT, channel="call", goal="gather_info", outcome="reached", refusal_reason="timing"),
        Touch(
            happened_at=AT,
            channel=HOSTILE,
            direction="inbound",
            goal=HOSTILE,
            outcome=HOSTILE,
            refusal_reason=HOSTILE,
            refusal_note=HOSTILE,
            material=HOSTILE,
            notes=HOSTILE,
        ),
    ]
    plans = [
        PlannedTouch(due_date=AT.date(), channel="call", goal="sell_meeting", is_next_step=True, urgent=True),
        PlannedTouch(due_date=AT.date(), channel="email", goal="greeting", is_next_step=False),
        PlannedTouch(due_date=AT.date(), channel="call", goal="thank_you", is_next_step=False),
        PlannedTouch(due_date=AT.date(), channel="meeting", goal="present", is_next_step=False, urgent=True),
        PlannedTouch(due_date=AT.date(), channel=HOSTILE, goal=HOSTILE, is_next_step=True),
    ]
    orders = [
        Order(ordered_on=AT.date(), amount=Decimal("1234.50"), amount_paid=Decimal("100.25"), items=f"Paper {HOSTILE}"),
        Order(ordered_on=AT.date(), amount=Decimal("10"), amount_paid=Decimal("10"), currency=HOSTILE, items=HOSTILE),
    ]
    changes = [
        CategoryChange(changed_at=AT, from_category="", to_category="now", reason_code="created", reason_params={}),
        CategoryChange(changed_at=AT, from_category="now", to_category="never", reason_code="", reason=HOSTILE),
        CategoryChange(changed_at=AT, from_category="future", to_category="now", reason_code="", reason=""),
        CategoryChange(
            changed_at=AT,
            from_category=HOSTILE,
            to_category=HOSTILE,
            reason_code="merged",
            reason_params={"name": HOSTILE, "id": 5},
            reason=HOSTILE,
        ),
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
            written = rows.render(context)
            assert written == reference.render(context)
            assert "<b>" not in written
            assert bool(timeline) == ("&lt;b&gt;&amp;&quot;&#x27;" in written)
