"""What the planner reads from the database: settings, a client's facts and history as plain data (plan_inputs),
and what the pure planner makes of them without saving anything (the forecast, the hang-up warning)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields
from zoneinfo import ZoneInfo

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Min, Q
from django.utils import timezone

from keepwarm.accounts.models import Team
from keepwarm.clients.contacts import country_time_zone
from keepwarm.clients.models import Client, Order, Organization
from keepwarm.core.statements import Statement
from keepwarm.planner import explain, rules, tact
from keepwarm.planner.models import TeamPlannerSettings
from keepwarm.planner.requests import NO_SLOT_MESSAGE
from keepwarm.planner.types import ClientFacts, OrderFact, PlannedContact, PlannerSettings, TouchFact, WorkPattern
from keepwarm.touches.choices import COURTESY_GOALS, Outcome, PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch

# The rules look back at most a year (SIX-1) plus the longest window that counts history (ANNOY-2, POST-4).
HISTORY_DAYS = 400


def _workdays(digits: str) -> frozenset[int]:
    return frozenset(int(digit) - 1 for digit in digits)


WORK_FIELDS = ("work_start", "work_end", "lunch_start", "lunch_end", "workdays")


@dataclass(frozen=True, slots=True)
class OrganizationCalendar:
    """An organization's calendar columns as plain values (a list's rows read with `.values()`)."""

    id: int
    time_zone: str
    country: str
    work_start: dt.time | None
    work_end: dt.time | None
    lunch_start: dt.time | None
    lunch_end: dt.time | None
    workdays: str


@dataclass(frozen=True, slots=True)
class ClientCalendar:
    """A client's calendar columns (CALENDAR_FIELDS) as plain values: building a model row for each of a day's
    hundreds of agenda rows cost more than the good-moment checks themselves (issue 15)."""

    id: int
    category: str
    time_zone: str
    country: str
    preferred_call_time: dt.time | None
    organization: OrganizationCalendar | None
    work_start: dt.time | None
    work_end: dt.time | None
    lunch_start: dt.time | None
    lunch_end: dt.time | None
    workdays: str

    @property
    def pk(self) -> int:
        return self.id


# The columns calendar_facts reads, so lists of many clients can load just these (`.only()`, `.values()`).
CALENDAR_FIELDS = tuple(field.name for field in dataclass_fields(ClientCalendar))
ORGANIZATION_CALENDAR_FIELDS = tuple(field.name for field in dataclass_fields(OrganizationCalendar))
CalendarSource = Client | ClientCalendar


def team_settings_row(team: Team) -> TeamPlannerSettings:
    row, _ = TeamPlannerSettings.objects.get_or_create(team=team)
    return row


def planner_settings(row: TeamPlannerSettings) -> PlannerSettings:
    return PlannerSettings(
        work=WorkPattern(
            workdays=_workdays(row.workdays),
            start=row.work_start,
            end=row.work_end,
            lunch_start=row.lunch_start,
            lunch_end=row.lunch_end,
        ),
        end_of_day_margin_minutes=row.end_of_day_margin_minutes,
        pre_weekend_rule=row.pre_weekend_rule,
        pre_weekend_afternoon_from=row.pre_weekend_afternoon_from,
        min_days_between_outbound=row.min_days_between_outbound,
        max_outbound_per_30_days=row.max_outbound_per_30_days,
        six_target=row.six_target,
        hangup_window_days=row.hangup_window_days,
        refusals_to_pause=row.refusals_to_pause,
        competitor_default_months=row.competitor_default_months,
        post_sale_unsuitable_working_days=row.post_sale_unsuitable_working_days,
        offer_interval_days=row.offer_interval_days,
        passive_days=row.passive_days,
        greeting_holidays=frozenset(row.greeting_holidays),
        greet_org_anniversary=row.greet_org_anniversary,
        call_minutes=row.call_minutes,
        daily_capacity=row.daily_capacity,
    )


def settings_for_team(team: Team | None) -> PlannerSettings:
    return planner_settings(team_settings_row(team)) if team is not None else PlannerSettings()


def settings_read_with(team: Team | None) -> PlannerSettings:
    """The team's settings from the row its caller read with it just now (the card and the year plan read the
    client with select_related("owner__team__planner_settings"), a query less each); read now if it did not."""
    if team is None:
        return PlannerSettings()
    try:
        row = team.planner_settings
    except TeamPlannerSettings.DoesNotExist:  # none saved yet: settings_for_team makes it
        return settings_for_team(team)
    return planner_settings(row)


def settings_by_team_id(team_ids: set[int | None]) -> dict[int | None, PlannerSettings]:
    """Settings for several teams in one query (teams without a settings row get the METHOD defaults)."""
    known = [team_id for team_id in team_ids if team_id is not None]
    rows: dict[int | None, PlannerSettings] = {
        row.team_id: planner_settings(row) for row in TeamPlannerSettings.objects.filter(team_id__in=known)
    }
    return {team_id: rows.get(team_id, PlannerSettings()) for team_id in team_ids}


def _work_override(
    source: Client | Organization | ClientCalendar | OrganizationCalendar, default: WorkPattern
) -> WorkPattern | None:
    if not (source.work_start or source.work_end or source.workdays or source.lunch_start):
        return None
    return WorkPattern(
        workdays=_workdays(source.workdays) if source.workdays else default.workdays,
        start=source.work_start or default.start,
        end=source.work_end or default.end,
        lunch_start=source.lunch_start or default.lunch_start,
        lunch_end=source.lunch_end or default.lunch_end,
    )


def own_hours(team: Team, default: WorkPattern) -> Iterable[tuple[str, WorkPattern | None]]:
    """Each distinct set of own working hours among the team's organizations and clients (TACT-1/2 overrides,
    completed from `default`, the team's), with one name that has it: the team's rules must leave each of them
    time to call."""
    own = ~Q(workdays="") | Q(work_start__isnull=False) | Q(work_end__isnull=False) | Q(lunch_start__isnull=False)
    sources = (
        Organization.objects.filter(own, team=team).values(*WORK_FIELDS).annotate(example=Min("name")),
        Client.objects.filter(own, owner__team=team).values(*WORK_FIELDS).annotate(example=Min("last_name")),
    )
    for source in sources:
        for row in source.order_by():
            hours = OrganizationCalendar(0, "UTC", team.country, **{name: row[name] for name in WORK_FIELDS})
            yield row["example"], _work_override(hours, default)


def client_country(client: CalendarSource) -> str:
    organization = client.organization
    return client.country or (organization.country if organization is not None else "")


def client_time_zone(client: CalendarSource) -> str:
    """TIME-1: the client's own zone, else the organization's, else the country's main zone."""
    organization = client.organization
    if organization is None:
        return zone_of(client.time_zone, client.country, "", "")
    return zone_of(client.time_zone, client.country, organization.time_zone, organization.country)


def zone_of(
    time_zone: str | None, country: str | None, organization_zone: str | None, organization_country: str | None
) -> str:
    """client_time_zone from the four columns it reads (an organization's are None or "" without one)."""
    return time_zone or organization_zone or country_time_zone(country or organization_country or "")


def reevaluate_on(client: Client) -> dt.date | None:
    """QUAL-4: the re-evaluation date of a confirmed disqualification. One query unless the caller
    loaded it (select_related("qualification")), so bulk callers should."""
    try:
        qualification = client.qualification
    except ObjectDoesNotExist:
        return None
    return qualification.reevaluate_on if qualification.disqualified_confirmed_at is not None else None


def calendar_facts(client: CalendarSource, settings: PlannerSettings) -> ClientFacts:
    """Only what tact needs (zone, country, working hours, preferred time): "is now a good moment" on the card
    and the agenda reads no history, pauses or qualification."""
    organization = client.organization
    work = _work_override(client, settings.work)
    if work is None and organization is not None:
        work = _work_override(organization, settings.work)
    return ClientFacts(
        client_id=client.pk,
        category=client.category,
        time_zone=client_time_zone(client),
        country=client_country(client),
        work=work,
        preferred_call_time=client.preferred_call_time,
    )


def client_facts(client: Client, settings: PlannerSettings) -> ClientFacts:
    organization = client.organization
    disqualified_until = reevaluate_on(client)
    paused = [day for day in (client.sales_paused_until, disqualified_until) if day is not None]
    return replace(
        calendar_facts(client, settings),
        birthday=client.birthday,
        organization_founded=organization.founded_on if organization is not None else None,
        do_not_contact=client.do_not_contact,
        created_on=client.created_at.date() if client.created_at else None,
        sales_paused_until=max(paused, default=None),
        greetings_only=disqualified_until is not None,
        is_customer=client.last_order_on is not None,
    )


def touch_facts(touches: Iterable[Touch]) -> list[TouchFact]:
    return sorted(
        (
            TouchFact(
                at=touch.happened_at,
                channel=touch.channel,
                direction=touch.direction,
                goal=touch.goal,
                outcome=touch.outcome,
                continue_on=touch.continue_on,
            )
            for touch in touches
        ),
        key=lambda fact: fact.at,
    )


def order_facts(orders: Iterable[Order]) -> list[OrderFact]:
    return sorted((OrderFact(ordered_on=order.ordered_on) for order in orders), key=lambda fact: fact.ordered_on)


def history_since(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=HISTORY_DAYS)


@dataclass(frozen=True)
class PlanInputs:
    """A client's plain facts, history and settings as the pure planner takes them."""

    client: ClientFacts
    touches: list[TouchFact]
    orders: list[OrderFact]
    settings: PlannerSettings
    today: dt.date
    now: dt.datetime


def plan_inputs(
    client: Client,
    *,
    now: dt.datetime | None = None,
    settings: PlannerSettings | None = None,
    history: tuple[Iterable[Touch], Iterable[Order]] | None = None,
) -> PlanInputs:
    """Touches and orders prefetched by the caller (clients_replan) are used as they are; `history`: the client's
    touches (at least those since history_since) and orders, read by the caller."""
    now = now or timezone.now()
    settings = settings or settings_for_team(client.owner.team)
    known = client_facts(client, settings)
    since = history_since(now.date())
    touches, orders = history or (client.touches.all(), client.orders.all())
    return PlanInputs(
        client=known,
        touches=touch_facts(t for t in touches if t.happened_at.date() >= since),
        orders=order_facts(o for o in orders if o.ordered_on >= since),
        settings=settings,
        today=now.astimezone(ZoneInfo(known.time_zone)).date(),
        now=now,
    )


# The year plan's reads, built once (core.statements): building them cost the card's plan part more than
# planning the year did.
_TOUCHES_SINCE = Statement(
    lambda client, since: Touch.objects.filter(client_id=client, happened_at__gte=since), client=int, since=dt.datetime
)
_ORDERS = Statement(lambda client: Order.objects.filter(client_id=client), client=int)
_OPEN_PLANS = Statement(
    lambda client: PlannedTouch.objects.filter(client_id=client, status=PlanStatus.OPEN).order_by("due_date", "pk"),
    client=int,
)


def client_forecast(client: Client, *, days: int, settings: PlannerSettings | None = None) -> list[PlannedContact]:
    """What the planner would plan over `days` if nothing else happened (shown on the card and the API): the open
    planned contacts as they stand (a moved step, a manager's pick), then what would follow them."""
    now = timezone.now()
    # from the day before history_since in UTC: plan_inputs keeps those since then by their UTC date
    since = dt.datetime.combine(history_since(now.date()) - dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    history = (_TOUCHES_SINCE.rows(client=client.pk, since=since), _ORDERS.rows(client=client.pk))
    given = plan_inputs(client, now=now, settings=settings, history=history)
    planned = [_contact_of(row, given.client.time_zone) for row in _OPEN_PLANS.rows(client=client.pk)]
    try:
        return rules.forecast(
            given.client, given.touches, given.orders, given.settings, given.today, given.now, days, planned
        )
    except tact.NoAllowedSlotError:
        # The client's own or its organization's hours, under rules changed since, close every day.
        raise ValidationError(NO_SLOT_MESSAGE, code="no_allowed_slot") from None


def _contact_of(row: PlannedTouch, time_zone: str) -> PlannedContact:
    return PlannedContact(
        due_date=row.due_date,
        window_start=row.window_start or dt.time(0),
        window_end=row.window_end or row.window_start or dt.time(0),
        time_zone=time_zone,
        channel=row.channel,
        goal=row.goal,
        kind=row.kind,
        is_next_step=row.is_next_step,
        client_choice=row.client_choice,
        reasons=tuple(explain.reasons_from_json(row.explanation or [])),
    )


def hangup_warning(
    client: Client,
    *,
    now: dt.datetime | None = None,
    touches: Iterable[Touch] | None = None,
    settings: PlannerSettings | None = None,
) -> dt.date | None:
    """ANNOY-2 for the card: the latest hang-up's day when the client hung up twice within the team's window.

    Asked of the planner's own cadence rule (which touches count, the window, the client's day), so the card warns
    exactly when the plan slows down. `touches`: every touch of the client since HISTORY_DAYS, when the caller
    has them (the card's timeline), are counted instead of read."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=HISTORY_DAYS + 1)
    if touches is not None:
        counted = [touch for touch in touches if touch.happened_at >= since and _counts_as_hangup(touch)]
        enough = len(counted) >= 2
    else:
        hangups = client.touches.filter(outcome=Outcome.HUNG_UP, happened_at__gte=since)
        enough = hangups.exclude(goal__in=COURTESY_GOALS)[:2].count() == 2
    if not enough:  # one cheap read (or none) spares most cards the planner's four
        return None
    given = plan_inputs(client, now=now, settings=settings)
    return rules.hangups_slowing_down(given.client, given.touches, given.orders, given.settings, given.today)


def _counts_as_hangup(touch: Touch) -> bool:
    return touch.outcome == Outcome.HUNG_UP and touch.goal not in COURTESY_GOALS
