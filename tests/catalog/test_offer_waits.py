"""POST-3 never overrides a pause or an agreed date: the offer waits, with the reason, and comes after it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client as WebClient
from django.utils import timezone

from keepwarm.catalog import selectors
from keepwarm.catalog.models import ProductMatch
from keepwarm.clients.models import Client
from keepwarm.flows import catalog as catalog_flows
from keepwarm.flows import offers
from keepwarm.flows import qualification as qualification_flows
from keepwarm.flows.orders import order_record
from keepwarm.flows.tasks import nightly
from keepwarm.flows.touches import client_log_touch
from keepwarm.planner.services import client_replan
from keepwarm.qualification import services as qualification
from keepwarm.touches.choices import Channel, Goal, Outcome, PlanKind, RefusalReason
from keepwarm.touches.selectors import open_next_step
from tests.conftest import api_as
from tests.factories import make_client, midweek

WEDNESDAY_MORNING = dt.datetime(2026, 3, 11, 8, 0, tzinfo=dt.UTC)  # 10:00 in Chisinau: tact moves nothing


@pytest.fixture(autouse=True)
def _midweek_morning(time_machine):
    time_machine.move_to(WEDNESDAY_MORNING, tick=False)


def _ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def _refused(client, by, *, days_ago: int, continue_on: dt.date) -> None:
    client_log_touch(
        client=client,
        by=by,
        channel=Channel.CALL,
        goal=Goal.PRESENT,
        outcome=Outcome.REFUSED,
        refusal_reason=RefusalReason.TIMING,
        continue_on=continue_on,
        happened_at=_ago(days_ago),
    )


def _interested(alice) -> Client:
    return make_client(alice, first_name="Ana", last_name="Lupu", interests=["logistics"])


def _offer(lena):
    return catalog_flows.product_create(by=lena, name="Fleet tracker", tags=["logistics"])


def _assert_waits(client, product, step_before, *, rule: str, code: str, until: dt.date | None) -> ProductMatch:
    """The offer waits with the planner's reason, and the client's next step is left exactly as it was."""
    match = ProductMatch.objects.get(product=product, client=client)
    assert match.status == ProductMatch.Status.WAITING
    assert match.waits_until == until
    assert match.planned_touch is None
    assert (match.wait_reasons[0]["rule"], match.wait_reasons[0]["code"]) == (rule, code)
    step = open_next_step(client)
    assert step is not None
    assert (step.pk, step.kind, step.due_date) == (step_before.pk, step_before.kind, step_before.due_date)
    return match


def test_post3_offer_never_overrides_annoy3_pause(alice, lena):
    client = _interested(alice)
    resume_on = midweek(120)
    # Three refusals in a row, the last 40 days ago: ANNOY-1 no longer holds anything back.
    _refused(client, alice, days_ago=100, continue_on=midweek(20))
    _refused(client, alice, days_ago=70, continue_on=midweek(40))
    _refused(client, alice, days_ago=40, continue_on=resume_on)
    paused = open_next_step(client)
    assert paused.due_date == resume_on

    product = _offer(lena)

    match = _assert_waits(client, product, paused, rule="ANNOY-3", code="refusal_pause", until=resume_on)
    assert "greetings only until" in selectors.match_wait_texts(match)[0]


def test_post3_offer_never_overrides_a_sales_pause_on_the_client(alice, lena):
    client = _interested(alice)
    until = midweek(60)
    Client.objects.filter(pk=client.pk).update(sales_paused_until=until)
    client.refresh_from_db()
    paused = client_replan(client=client)

    product = _offer(lena)

    _assert_waits(client, product, paused, rule="CAT-5", code="sales_paused", until=until)


def test_post3_offer_never_overrides_qual4_greetings_only(alice, lena):
    client = _interested(alice)
    for number in (12, 13, 14):  # research indicators: enough for a suggested disqualification
        qualification.indicator_mark(
            client=client, by=alice, number=number, marked_on=timezone.localdate(), evidence=f"seen {number}"
        )
    row = qualification_flows.disqualification_confirm(client=client, by=alice, reason="no resources, no plan")
    greetings_only = open_next_step(client)

    product = _offer(lena)

    match = _assert_waits(
        client, product, greetings_only, rule="QUAL-4", code="greetings_only", until=greetings_only.due_date
    )
    assert match.waits_until >= row.reevaluate_on


def test_post3_offer_never_overrides_cat3_agreed_date(alice, lena):
    client = _interested(alice)
    agreed = midweek(30)
    _refused(client, alice, days_ago=10, continue_on=agreed)  # "call me after the audit"
    follow_up = open_next_step(client)
    assert (follow_up.kind, follow_up.due_date) == (PlanKind.REFUSAL_FOLLOWUP, agreed)

    product = _offer(lena)

    _assert_waits(client, product, follow_up, rule="CAT-3", code="refusal_date", until=agreed)


def test_post3_offer_never_overrides_do_not_contact(alice, lena):
    client = make_client(alice, first_name="Ana", interests=["logistics"], do_not_contact=True)
    revisit = open_next_step(client)

    product = _offer(lena)

    match = _assert_waits(client, product, revisit, rule="CAT-5", code="do_not_contact", until=None)
    assert selectors.match_wait_texts(match) == ["The client asked not to be contacted (CAT-5)"]


def test_post3_offer_never_overrides_an_agreed_meeting(alice, lena):
    client = _interested(alice)
    meeting_on = midweek(10)
    client_log_touch(
        client=client,
        by=alice,
        channel=Channel.CALL,
        goal=Goal.SELL_MEETING,
        outcome=Outcome.AGREED_TO_MEET,
        continue_on=meeting_on,
        happened_at=_ago(10),
    )
    meeting = open_next_step(client)
    assert meeting.kind == PlanKind.MEETING

    product = _offer(lena)

    _assert_waits(client, product, meeting, rule="CAT-5", code="agreed_meeting", until=meeting_on)


def test_post3_offer_never_overrides_a_time_the_client_chose(alice, lena):
    client = _interested(alice)
    client_log_touch(
        client=client,
        by=alice,
        channel=Channel.CALL,
        goal=Goal.PRESENT,
        outcome=Outcome.BAD_MOMENT,
        preferred_time=dt.time(11),
        continue_on=midweek(3),
        happened_at=_ago(10),
    )
    chosen = open_next_step(client)
    assert chosen.client_choice

    product = _offer(lena)

    _assert_waits(client, product, chosen, rule="TACT-6", code="bad_moment", until=chosen.due_date)


def test_post3_offer_never_overrides_the_post1_check_after_a_purchase(alice, lena):
    client = _interested(alice)
    order_record(client=client, by=alice, ordered_on=timezone.localdate(), amount=Decimal(100), items="Tracker")
    check = open_next_step(client)
    assert check.kind == PlanKind.POST_SALE

    product = _offer(lena)

    _assert_waits(client, product, check, rule="POST-1", code="post_sale_check", until=check.due_date)


def test_post3_offer_explanation_names_the_product(alice, lena):
    client = _interested(alice)
    _offer(lena)
    catalog_flows.product_create(by=lena, name="Fuel cards", tags=["logistics"])

    step = open_next_step(client)
    assert step.kind == PlanKind.OFFER
    codes = [(reason["rule"], reason["code"], reason.get("detail", "")) for reason in step.explanation]
    assert codes == [("POST-3", "interest_match", "Fleet tracker"), ("POST-3", "interest_match", "Fuel cards")]


def test_post3_paused_offer_comes_after_the_pause(alice, lena, time_machine):
    client = _interested(alice)
    resume_on = midweek(120)
    _refused(client, alice, days_ago=100, continue_on=midweek(20))
    _refused(client, alice, days_ago=70, continue_on=midweek(40))
    _refused(client, alice, days_ago=40, continue_on=resume_on)
    product = _offer(lena)
    # The nightly retry leaves it waiting while the pause lasts ...
    assert offers.offers_retry_due() == offers.MatchSummary()
    time_machine.move_to(dt.datetime.combine(resume_on, dt.time(8), tzinfo=dt.UTC), tick=False)
    assert offers.offers_retry_due().waiting == 1  # ... and on its last day: the agreed call comes first.
    follow_up = open_next_step(client)
    client_log_touch(
        client=client,
        by=alice,
        channel=Channel.CALL,
        goal=Goal.IDENTIFY_NEEDS,
        outcome=Outcome.REACHED,
        planned_touch=follow_up,
    )
    offers.offers_retry_due()
    match = ProductMatch.objects.get(product=product)
    assert (match.status, match.wait_reasons[0]["rule"]) == (ProductMatch.Status.WAITING, "ANNOY-1")
    assert match.waits_until == resume_on + dt.timedelta(days=7)

    time_machine.move_to(dt.datetime.combine(match.waits_until, dt.time(8), tzinfo=dt.UTC), tick=False)
    assert offers.offers_retry_due().planned == 1
    match.refresh_from_db()
    assert match.status == ProductMatch.Status.PLANNED
    assert match.wait_reasons == []
    assert open_next_step(client) == match.planned_touch


def test_post3_waiting_clients_are_listed_with_the_reason(alice, lena):
    client = _interested(alice)
    agreed = midweek(30)
    _refused(client, alice, days_ago=10, continue_on=agreed)
    product = _offer(lena)

    rows = api_as(alice).get(f"/api/products/{product.pk}/matches/").json()
    assert [(row["client"], row["status"], row["waits_until"]) for row in rows] == [
        (client.pk, "waiting", agreed.isoformat())
    ]
    assert rows[0]["wait_reasons"][0]["rule"] == "CAT-3"
    assert "agreed date" in rows[0]["wait_reasons"][0]["text"]

    browser = WebClient()
    browser.force_login(alice)
    page = browser.get(f"/catalog/{product.pk}/").content.decode()
    assert "The client refused; continue on the agreed date" in page


def test_post3_retry_drops_waiting_clients_who_no_longer_match(alice, lena):
    client = _interested(alice)
    _refused(client, alice, days_ago=10, continue_on=midweek(30))
    product = _offer(lena)
    assert ProductMatch.objects.get(product=product).status == ProductMatch.Status.WAITING
    client.interests.clear()
    catalog_flows.product_retry_waiting(product=product, by=lena)
    assert not ProductMatch.objects.filter(product=product).exists()


def test_post3_a_planned_offer_survives_the_nightly_replanning(alice, lena):
    client = _interested(alice)
    product = _offer(lena)
    offer = ProductMatch.objects.get(product=product, client=client).planned_touch
    assert open_next_step(client) == offer
    nightly.call()
    assert open_next_step(client) == offer  # the cadence does not take the slot back


def test_post3_the_nightly_replanning_retries_waiting_offers(alice, lena, time_machine):
    client = _interested(alice)
    _refused(client, alice, days_ago=1, continue_on=midweek(30))
    product = _offer(lena)
    assert ProductMatch.objects.get(product=product).status == ProductMatch.Status.WAITING
    open_next_step(client)  # the agreed call is due, made and logged:
    time_machine.move_to(dt.datetime.combine(midweek(30), dt.time(8), tzinfo=dt.UTC), tick=False)
    client_log_touch(client=client, by=alice, channel=Channel.CALL, goal=Goal.PRESENT, outcome=Outcome.REACHED)
    time_machine.move_to(timezone.now() + dt.timedelta(days=8), tick=False)
    nightly.call()
    assert ProductMatch.objects.get(product=product).status == ProductMatch.Status.PLANNED
