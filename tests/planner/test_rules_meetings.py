"""An agreed meeting gives way to later answers and to its own day passing (CAT-3/5, ANNOY-2/4); far dates never
overflow the pure core."""

from __future__ import annotations

from datetime import date, time

from keepwarm.planner import tact
from keepwarm.planner.rules import forecast, plan_next
from keepwarm.planner.types import OrderFact
from keepwarm.touches.choices import Channel, Outcome, PlanKind
from tests.planner.personas import SETTINGS, codes, ivan, local, next_step, touch

MSK = "Europe/Moscow"
AGREED = touch(local(MSK, 2024, 3, 1, 10), Outcome.AGREED_TO_MEET, continue_on=date(2024, 3, 4))


def step(touches, now, client=None, orders=()):
    client = client or ivan()
    return next_step(plan_next(client, list(touches), list(orders), SETTINGS, now.date(), now))


def test_cat3_refusal_after_an_agreed_meeting_plans_from_the_refusal_not_the_meeting():
    refused = touch(local(MSK, 2024, 3, 1, 15), Outcome.REFUSED, continue_on=date(2024, 3, 20))
    followup = step([AGREED, refused], local(MSK, 2024, 3, 1, 16))
    assert followup.kind == PlanKind.REFUSAL_FOLLOWUP
    assert followup.reasons[0].day == date(2024, 3, 20)
    # Two outbound contacts on 1 March, yet the client named 20 March: tact alone may move it, ANNOY-1 does not.
    assert followup.due_date == date(2024, 3, 20)
    assert codes(followup) == [("CAT-3", "refusal_date")]


def test_cat3_refusal_120_days_out_after_an_agreed_meeting_never_keeps_the_meeting():
    refused = touch(local(MSK, 2024, 3, 1, 15), Outcome.REFUSED, continue_on=date(2024, 6, 29))
    keep = step([AGREED, refused], local(MSK, 2024, 3, 1, 16))
    assert keep.kind != PlanKind.MEETING
    assert keep.channel != Channel.MEETING
    assert ("CAT-5", "agreed_meeting") not in codes(keep)
    assert ("SIX-1", "before_agreed_date") in codes(keep)  # the agreed date now is the refusal's


def test_annoy4_bought_elsewhere_after_an_agreed_meeting_never_brings_the_meeting_back():
    elsewhere = touch(local(MSK, 2024, 3, 1, 15), Outcome.BOUGHT_ELSEWHERE, continue_on=date(2024, 4, 1))
    after_pause = step([AGREED, elsewhere], local(MSK, 2024, 4, 2, 12))
    assert after_pause.kind != PlanKind.MEETING
    assert ("CAT-5", "agreed_meeting") not in codes(after_pause)


def test_annoy2_hangup_after_an_agreed_meeting_cancels_the_meeting():
    hung_up = touch(local(MSK, 2024, 3, 1, 15), Outcome.HUNG_UP)
    after = step([AGREED, hung_up], local(MSK, 2024, 3, 1, 16))
    assert after.kind != PlanKind.MEETING
    assert not after.annoy_exempt


def test_cat5_a_past_meeting_nobody_logged_is_followed_up_by_a_call():
    followup = step([AGREED], local(MSK, 2024, 3, 12, 10))
    assert (followup.channel, followup.kind) == (Channel.CALL, PlanKind.RULE_OF_SIX)
    assert codes(followup)[0] == ("CAT-5", "meeting_follow_up")
    assert followup.due_date >= date(2024, 3, 12)
    assert not followup.annoy_exempt  # an ordinary outbound call: ANNOY-1 applies


def test_cat5_a_touch_on_or_after_the_meeting_day_ends_the_meeting():
    held = touch(local(MSK, 2024, 3, 4, 11), Outcome.REACHED)
    after = step([AGREED, held], local(MSK, 2024, 3, 4, 12))
    assert after.kind != PlanKind.MEETING
    assert ("CAT-5", "meeting_follow_up") not in codes(after)


def test_cat5_an_upcoming_agreed_meeting_is_still_the_next_step():
    confirm = touch(local(MSK, 2024, 3, 2, 11), Outcome.REACHED)  # before the meeting day: it stands
    meeting = step([AGREED, confirm], local(MSK, 2024, 3, 2, 12))
    assert (meeting.kind, meeting.due_date) == (PlanKind.MEETING, date(2024, 3, 4))


def test_time1_far_dates_never_overflow_the_pure_core():
    far = date(9999, 12, 31)
    now = local(MSK, 2024, 3, 1, 16)
    touches = [
        touch(local(MSK, 2024, 3, 1, 10), Outcome.AGREED_TO_MEET, continue_on=far),
        touch(local(MSK, 2024, 3, 1, 15), Outcome.BOUGHT_ELSEWHERE, continue_on=far),
    ]
    client = ivan(sales_paused_until=far)
    step(touches, now, client=client, orders=[OrderFact(far)])
    forecast(client, touches, [OrderFact(far)], SETTINGS, now.date(), now)
    refused = [touch(local(MSK, 2024, 3, 1, 15), Outcome.REFUSED, continue_on=far)]
    assert step(refused, now).due_date.year < 2100
    assert tact.adjust_requested(far, time(10), ivan(), SETTINGS, client_asked=False).day.year < 9999
    assert tact.adjust_requested(far, None, ivan(), SETTINGS, client_asked=True).day.year < 9999
    assert tact.allowed_windows(far, ivan(), SETTINGS) is not None


def test_cat3_post1_one_call_on_the_agreed_day_keeps_the_date_and_follows_up_the_purchase():
    # Bought on 19 December, refused on 21 December "call me on 10 January": the post-sale follow-up falls due
    # on 10 January too (the check on the first working day after the New Year holidays, 9 January).
    refused = touch(local(MSK, 2022, 12, 21, 15), Outcome.REFUSED, continue_on=date(2023, 1, 10))
    now = local(MSK, 2023, 1, 1, 10)
    year = forecast(ivan(), [refused], [OrderFact(date(2022, 12, 19))], SETTINGS, now.date(), now)
    on_the_day = [c for c in year if c.due_date == date(2023, 1, 10) and c.goal not in ("greeting", "thank_you")]
    assert len(on_the_day) == 1, on_the_day
    assert {("POST-1", "post_sale_follow_up"), ("CAT-3", "refusal_date")} <= set(codes(on_the_day[0]))
