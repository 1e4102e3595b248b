"""The planner's plain-data contract: the Django layer builds these from models, the pure core returns them.

Every number METHOD gives is a default of `PlannerSettings`, so a team can change it without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time


@dataclass(frozen=True)
class WorkPattern:
    """TACT-1/2: when the client works, in their own wall time (Monday=0)."""

    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    start: time = time(9)
    end: time = time(18)
    lunch_start: time | None = time(13)
    lunch_end: time | None = time(14)


@dataclass(frozen=True)
class PlannerSettings:
    """A team's settings; each default is the number METHOD gives for the rule named beside it."""

    work: WorkPattern = field(default_factory=WorkPattern)
    end_of_day_margin_minutes: int = 30  # TACT-3, clamped to at least 5 where used
    pre_weekend_rule: str = "day"  # TACT-4: "day" | "afternoon" | "off"
    pre_weekend_afternoon_from: time = time(12)
    min_days_between_outbound: int = 7  # ANNOY-1
    max_outbound_per_30_days: int = 2  # ANNOY-1
    six_target: int = 6  # SIX-1: contacts per rolling 365 days
    hangup_window_days: int = 90  # ANNOY-2
    refusals_to_pause: int = 3  # ANNOY-3
    competitor_default_months: int = 6  # ANNOY-4
    pause_default_months: int = 6  # ANNOY-3 without a recorded date; QUAL-4 re-evaluation
    post_sale_unsuitable_working_days: int = 2  # POST-1
    offer_interval_days: int = 45  # POST-2, clamped to 30..60 ("every 1-2 months") where used
    passive_days: int = 180  # POST-4
    thank_you_within_days: int = 30  # LET-1: a thank-you for an older purchase is no longer suggested
    greeting_holidays: frozenset[str] = frozenset({"new_year"})  # POST-5: keys of calendars.GREETING_KEYS
    greet_org_anniversary: bool = False  # POST-5
    call_minutes: int = 15  # TACT-6: calls are short; the length of a slot
    daily_capacity: int = 40  # PLAN-1: sales contacts a manager can make in a working day


@dataclass(frozen=True)
class ClientFacts:
    """What the planner knows about one client, already resolved (client -> organization -> country)."""

    client_id: int
    category: str  # keepwarm.clients.choices.Category
    time_zone: str  # IANA
    country: str  # ISO 3166 alpha-2, "" when unknown (then weekends only)
    work: WorkPattern | None = None  # client/organization override of the team default
    preferred_call_time: time | None = None  # TACT-6, client's local time
    birthday: date | None = None
    organization_founded: date | None = None
    do_not_contact: bool = False
    created_on: date | None = None
    sales_paused_until: date | None = None  # ANNOY-3 / ANNOY-4 / QUAL-4 re-evaluation
    greetings_only: bool = False  # QUAL-4 confirmed disqualification
    is_customer: bool = False  # has bought at least once (POST-2)


@dataclass(frozen=True)
class TouchFact:
    """A contact that happened; string values come from keepwarm.touches.choices."""

    at: datetime  # aware
    channel: str
    direction: str
    goal: str
    outcome: str
    continue_on: date | None = None  # refusal / re-purchase / first-use / agreed date


@dataclass(frozen=True)
class OrderFact:
    ordered_on: date


@dataclass(frozen=True, slots=True)  # slots: quicker to build, and a forecast builds these per contact
class Reason:
    """Why a slot was chosen or ruled out; structured so the UI can translate it (see explain.describe)."""

    rule: str  # "TACT-4", "SIX-1", ...
    code: str  # "pre_weekend", "lunch", "holiday", "rule_of_six", ...
    day: date | None = None
    detail: str = ""  # a holiday name, a moved-from time, ...


@dataclass(frozen=True, slots=True)  # slots: quicker to build, and a forecast builds these per contact
class Slot:
    """A place in the client's calendar: local day and the window of allowed call start times."""

    day: date
    window_start: time
    window_end: time
    client_choice: bool = False  # TACT-6/7: the client asked for this time, so it is kept as is
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True, slots=True)  # slots: quicker to build, and a forecast builds these per contact
class PlannedContact:
    """One planned touch in the client's local time; window_start..window_end are the allowed start times."""

    due_date: date
    window_start: time
    window_end: time
    time_zone: str
    channel: str
    goal: str
    kind: str  # keepwarm.touches.choices.PlanKind
    is_next_step: bool  # CAT-5: the one sales next step; courtesy touches are False
    client_choice: bool = False  # TACT-6/7
    reasons: tuple[Reason, ...] = ()
    annoy_exempt: bool = False  # ANNOY-1 does not apply: POST-1, or a date the client chose
    deadline: date | None = None  # the latest day that keeps its promise (SIX-1 rolling year, POST-1 urgency)
