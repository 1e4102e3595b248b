"""Properties over random clients, zones, countries, histories and settings (TACT-1..5, TIME-1, ANNOY-1, SIX-1).

The checks re-derive each rule from the calendar directly rather than through tact.allowed_windows, so a bug
in the windows arithmetic cannot hide itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.clients.choices import Category
from keepwarm.planner import tact
from keepwarm.planner.calendars import is_working_day
from keepwarm.planner.rules import forecast, plan_next
from keepwarm.planner.types import ClientFacts, OrderFact, PlannedContact, PlannerSettings, TouchFact, WorkPattern
from keepwarm.touches.choices import Channel, Direction, Goal, Outcome

ZONES = [
    "Europe/Moscow",
    "Asia/Vladivostok",
    "Europe/Chisinau",
    "Europe/Bucharest",
    "Europe/Kyiv",
    "Europe/Minsk",
    "Asia/Almaty",
    "Europe/Berlin",
    "America/New_York",
    "America/Santiago",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "UTC",
]
COUNTRIES = ["RU", "MD", "RO", "UA", "KZ", "BY", "US", "DE", ""]
# Sane weeks only: with TACT-4 a week of lone working days would leave no day to call at all.
WEEKS = [frozenset({0, 1, 2, 3, 4}), frozenset({0, 1, 2, 3, 4, 5}), frozenset({6, 0, 1, 2, 3})]
CALM_OUTCOMES = [
    Outcome.REACHED,
    Outcome.NO_ANSWER,
    Outcome.BAD_MOMENT,
    Outcome.AGREED_TO_MEET,
    Outcome.READY_TO_BUY,
    Outcome.BOUGHT,
    Outcome.MEETING_CANCELLED,
    Outcome.MEETING_MOVED,
    Outcome.NOT_USED_YET,
    Outcome.SATISFIED,
    Outcome.UNSUITABLE,
    Outcome.SENT,
]
ANNOYED_OUTCOMES = [Outcome.HUNG_UP, Outcome.REFUSED, Outcome.BOUGHT_ELSEWHERE]
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def work_patterns(draw: st.DrawFn) -> WorkPattern:
    # Early starts put the DST switches (01:00-03:00) inside working hours.
    start = draw(st.sampled_from([time(0), time(1), time(2), time(7), time(8), time(9), time(10)]))
    end = draw(st.sampled_from([time(16), time(17), time(18), time(19), time(23)]))
    lunch = draw(st.sampled_from([(None, None), (time(12), time(13)), (time(13), time(14)), (time(13), time(13, 45))]))
    return WorkPattern(
        workdays=draw(st.sampled_from(WEEKS)), start=start, end=end, lunch_start=lunch[0], lunch_end=lunch[1]
    )


@st.composite
def team_settings(draw: st.DrawFn) -> PlannerSettings:
    return PlannerSettings(
        work=draw(work_patterns()),
        end_of_day_margin_minutes=draw(st.integers(0, 60)),
        pre_weekend_rule=draw(st.sampled_from(["day", "afternoon", "off"])),
        pre_weekend_afternoon_from=draw(st.sampled_from([time(12), time(14), time(15)])),
        min_days_between_outbound=draw(st.integers(1, 10)),
        max_outbound_per_30_days=draw(st.integers(2, 4)),
        offer_interval_days=draw(st.integers(30, 60)),
        call_minutes=draw(st.sampled_from([5, 10, 15, 30])),
        greeting_holidays=frozenset(
            draw(st.sets(st.sampled_from(["new_year", "christmas", "orthodox_easter", "womens_day", "national_day"])))
        ),
    )


NOW = st.datetimes(min_value=datetime(2023, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC))


@st.composite
def histories(draw: st.DrawFn, now: datetime, outcomes: Sequence[str]) -> list[TouchFact]:
    touches = []
    for _ in range(draw(st.integers(0, 12))):
        at = now - timedelta(minutes=draw(st.integers(1, 400 * 24 * 60)))
        outcome = draw(st.sampled_from(outcomes))
        days_on = draw(st.none() | st.integers(-30, 200))
        continue_on = None if days_on is None else at.date() + timedelta(days=days_on)
        touches.append(
            TouchFact(
                at=at,
                channel=draw(st.sampled_from([Channel.CALL, Channel.CALL, Channel.EMAIL, Channel.MEETING])),
                direction=draw(st.sampled_from([Direction.OUTBOUND, Direction.OUTBOUND, Direction.INBOUND])),
                goal=draw(
                    st.sampled_from(
                        [Goal.IDENTIFY_NEEDS, Goal.PRESENT, Goal.POST_SALE_CHECK, Goal.OFFER, Goal.GREETING]
                    )
                ),
                outcome=outcome,
                continue_on=continue_on,
            )
        )
    return touches


@st.composite
def cases(draw: st.DrawFn, outcomes: Sequence[str], paused: bool = True) -> tuple:
    now = draw(NOW)
    team = draw(team_settings())
    client = ClientFacts(
        client_id=1,
        category=draw(st.sampled_from([Category.NOW, Category.FUTURE])),
        time_zone=draw(st.sampled_from(ZONES)),
        country=draw(st.sampled_from(COUNTRIES)),
        work=draw(st.none() | work_patterns()),
        preferred_call_time=draw(st.none() | st.sampled_from([time(10), time(16, 30), time(20)])),
        birthday=draw(st.none() | st.dates(date(1950, 1, 1), date(2005, 12, 31))),
        is_customer=draw(st.booleans()),
        greetings_only=paused and draw(st.booleans()),
        sales_paused_until=draw(st.none() | st.dates(date(2023, 1, 1), date(2028, 12, 31))) if paused else None,
    )
    orders = [
        OrderFact((now - timedelta(days=days)).date()) for days in draw(st.lists(st.integers(1, 400), max_size=2))
    ]
    return client, draw(histories(now, outcomes)), orders, team, now


def _today(client: ClientFacts, now: datetime) -> date:
    """The services pass the client's local date as today (TIME-1: plan in the client's time zone)."""
    return now.astimezone(ZoneInfo(client.time_zone)).date()


def _planned_year(case: tuple) -> list[PlannedContact]:
    client, touches, orders, team, now = case
    return forecast(client, touches, orders, team, _today(client, now), now)


def _assert_call_keeps_tact(contact: PlannedContact, client: ClientFacts, team: PlannerSettings) -> None:
    """TACT-1..5 and TIME-1 for both ends of the window of start times, straight from the calendar."""
    work = client.work or team.work
    day = contact.due_date
    assert is_working_day(day, client.country, work.workdays), contact
    next_day_works = is_working_day(day + timedelta(days=1), client.country, work.workdays)
    assert team.pre_weekend_rule != "day" or next_day_works, contact
    zone = ZoneInfo(client.time_zone)
    for start in (contact.window_start, contact.window_end):
        begins = datetime.combine(day, start)
        ends = begins + timedelta(minutes=team.call_minutes)
        assert datetime.combine(day, work.start) <= begins, contact
        assert ends <= datetime.combine(day, work.end) - timedelta(minutes=max(team.end_of_day_margin_minutes, 5))
        if work.lunch_start and work.lunch_end:
            assert ends <= datetime.combine(day, work.lunch_start) or begins >= datetime.combine(day, work.lunch_end)
        if team.pre_weekend_rule == "afternoon" and not next_day_works:
            assert ends <= datetime.combine(day, team.pre_weekend_afternoon_from), contact
        for moment in (begins, ends - timedelta(minutes=1)):  # TIME-1: the call's wall times all exist
            aware = moment.replace(tzinfo=zone)
            assert aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == moment, contact


def _counted_outbound(touches: list[TouchFact], zone: ZoneInfo) -> list[date]:
    return [
        t.at.astimezone(zone).date()
        for t in touches
        if t.direction == Direction.OUTBOUND
        and t.outcome != Outcome.NO_ANSWER
        and t.goal not in (Goal.POST_SALE_CHECK, Goal.GREETING, Goal.THANK_YOU)
    ]


@PROPERTY
@given(cases(CALM_OUTCOMES + ANNOYED_OUTCOMES))
def test_tact_time1_no_planned_call_breaks_tact(case):
    client, touches, orders, team, now = case
    planned = _planned_year(case) + plan_next(client, touches, orders, team, _today(client, now), now)
    for contact in planned:
        if contact.channel == Channel.CALL and not contact.client_choice:
            _assert_call_keeps_tact(contact, client, team)


@PROPERTY
@given(cases(CALM_OUTCOMES + ANNOYED_OUTCOMES))
def test_annoy1_no_outbound_contact_too_soon(case):
    client, touches, _, team, _ = case
    counted = sorted(_counted_outbound(touches, ZoneInfo(client.time_zone)))
    for contact in _planned_year(case):
        if not contact.is_next_step:
            continue
        if not contact.annoy_exempt:
            day = contact.due_date
            assert not counted or (day - counted[-1]).days >= team.min_days_between_outbound, contact
            last_30 = [d for d in counted if (day - d).days < 30]
            assert len(last_30) < team.max_outbound_per_30_days, contact
        if contact.goal != Goal.POST_SALE_CHECK:
            counted.append(contact.due_date)


@PROPERTY
@given(cases(CALM_OUTCOMES, paused=False))
def test_six1_a_simulated_year_has_at_least_six_contacts(case):
    client, touches, orders, team, now = case
    year = forecast(client, touches, orders, replace(team, six_target=6), _today(client, now), now)
    assert len([c for c in year if c.is_next_step]) >= 6, year


@PROPERTY
@given(cases(CALM_OUTCOMES + ANNOYED_OUTCOMES))
def test_cat5_one_next_step_and_the_plan_is_deterministic(case):
    client, touches, orders, team, now = case
    plan = plan_next(client, touches, orders, team, _today(client, now), now)
    assert [c.is_next_step for c in plan].count(True) == 1
    assert plan == plan_next(client, list(reversed(touches)), orders, team, _today(client, now), now)
    assert _planned_year(case) == _planned_year(case)


TACT_SETTINGS = ["work", "end_of_day_margin_minutes", "pre_weekend_rule", "pre_weekend_afternoon_from", "call_minutes"]


@PROPERTY
@given(cases(CALM_OUTCOMES + ANNOYED_OUTCOMES), team_settings(), st.sampled_from(TACT_SETTINGS))
def test_tact7_slots_shared_between_plans_never_leak_to_another_team(case, other_team, setting):
    # Plans on the same calendar share the slots they found (tact._year_table): a team differing in one tact
    # setting must get the same plan after the other team planned as it gets on its own.
    client, touches, orders, team, now = case
    neighbour = replace(team, **{setting: getattr(other_team, setting)})

    def planned_year(team: PlannerSettings) -> list[PlannedContact]:
        return forecast(client, touches, orders, team, _today(client, now), now)

    tact._year_table.cache_clear()
    alone = planned_year(team)
    tact._year_table.cache_clear()
    neighbour_alone = planned_year(neighbour)
    assert planned_year(team) == alone
    assert planned_year(neighbour) == neighbour_alone


SUPERSEDING = [Outcome.REFUSED, Outcome.BOUGHT_ELSEWHERE, Outcome.HUNG_UP]


@st.composite
def meeting_then_answer(draw: st.DrawFn) -> tuple:
    """A client agrees to meet, then (before or after the meeting day) refuses, buys elsewhere or hangs up."""
    client, touches, orders, team, now = draw(cases(CALM_OUTCOMES + ANNOYED_OUTCOMES, paused=False))
    agreed_at = now - timedelta(minutes=draw(st.integers(2, 30 * 24 * 60)))
    answered_at = agreed_at + (now - agreed_at) * draw(st.floats(0.01, 0.99))
    meeting_on = agreed_at.date() + timedelta(days=draw(st.integers(1, 30)))
    days_on = draw(st.none() | st.integers(1, 200))
    answer = draw(st.sampled_from(SUPERSEDING))
    continue_on = None if days_on is None else answered_at.date() + timedelta(days=days_on)
    history = [t for t in touches if t.at < agreed_at] + [
        TouchFact(agreed_at, Channel.CALL, Direction.OUTBOUND, Goal.SELL_MEETING, Outcome.AGREED_TO_MEET, meeting_on),
        TouchFact(answered_at, Channel.CALL, Direction.OUTBOUND, Goal.PRESENT, answer, continue_on),
    ]
    return client, history, orders, team, now


def _agreed_meetings(contacts: list[PlannedContact]) -> list[PlannedContact]:
    return [c for c in contacts if any(r.code == "agreed_meeting" for r in c.reasons)]


@PROPERTY
@given(meeting_then_answer())
def test_cat3_annoy2_annoy4_a_later_answer_supersedes_an_agreed_meeting(case):
    client, touches, orders, team, now = case
    plan = plan_next(client, touches, orders, team, _today(client, now), now)
    assert not _agreed_meetings(plan), plan
    year = _planned_year(case)
    assert not _agreed_meetings(year), year


def test_cat3_the_agreed_date_stays_next_when_annoy1_pushes_the_keep_in_touch_call_past_it():
    """Found by the property above: a call a year ago, four on New Year's Eve and a refusal with a date three weeks
    on, under a cap of two calls in 30 days. ANNOY-1 moves SIX-1's keep-in-touch call to 31 January, past the agreed
    date: the day the client named (21 January, a Saturday, so Monday the 23rd) must still be planned, and be the
    next step."""
    client = ClientFacts(1, Category.NOW, "Europe/Moscow", "RU")
    team = replace(PlannerSettings(), work=WorkPattern(frozenset({0, 1, 2, 3, 4}), time(0), time(16)),
                   end_of_day_margin_minutes=0, max_outbound_per_30_days=2, pre_weekend_rule="day",
                   min_days_between_outbound=1, offer_interval_days=30, six_target=6)  # fmt: skip
    now = datetime(2023, 1, 1, tzinfo=UTC)
    new_year_eve = datetime(2022, 12, 31, 23, 58, tzinfo=UTC)
    a_year_ago = TouchFact(datetime(2022, 1, 20, 20, 59, tzinfo=UTC), Channel.CALL, Direction.OUTBOUND,
                           Goal.IDENTIFY_NEEDS, Outcome.REACHED)  # fmt: skip
    calls = [TouchFact(new_year_eve, Channel.CALL, Direction.OUTBOUND, Goal.IDENTIFY_NEEDS, Outcome.REACHED)] * 4
    calls.append(a_year_ago)
    refusal = TouchFact(new_year_eve + timedelta(minutes=1), Channel.CALL, Direction.OUTBOUND, Goal.PRESENT,
                        Outcome.REFUSED, date(2023, 1, 21))  # fmt: skip
    case = (client, [*calls, refusal], [], team, now)
    plan = plan_next(client, [*calls, refusal], [], team, _today(client, now), now)
    [step] = [contact for contact in plan if contact.is_next_step]
    assert step.due_date == date(2023, 1, 23)
    assert len(_on_the_agreed_date(_planned_year(case), date(2023, 1, 23))) == 1


@PROPERTY
@given(cases(CALM_OUTCOMES + ANNOYED_OUTCOMES))
def test_cat5_no_next_step_is_a_meeting_whose_day_has_passed(case):
    client, touches, orders, team, now = case
    today = _today(client, now)
    for contact in _agreed_meetings(plan_next(client, touches, orders, team, today, now)):
        agreed_on = contact.reasons[0].day
        assert agreed_on is not None, contact
        assert agreed_on >= today, contact


@st.composite
def refusal_with_an_agreed_date(draw: st.DrawFn) -> tuple:
    """A client says no and names a day to continue; nothing else happens after it."""
    client, touches, orders, team, now = draw(cases(CALM_OUTCOMES, paused=False))
    client = replace(client, preferred_call_time=None)  # TACT-6's own time may pick another day; not this property
    refused_at = now - timedelta(minutes=draw(st.integers(1, 20 * 24 * 60)))
    agreed = refused_at.date() + timedelta(days=draw(st.integers(21, 330)))
    history = [t for t in touches if t.at < refused_at] + [
        TouchFact(refused_at, Channel.CALL, Direction.OUTBOUND, Goal.PRESENT, Outcome.REFUSED, agreed)
    ]
    before = [order for order in orders if order.ordered_on < refused_at.date()]  # a later purchase moves on past it
    return (client, history, before, team, now), agreed


def _first_call_day(agreed: date, client: ClientFacts, team: PlannerSettings) -> date:
    """The nearest day on or after the agreed one that tact allows calls on, straight from the calendar."""
    workdays = (client.work or team.work).workdays
    day = agreed
    while not is_working_day(day, client.country, workdays) or (
        team.pre_weekend_rule == "day" and not is_working_day(day + timedelta(days=1), client.country, workdays)
    ):
        day += timedelta(days=1)
    return day


def _on_the_agreed_date(contacts: list[PlannedContact], day: date) -> list[PlannedContact]:
    return [c for c in contacts if c.due_date == day and c.goal not in (Goal.GREETING, Goal.THANK_YOU)]


@PROPERTY
@given(refusal_with_an_agreed_date())
def test_cat3_the_agreed_date_is_planned_and_in_the_forecast_whatever_six1_wants(case_and_day):
    case, agreed = case_and_day
    client, touches, orders, team, now = case
    today = _today(client, now)
    kept_on = _first_call_day(agreed, client, team)  # tact alone may move it, to the nearest allowed day
    plan = plan_next(client, touches, orders, team, today, now)
    assert len(_on_the_agreed_date(plan, kept_on)) == 1, plan
    assert [c.is_next_step for c in plan].count(True) == 1
    if (kept_on - today).days <= 365:
        assert len(_on_the_agreed_date(_planned_year(case), kept_on)) == 1, _planned_year(case)
