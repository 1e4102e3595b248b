"""Logging a touch from the web: CAT-3 refusals, the outcome-driven fields, LAD-5 terms, QUAL-3 material,
the manager's next step (TACT-7), the htmx swaps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import holidays
import pytest
from django.utils import timezone

from keepwarm.clients.choices import Category
from keepwarm.clients.models import Order
from keepwarm.ladder.models import PrivilegeOverride
from keepwarm.qualification.models import ClientQualification
from keepwarm.touches.models import Touch
from keepwarm.touches.selectors import open_next_step
from tests.factories import make_client, plain_working_day

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
    assert "A refusal needs a date to continue (CAT-3)." in body
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
    assert body.count(" required") >= 2  # the reason and the date; the client's words are welcome, not required


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
    data = bought(amount="1200.00", currency="mdl", amount_paid="200")
    response = web(alice).post(f"/clients/{client.pk}/touch/", {**data, "context": "list"}, **HTMX)
    order = Order.objects.get(client=client)
    assert (order.amount, order.currency, order.items) == (1200, "MDL", "Printer")
    client.refresh_from_db()
    assert client.category == Category.NOW
    assert open_next_step(client).goal == "post_sale_check"
    assert f'id="client-row-{client.pk}" hx-swap-oob="true"' in response.content.decode()


def test_a_refused_order_rolls_back_the_touch(web, alice):
    client = make_client(alice)
    data = bought(amount="100", items="Paper", amount_paid="500")
    response = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX)
    assert "cannot exceed" in response.content.decode()
    assert not Touch.objects.filter(client=client).exists()
    assert not Order.objects.exists()


def test_annoy4_bought_elsewhere_requires_the_competitor(web, alice):
    client = make_client(alice)
    data = {"channel": "call", "goal": "offer", "outcome": "bought_elsewhere", "direction": "outbound"}
    body = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX).content.decode()
    assert 'id="id_competitor_error"' in body
    assert not Touch.objects.exists()


def test_logging_from_today_closes_that_planned_touch_and_puts_the_confirmation_in_its_row(web, alice):
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
    page = web(alice).get("/").content.decode()
    assert '<span class="muted" id="agenda-due-count">(1)</span>' in page
    body = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX).content.decode()
    plan.refresh_from_db()
    assert plan.status == "done"
    assert f'<tr id="plan-{plan.pk}" class="logged" hx-swap-oob="outerHTML">' in body
    # the group's count follows the row out, as a reload would show it (the next step is another day)
    assert '<span class="muted" id="agenda-due-count" hx-swap-oob="true">(0)</span>' in body
    assert "agenda-overdue-count" not in body  # a group the page may not have is not swapped


def _volume(html: str) -> str:
    start = html.index('id="agenda-volume"')
    return " ".join(html[start : html.index("</p>", start)].split())


def test_cat7_logging_from_today_updates_the_planned_volume_with_the_counts(web, alice):
    """The "1 of N this month" line follows the log as the group counts do, not only after a reload."""
    clients = [make_client(alice, last_name=f"Volume{n}") for n in range(2)]
    plan = open_next_step(clients[0])
    data = {"channel": "call", "goal": plan.goal, "outcome": "reached", "direction": "outbound",
            "planned_touch": plan.pk, "context": "today", "next_step_on": plain_working_day(70)}  # fmt: skip
    before = _volume(web(alice).get("/").content.decode())
    body = web(alice).post(f"/clients/{clients[0].pk}/touch/", data, **HTMX).content.decode()
    after = _volume(web(alice).get("/").content.decode())
    assert before != after  # the step done today left this month; its next one is months away
    assert 'hx-swap-oob="true"' in _volume(body)
    assert _volume(body).replace(' hx-swap-oob="true"', "") == after


def _friday(days_ahead: int) -> dt.date:
    """A Friday at least `days_ahead` away with no holiday from it to Monday: TACT-4 alone moves a call on it."""
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    calendar = holidays.country_holidays("MD", years=range(day.year, day.year + 2))
    while day.weekday() != 4 or any(day + dt.timedelta(days=d) in calendar for d in range(4)):
        day += dt.timedelta(days=1)
    return day


def test_tact4_tact7_logging_from_today_shows_the_next_step_and_the_rule_that_moved_it(web, alice):
    client = make_client(alice)
    plan = open_next_step(client)
    friday = _friday(21)
    data = next_contact(planned_touch=plan.pk, context="today", next_step_on=friday, next_step_time="10:00")
    body = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX).content.decode()
    step = open_next_step(client)
    monday = friday + dt.timedelta(days=3)
    assert (step.due_date, step.window_start) == (monday, dt.time(10))
    row = body[body.index(f'<tr id="plan-{plan.pk}"') : body.index("</tr>")]
    assert f'datetime="{monday.isoformat()}"' in row  # the new next step, where the row was
    assert "at 10:00 the client's time" in row
    assert "skipped: last working day before the weekend (TACT-4)" in row
    assert "as picked: the rules below moved it (TACT-7)" in row


def test_tact6_the_dialog_keeps_a_time_the_client_asked_for(web, alice):
    client = make_client(alice)
    day = plain_working_day(21)
    body = web(alice).get(f"/clients/{client.pk}/touch/fields/", {"outcome": "reached"}).content.decode()
    assert 'name="next_step_client_asked"' in body
    assert "The client asked for this time" in body
    data = next_contact(next_step_on=day, next_step_time="13:30", next_step_client_asked="on", context="card")
    body = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX).content.decode()
    step = open_next_step(client)
    assert (step.due_date, step.window_start, step.client_choice) == (day, dt.time(13, 30), True)
    assert "The client asked for this time 13:30 (TACT-6)" in body
    assert "as picked" not in body


def test_tact2_tact7_without_the_clients_word_a_lunch_time_moves_and_the_confirmation_says_so(web, alice):
    client = make_client(alice)
    day = plain_working_day(21)
    data = next_contact(next_step_on=day, next_step_time="13:30", context="card")
    body = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX).content.decode()
    step = open_next_step(client)
    assert (step.due_date, step.window_start, step.client_choice) == (day, dt.time(14), False)
    assert "at 13:30 as picked: the rules below moved it (TACT-7)" in body
    assert "13:30 is the client&#x27;s lunch (TACT-2)" in body


def test_tact6_the_clients_time_needs_its_day(web, alice):
    client = make_client(alice)
    body = web(alice).post(f"/clients/{client.pk}/touch/", next_contact(next_step_client_asked="on"), **HTMX)
    assert 'id="id_next_step_on_error"' in body.content.decode()
    assert not Touch.objects.filter(client=client).exists()


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


def bought(**extra):
    return {
        "channel": "meeting",
        "goal": "close",
        "outcome": "bought",
        "direction": "outbound",
        "record_order": "on",
        "amount": "1000",
        "items": "Printer",
        **extra,
    }


def test_lad5_the_bought_fields_ask_for_discount_terms_and_the_override_reason(web, alice):
    client = make_client(alice)
    body = web(alice).get(f"/clients/{client.pk}/touch/fields/", {"outcome": "bought"}).content.decode()
    for name in ("discount_pct", "payment_terms_days", "override_reason"):
        assert f'name="{name}"' in body
    assert "Why more than the level allows" in body
    refused = web(alice).get(f"/clients/{client.pk}/touch/fields/", {"outcome": "refused"}).content.decode()
    assert 'name="discount_pct"' not in refused


def test_lad5_over_level_discount_without_a_reason_shows_the_error_and_saves_nothing(web, alice):
    client = make_client(alice)  # a prospect: no discount, pay before delivery
    data = bought(discount_pct="5", payment_terms_days="0", context="card")
    response = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_override_reason_error"' in body
    assert 'id="id_discount_pct_error"' in body
    assert 'name="override_reason"' in body  # the bought fields stay on screen with the error
    assert not Touch.objects.filter(client=client).exists()
    assert not Order.objects.exists()
    assert not PrivilegeOverride.objects.exists()


def test_lad5_over_level_terms_with_a_reason_record_the_order_and_the_override(web, alice):
    client = make_client(alice)
    data = bought(discount_pct="5", payment_terms_days="30", override_reason="Fleet deal, approved by Lena")
    response = web(alice).post(f"/clients/{client.pk}/touch/", data)
    assert response.status_code == 302
    order = Order.objects.get(client=client)
    overrides = {row.what: row for row in PrivilegeOverride.objects.filter(client=client)}
    assert set(overrides) == {"discount", "payment_terms"}
    assert overrides["discount"].offered == Decimal(5)
    assert overrides["payment_terms"].offered == Decimal(30)
    assert {row.order_id for row in overrides.values()} == {order.pk}
    assert overrides["discount"].reason == "Fleet deal, approved by Lena"
    assert Touch.objects.get(client=client).outcome == "bought"


def test_lad5_terms_within_the_level_need_no_reason(web, alice):
    client = make_client(alice)
    response = web(alice).post(f"/clients/{client.pk}/touch/", bought(discount_pct="0", payment_terms_days="0"))
    assert response.status_code == 302
    assert Order.objects.filter(client=client).exists()
    assert not PrivilegeOverride.objects.exists()


def test_lad5_a_discount_over_100_is_a_field_error(web, alice):
    client = make_client(alice)
    data = bought(discount_pct="150", payment_terms_days="100000", override_reason="why not")
    body = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX).content.decode()
    assert 'id="id_discount_pct_error"' in body
    assert 'id="id_payment_terms_days_error"' in body
    assert not Order.objects.exists()


def test_qual3_material_sent_is_stored_on_the_touch_and_counts_for_indicator_21(web, alice):
    client = make_client(alice)
    form = web(alice).get(f"/clients/{client.pk}/touch/", {"context": "card"}, **HTMX).content.decode()
    assert 'name="material"' in form
    data = {"channel": "email", "goal": "present", "outcome": "sent", "direction": "outbound"}
    for _ in range(4):
        response = web(alice).post(f"/clients/{client.pk}/touch/", {**data, "material": "Price list 2025"})
        assert response.status_code == 302
    assert list(Touch.objects.filter(client=client).values_list("material", flat=True)) == ["Price list 2025"] * 4
    assert 21 in ClientQualification.objects.get(client=client).computed
    card = web(alice).get(f"/clients/{client.pk}/").content.decode()
    assert "Material sent: Price list 2025" in card


def test_qual3_material_is_optional(web, alice):
    client = make_client(alice)
    data = {"channel": "call", "goal": "present", "outcome": "reached", "direction": "outbound"}
    assert web(alice).post(f"/clients/{client.pk}/touch/", data).status_code == 302
    assert Touch.objects.get(client=client).material == ""


def next_contact(**extra):
    return {"channel": "call", "goal": "present", "outcome": "reached", "direction": "outbound", **extra}


def test_tact7_the_dialog_offers_the_goal_channel_and_time_of_the_next_contact(web, alice):
    client = make_client(alice)
    body = web(alice).get(f"/clients/{client.pk}/touch/fields/", {"outcome": "reached"}).content.decode()
    for name in ("next_step_on", "next_step_goal", "next_step_channel", "next_step_time"):
        assert f'name="{name}"' in body
    assert 'value="greeting"' not in body  # greetings go beside the next step (CAT-5), never as it
    refusal = web(alice).get(f"/clients/{client.pk}/touch/fields/", {"outcome": "refused"}).content.decode()
    assert 'name="next_step_goal"' not in refusal  # the refusal's own date is the next step (CAT-3)


def test_tact7_next_contact_takes_the_managers_goal_channel_and_time(web, alice):
    client = make_client(alice)
    day = plain_working_day()
    data = next_contact(next_step_on=day, next_step_goal="present", next_step_channel="meeting", next_step_time="11:00")
    response = web(alice).post(f"/clients/{client.pk}/touch/", {**data, "context": "card"}, **HTMX)
    assert response["HX-Trigger"] == "kw:touch-logged"
    step = open_next_step(client)
    assert (step.due_date, step.goal, step.channel, step.window_start) == (day, "present", "meeting", dt.time(11))
    assert step.kind == "manual"


def test_tact7_next_contact_date_alone_keeps_the_old_default(web, alice):
    client = make_client(alice)
    day = plain_working_day()
    assert web(alice).post(f"/clients/{client.pk}/touch/", next_contact(next_step_on=day)).status_code == 302
    step = open_next_step(client)
    assert (step.due_date, step.goal, step.channel) == (day, "sell_meeting", "call")


def test_tact7_a_time_without_a_day_is_a_field_error(web, alice):
    client = make_client(alice)
    body = web(alice).post(f"/clients/{client.pk}/touch/", next_contact(next_step_time="11:00"), **HTMX)
    assert 'id="id_next_step_on_error"' in body.content.decode()
    assert not Touch.objects.filter(client=client).exists()


def test_tact7_a_greeting_is_not_a_next_step(web, alice):
    client = make_client(alice)
    data = next_contact(next_step_on=plain_working_day(), next_step_goal="greeting")
    body = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX).content.decode()
    assert 'id="id_next_step_goal_error"' in body
    assert not Touch.objects.filter(client=client).exists()
