"""Logging a touch from the web: CAT-3 refusals, the outcome-driven fields, the htmx swaps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from keepwarm.clients.choices import Category
from keepwarm.clients.models import Order
from keepwarm.planner.services import open_next_step
from keepwarm.touches.models import Touch
from tests.factories import make_client
from tests.web.conftest import plain_working_day

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def refusal(**extra):
    return {"channel": "call", "goal": "present", "outcome": "refused", "direction": "outbound", **extra}


def test_cat3_refusal_without_continue_on_shows_an_error_and_saves_nothing(web, alice):
    client = make_client(alice, category=Category.NOW)
    data = refusal(refusal_reason="budget", refusal_note="No budget this quarter", context="card")
    response = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_continue_on_error"' in body
    assert "This field is required." in body
    assert not Touch.objects.filter(client=client).exists()
    client.refresh_from_db()
    assert client.category == Category.NOW


def test_cat3_refusal_with_a_date_makes_the_client_future_with_the_next_step_on_that_date(web, alice):
    client = make_client(alice, category=Category.NOW)
    later = plain_working_day()
    data = refusal(refusal_reason="timing", refusal_note="After the audit", continue_on=later, context="card")
    response = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX)
    body = response.content.decode()
    client.refresh_from_db()
    assert client.category == Category.FUTURE
    assert open_next_step(client).due_date == later
    assert response["HX-Trigger"] == "kw:touch-logged"
    assert 'id="client-header" class="card client-header" hx-swap-oob="true"' in body
    assert "badge-future" in body
    assert later.isoformat() in body
    assert 'id="timeline" class="timeline" hx-swap-oob="true"' in body


def test_refusal_fields_are_required_in_the_markup_too(web, alice):
    client = make_client(alice)
    body = web(alice).get(f"/clients/{client.pk}/touch/fields/", {"outcome": "refused"}).content.decode()
    for name in ("refusal_reason", "refusal_note", "continue_on"):
        assert f'name="{name}"' in body
    assert body.count(" required") >= 3


@pytest.mark.parametrize(
    ("outcome", "field"),
    [
        ("bad_moment", "preferred_time"),
        ("bought_elsewhere", "competitor"),
        ("agreed_to_meet", "continue_on"),
        ("not_used_yet", "continue_on"),
        ("bought", "amount"),
    ],
)
def test_the_form_adapts_to_the_outcome(web, alice, outcome, field):
    client = make_client(alice)
    body = web(alice).get(f"/clients/{client.pk}/touch/fields/", {"outcome": outcome}).content.decode()
    assert f'name="{field}"' in body
    assert 'name="refusal_reason"' not in body


def test_tact6_bad_moment_keeps_the_preferred_time(web, alice):
    client = make_client(alice)
    data = {
        "channel": "call",
        "goal": "present",
        "outcome": "bad_moment",
        "direction": "outbound",
        "preferred_time": "16:30",
    }
    response = web(alice).post(f"/clients/{client.pk}/touch/", data)
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.preferred_call_time == dt.time(16, 30)


def test_bought_records_the_order_in_the_same_step(web, alice):
    client = make_client(alice)
    data = {
        "channel": "meeting",
        "goal": "close",
        "outcome": "bought",
        "direction": "outbound",
        "record_order": "on",
        "amount": "1200.00",
        "currency": "mdl",
        "items": "Printer",
        "amount_paid": "200",
    }
    response = web(alice).post(f"/clients/{client.pk}/touch/", {**data, "context": "list"}, **HTMX)
    order = Order.objects.get(client=client)
    assert (order.amount, order.currency, order.items) == (1200, "MDL", "Printer")
    client.refresh_from_db()
    assert client.category == Category.NOW
    assert open_next_step(client).goal == "post_sale_check"
    assert f'id="client-row-{client.pk}" hx-swap-oob="true"' in response.content.decode()


def test_a_refused_order_rolls_back_the_touch(web, alice):
    client = make_client(alice)
    data = {
        "channel": "meeting",
        "goal": "close",
        "outcome": "bought",
        "direction": "outbound",
        "record_order": "on",
        "amount": "100",
        "items": "Paper",
        "amount_paid": "500",
    }
    response = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX)
    assert "cannot exceed" in response.content.decode()
    assert not Touch.objects.filter(client=client).exists()
    assert not Order.objects.exists()


def test_ann4_bought_elsewhere_requires_the_competitor(web, alice):
    client = make_client(alice)
    data = {"channel": "call", "goal": "offer", "outcome": "bought_elsewhere", "direction": "outbound"}
    body = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX).content.decode()
    assert 'id="id_competitor_error"' in body
    assert not Touch.objects.exists()


def test_logging_from_today_closes_that_planned_touch_and_removes_its_row(web, alice):
    client = make_client(alice)
    plan = open_next_step(client)
    form = web(alice).get(f"/clients/{client.pk}/touch/", {"planned": plan.pk, "context": "today"}, **HTMX)
    assert f'value="{plan.pk}"' in form.content.decode()
    data = {
        "channel": "call",
        "goal": plan.goal,
        "outcome": "no_answer",
        "direction": "outbound",
        "planned_touch": plan.pk,
        "context": "today",
    }
    body = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX).content.decode()
    plan.refresh_from_db()
    assert plan.status == "done"
    assert f'id="plan-{plan.pk}" hx-swap-oob="delete"' in body


def test_today_lists_overdue_first_and_the_leads_team(web, alice, bob, lena):
    mine = make_client(alice, first_name="Mine")
    bobs = make_client(bob, first_name="Bobs")
    today = timezone.localdate()
    open_next_step(mine).__class__.objects.filter(client=mine).update(due_date=today - dt.timedelta(days=2))
    open_next_step(bobs).__class__.objects.filter(client=bobs).update(due_date=today)
    body = web(alice).get("/").content.decode()
    assert "Mine" in body
    assert "Bobs" not in body
    assert 'class="is-overdue"' in body
    assert "Planned this week" in body  # CAT-7 volume
    lead = web(lena).get("/").content.decode()
    assert lead.index("Mine") < lead.index("Bobs")
