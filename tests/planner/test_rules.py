"""The planner's rules on worked examples (Moscow unless said otherwise)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from itertools import pairwise

from keepwarm.clients.choices import Category
from keepwarm.planner.rules import forecast, plan_next
from keepwarm.planner.types import OrderFact, Reason
from keepwarm.touches.choices import Channel, Direction, Goal, Outcome, PlanKind
from tests.planner.personas import SETTINGS, codes, ioana, ivan, local, next_step, touch

MSK = "Europe/Moscow"


def plan(client, touches=(), orders=(), settings=SETTINGS, now=None):
    now = now or local(MSK, 2024, 3, 12, 10)
    return plan_next(client, list(touches), list(orders), settings, now.date(), now)


def step(*args, **kwargs):
    return next_step(plan(*args, **kwargs))


def test_cat5_never_and_do_not_contact_get_nothing():
    assert plan(ivan(category=Category.NEVER)) == []
    assert plan(ivan(do_not_contact=True)) == []
    assert forecast(ivan(do_not_contact=True), [], [], SETTINGS, date(2024, 3, 12), local(MSK, 2024, 3, 12)) == []


def test_cat5_exactly_one_next_step_with_courtesy_touches_alongside():
    contacts = plan(ivan(birthday=date(1980, 3, 20)), orders=[OrderFact(date(2024, 3, 11))])
    assert [(c.kind, c.is_next_step) for c in contacts] == [
        (PlanKind.POST_SALE, True),
        (PlanKind.GREETING, False),
        (PlanKind.THANK_YOU, False),
    ]


def test_cat5_first_contact_for_a_new_client_is_as_soon_as_allowed():
    first = step(ivan(), now=local(MSK, 2024, 3, 12, 10, 20))
    assert (first.due_date, first.window_start, first.goal) == (date(2024, 3, 12), time(10, 20), Goal.IDENTIFY_NEEDS)
    assert step(ivan(category=Category.NOW)).goal == Goal.CLOSE


def test_time1_vladivostok_client_planned_in_its_own_time_from_a_moscow_instant():
    first = step(ivan(time_zone="Asia/Vladivostok"), now=local(MSK, 2024, 3, 11, 20))  # 03:00 there
    assert (first.due_date, first.window_start, first.time_zone) == (date(2024, 3, 12), time(9), "Asia/Vladivostok")


def test_post1_thursday_purchase_before_monday_holiday_gets_tuesday_call():
    # Romania 2024: Friday 21 June is the last working day before the weekend (TACT-4); Sunday 23 and
    # Monday 24 are Pentecost.
    now = local("Europe/Bucharest", 2024, 6, 20, 16)
    check = step(ioana(), orders=[OrderFact(date(2024, 6, 20))], now=now)
    assert (check.due_date, check.goal, check.kind, check.annoy_exempt) == (
        date(2024, 6, 25),
        Goal.POST_SALE_CHECK,
        PlanKind.POST_SALE,
        True,
    )
    assert codes(check) == [
        ("POST-1", "post_sale_check"),
        ("TACT-4", "pre_weekend"),
        ("TACT-5", "weekend"),
        ("TACT-5", "holiday"),
        ("TACT-5", "holiday"),
    ]


def test_post1_bought_touch_starts_the_sequence_like_an_order():
    bought = touch(local(MSK, 2024, 3, 12, 11), Outcome.BOUGHT, goal=Goal.CLOSE)
    assert step(ivan(), [bought], now=local(MSK, 2024, 3, 12, 12)).due_date == date(2024, 3, 13)


def test_post1_not_used_yet_calls_the_working_day_after_first_use():
    check = touch(
        local(MSK, 2024, 4, 2, 11), Outcome.NOT_USED_YET, goal=Goal.POST_SALE_CHECK, continue_on=date(2024, 4, 10)
    )
    again = step(ivan(), [check], [OrderFact(date(2024, 4, 1))], now=local(MSK, 2024, 4, 2, 12))
    assert (again.due_date, again.kind) == (date(2024, 4, 11), PlanKind.POST_SALE)


def test_post1_satisfied_calls_next_working_day_then_post2_offers():
    order = [OrderFact(date(2024, 4, 1))]
    liked = touch(local(MSK, 2024, 4, 2, 11), Outcome.SATISFIED, goal=Goal.POST_SALE_CHECK)
    follow_up = step(ivan(), [liked], order, now=local(MSK, 2024, 4, 2, 12))
    assert (follow_up.due_date, follow_up.kind) == (date(2024, 4, 3), PlanKind.POST_SALE)
    assert codes(follow_up)[0] == ("POST-1", "post_sale_follow_up")
    done = touch(local(MSK, 2024, 4, 3, 11), Outcome.REACHED, goal=Goal.POST_SALE_CHECK)
    offer = step(ivan(), [liked, done], order, now=local(MSK, 2024, 4, 3, 12))
    # 3 April + 45 days is Saturday 18 May.
    assert (offer.due_date, offer.goal, offer.kind) == (date(2024, 5, 20), Goal.OFFER, PlanKind.OFFER)


def test_post1_unsuitable_gets_an_urgent_meeting_within_two_working_days():
    unsuitable = touch(local(MSK, 2024, 4, 4, 11), Outcome.UNSUITABLE, goal=Goal.POST_SALE_CHECK)
    meeting = step(ivan(), [unsuitable], [OrderFact(date(2024, 4, 3))], now=local(MSK, 2024, 4, 4, 12))
    # Friday is fine for a meeting: TACT-4 is about calls.
    assert (meeting.due_date, meeting.channel, meeting.kind) == (date(2024, 4, 5), Channel.MEETING, PlanKind.MEETING)
    assert Reason("POST-1", "urgent", date(2024, 4, 8)) in meeting.reasons


def test_post1_is_exempt_from_annoy1():
    called = touch(local(MSK, 2024, 3, 29, 11))
    check = step(ivan(), [called], [OrderFact(date(2024, 4, 1))], now=local(MSK, 2024, 4, 1, 12))
    assert check.due_date == date(2024, 4, 2)


def test_post2_customer_gets_an_offer_every_45_days():
    contacts = forecast(
        ivan(is_customer=True),
        [touch(local(MSK, 2024, 3, 12))],
        [],
        SETTINGS,
        date(2024, 3, 12),
        local(MSK, 2024, 3, 12, 12),
    )
    offers = [c.due_date for c in contacts if c.is_next_step]
    assert all(c.kind == PlanKind.OFFER for c in contacts if c.is_next_step)
    assert all(30 <= (later - earlier).days <= 50 for earlier, later in pairwise(offers))


def test_cat3_refusal_followup_on_the_agreed_date():
    touches = [
        touch(local(MSK, 2024, 2, 1)),
        touch(local(MSK, 2024, 3, 1), Outcome.REFUSED, continue_on=date(2024, 3, 20)),
    ]
    followup = step(ivan(), touches, now=local(MSK, 2024, 3, 1, 12))
    assert (followup.due_date, followup.kind) == (date(2024, 3, 20), PlanKind.REFUSAL_FOLLOWUP)


def test_cat3_refusal_date_later_than_six1_gives_way_to_keeping_in_touch():
    refused = touch(local(MSK, 2024, 3, 1), Outcome.REFUSED, continue_on=date(2024, 9, 2))
    keep = step(ivan(), [refused], now=local(MSK, 2024, 3, 1, 12))
    assert keep.kind == PlanKind.RULE_OF_SIX
    assert keep.due_date < date(2024, 9, 2)
    assert ("SIX-1", "before_agreed_date") in codes(keep)


def test_annoy1_one_outbound_contact_per_week():
    ready = touch(local(MSK, 2024, 3, 1), Outcome.READY_TO_BUY)  # CAT-4 asks for a call the next day
    later = step(ivan(), [ready], now=local(MSK, 2024, 3, 1, 12))
    # 8 March is a holiday (and the last working day before the weekend): Monday 11 March.
    assert later.due_date == date(2024, 3, 11)
    assert Reason("ANNOY-1", "too_soon", date(2024, 3, 8)) in later.reasons


def test_annoy1_two_outbound_contacts_per_30_days():
    touches = [
        touch(local(MSK, 2024, 2, 15)),
        touch(local(MSK, 2024, 3, 1), Outcome.READY_TO_BUY),
    ]
    later = step(ivan(), touches, now=local(MSK, 2024, 3, 1, 12))
    assert later.due_date == date(2024, 3, 18)
    assert Reason("ANNOY-1", "too_soon", date(2024, 3, 16)) in later.reasons


def test_annoy1_inbound_contacts_do_not_count():
    touches = [
        touch(local(MSK, 2024, 2, 15), direction=Direction.INBOUND),
        touch(local(MSK, 2024, 3, 1), Outcome.READY_TO_BUY),
    ]
    # Counted, the inbound contact would hold the next call to 18 March (two per 30 days); only the week's gap
    # from 1 March applies, and 8 March is a holiday: Monday 11 March.
    assert step(ivan(), touches, now=local(MSK, 2024, 3, 1, 12)).due_date == date(2024, 3, 11)


def test_annoy2_two_hangups_within_90_days_switch_to_a_letter_and_double_the_interval():
    touches = [touch(local(MSK, 2024, 2, 1), Outcome.HUNG_UP), touch(local(MSK, 2024, 3, 1), Outcome.HUNG_UP)]
    letter = step(ivan(), touches, now=local(MSK, 2024, 3, 1, 12))
    # 1 March + 2 x 60 days is Saturday 29 June.
    assert (letter.channel, letter.due_date) == (Channel.LETTER, date(2024, 7, 1))
    assert Reason("ANNOY-2", "hangups", date(2024, 3, 1)) in letter.reasons


def test_annoy2_hangups_further_apart_than_the_window_change_nothing():
    touches = [touch(local(MSK, 2023, 10, 1), Outcome.HUNG_UP), touch(local(MSK, 2024, 3, 1), Outcome.HUNG_UP)]
    call = step(ivan(), touches, now=local(MSK, 2024, 3, 1, 12))
    assert call.channel == Channel.CALL
    assert "ANNOY-2" not in {rule for rule, _ in codes(call)}


def test_annoy3_three_refusals_pause_sales_until_the_date_while_greetings_continue():
    touches = [touch(local(MSK, 2024, 1, day), Outcome.REFUSED, continue_on=date(2024, 9, 2)) for day in (10, 20, 30)]
    client = ivan(birthday=date(1985, 5, 20))
    year = forecast(client, touches, [], SETTINGS, date(2024, 1, 30), local(MSK, 2024, 1, 30, 12))
    steps = [c for c in year if c.is_next_step]
    assert steps[0].due_date == date(2024, 9, 2)
    assert steps[0].kind == PlanKind.REFUSAL_FOLLOWUP
    assert codes(steps[0])[0] == ("ANNOY-3", "refusal_pause")
    assert [c.due_date for c in year if c.goal == Goal.GREETING] == [date(2024, 5, 20), date(2025, 1, 1)]


def test_annoy4_bought_from_a_competitor_next_contact_at_repurchase_date():
    elsewhere = touch(local(MSK, 2024, 3, 5), Outcome.BOUGHT_ELSEWHERE, continue_on=date(2024, 10, 1))
    assert step(ivan(), [elsewhere], now=local(MSK, 2024, 3, 5, 12)).due_date == date(2024, 10, 1)


def test_annoy4_without_a_date_next_contact_in_six_months():
    elsewhere = touch(local(MSK, 2024, 3, 5), Outcome.BOUGHT_ELSEWHERE)
    next_contact = step(ivan(), [elsewhere], now=local(MSK, 2024, 3, 5, 12))
    assert next_contact.due_date == date(2024, 9, 5)
    assert codes(next_contact)[0] == ("ANNOY-4", "competitor")


def test_tact6_bad_moment_uses_the_preferred_time_for_this_and_later_calls():
    client = ivan(preferred_call_time=time(16, 30))
    bad = touch(local(MSK, 2024, 3, 12, 10), Outcome.BAD_MOMENT)
    year = forecast(client, [bad], [], SETTINGS, date(2024, 3, 12), local(MSK, 2024, 3, 12, 11))
    calls = [c for c in year if c.is_next_step]
    assert (calls[0].due_date, calls[0].kind, codes(calls[0])[0]) == (
        date(2024, 3, 13),
        PlanKind.RETRY,
        ("TACT-6", "bad_moment"),
    )
    assert all(c.window_start == time(16, 30) and c.client_choice for c in calls)


def test_no_answer_is_retried_from_the_next_working_day():
    missed = touch(local(MSK, 2024, 3, 12, 10), Outcome.NO_ANSWER)
    retry = step(ivan(), [missed], now=local(MSK, 2024, 3, 12, 11))
    assert (retry.due_date, retry.kind, retry.goal) == (date(2024, 3, 13), PlanKind.RETRY, Goal.IDENTIFY_NEEDS)
    thursday_miss = touch(local(MSK, 2024, 3, 14, 10), Outcome.NO_ANSWER)
    assert step(ivan(), [thursday_miss], now=local(MSK, 2024, 3, 14, 11)).due_date == date(2024, 3, 18)


def test_post4_passive_client_is_reactivated_as_soon_as_allowed():
    old = touch(local(MSK, 2023, 6, 1))
    reactivation = step(ivan(), [old])
    assert (reactivation.due_date, reactivation.kind) == (date(2024, 3, 12), PlanKind.REACTIVATION)


def test_six1_behind_on_the_rolling_count_is_contacted_sooner():
    days = [(2023, 4, 3), (2023, 5, 2), (2023, 6, 1), (2023, 7, 3), (2023, 8, 1), (2024, 3, 1)]
    touches = [touch(local(MSK, *day)) for day in days]
    sooner = step(ivan(), touches, now=local(MSK, 2024, 3, 5, 12))
    # The sixth contact back was 3 April 2023: the next one must come by 2 April 2024, not 30 April.
    assert sooner.due_date <= date(2024, 4, 2)
    assert sooner.kind == PlanKind.RULE_OF_SIX


def test_qual4_greetings_only_until_the_re_evaluation():
    client = ivan(greetings_only=True, sales_paused_until=date(2024, 9, 1), birthday=date(1990, 4, 2))
    contacts = plan(client, [touch(local(MSK, 2024, 3, 1))])
    assert (next_step(contacts).due_date, codes(next_step(contacts))[0]) == (
        date(2024, 9, 2),
        ("QUAL-4", "greetings_only"),
    )
    assert [c.due_date for c in contacts if not c.is_next_step] == [date(2024, 4, 2)]


def test_post5_greetings_go_out_on_the_day_even_on_a_weekend():
    saturday = date(2024, 3, 16)
    greeting = plan(ivan(birthday=date(1990, 3, 16)))[1]
    assert (greeting.due_date, greeting.goal, greeting.channel) == (saturday, Goal.GREETING, Channel.MESSAGE)


def test_post5_29_february_birthday_is_greeted_on_28_february_in_other_years():
    client = ivan(birthday=date(1996, 2, 29))
    greetings = [
        c.due_date
        for c in forecast(client, [], [], SETTINGS, date(2025, 1, 10), local(MSK, 2025, 1, 10))
        if c.goal == Goal.GREETING
    ]
    assert date(2025, 2, 28) in greetings
    assert plan(client, now=local(MSK, 2028, 2, 1))[1].due_date == date(2028, 2, 29)


def test_post5_team_holidays_and_organization_anniversary():
    settings = replace(SETTINGS, greeting_holidays=frozenset({"womens_day"}), greet_org_anniversary=True)
    client = ivan(organization_founded=date(2004, 3, 14))
    greetings = plan(client, settings=settings, now=local(MSK, 2024, 3, 1))[1:]
    assert [(c.due_date, codes(c)) for c in greetings] == [(date(2024, 3, 8), [("POST-5", "holiday_greeting")])]
    anniversary = plan(client, settings=settings, now=local(MSK, 2024, 3, 9))[1]
    assert anniversary.reasons == (Reason("POST-5", "org_anniversary", detail="20"),)


def test_let1_thank_you_letter_after_a_purchase_until_it_is_sent():
    order = [OrderFact(date(2024, 3, 11))]
    assert [c.kind for c in plan(ivan(), orders=order)][-1] == PlanKind.THANK_YOU
    thanked = touch(local(MSK, 2024, 3, 11, 15), Outcome.SENT, goal=Goal.THANK_YOU, channel=Channel.LETTER)
    assert PlanKind.THANK_YOU not in [c.kind for c in plan(ivan(), [thanked], order)]
    assert PlanKind.THANK_YOU not in [c.kind for c in plan(ivan(), orders=order, now=local(MSK, 2024, 5, 1))]
