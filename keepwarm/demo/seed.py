"""Loading the demo dataset into an empty database; the `demo` command is a thin wrapper over demo_load."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from keepwarm.accounts.models import Team, User
from keepwarm.accounts.services import user_create
from keepwarm.clients.contacts import search_text
from keepwarm.clients.models import CategoryChange, Client, Order, Organization, Tag
from keepwarm.demo.data import Draft, build_clients, build_organizations
from keepwarm.demo.history import History, build_history
from keepwarm.demo.sales import build_sales
from keepwarm.flows.letters import courtesy_letters_prepare
from keepwarm.planner.backlog import overdue_backlog_spread
from keepwarm.planner.capacity import reasons_on
from keepwarm.planner.explain import reasons_from_json, reasons_json
from keepwarm.planner.inputs import calendar_facts, client_time_zone, settings_for_team
from keepwarm.planner.services import clients_replan
from keepwarm.planner.tact import TactCalendar
from keepwarm.planner.types import Reason
from keepwarm.touches.choices import Channel, PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch

DEMO_PASSWORD = "keepwarm-demo"  # documented in the command's help and printed after every run
TEAM_NAME = "Chișinău Sales"
BATCH = 500
OVERDUE_SHARE = 0.1


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    language: str
    first_name: str
    last_name: str


DEMO_USERS = (
    DemoUser("admin", User.Role.ADMIN, "en", "Alex", "Morgan"),
    DemoUser("lead", User.Role.LEAD, "ro", "Elena", "Țurcanu"),
    DemoUser("maria", User.Role.MANAGER, "ru", "Мария", "Козлова"),
    DemoUser("ion", User.Role.MANAGER, "ro", "Ion", "Ceban"),
)


@dataclass(frozen=True)
class DemoSummary:
    organizations: int
    clients: int
    touches: int
    orders: int
    planned: int
    categories: dict[str, int]
    letters: int


def database_is_empty() -> bool:
    """Empty enough for the demo: no clients, and nothing the demo would collide with."""
    usernames = [user.username for user in DEMO_USERS]
    return not (
        Client.objects.exists()
        or Team.objects.filter(name=TEAM_NAME).exists()
        or User.objects.filter(username__in=usernames).exists()
    )


def demo_is_loaded() -> bool:
    return Team.objects.filter(name=TEAM_NAME).exists()


def _validate(
    instances: list[Client] | list[Organization], zones: set[str], *, exclude: list[str], constraints: bool
) -> None:
    """full_clean minus the time-zone validator, which lists every zone on disk per call (~7 ms)."""
    for instance in instances:
        instance.full_clean(exclude=["time_zone", *exclude], validate_unique=False, validate_constraints=constraints)
        if instance.time_zone and instance.time_zone not in zones:
            raise ValidationError({"time_zone": f"Unknown time zone: {instance.time_zone}"})


def _create_users(team: Team) -> dict[str, User]:
    return {
        spec.username: user_create(
            username=spec.username, password=DEMO_PASSWORD, role=spec.role,
            team=None if spec.role == User.Role.ADMIN else team, language=spec.language,
            time_zone="Europe/Chisinau", first_name=spec.first_name, last_name=spec.last_name,
            email=f"{spec.username}@keepwarm.example",
        )
        for spec in DEMO_USERS
    }  # fmt: skip


def _save_clients(drafts: list[Draft], team: Team, zones: set[str]) -> None:
    clients = [draft.client for draft in drafts]
    for client in clients:
        organization = client.organization.name if client.organization else ""
        client.search_text = search_text(
            names=(client.last_name, client.first_name, client.patronymic), phones=client.phones,
            emails=client.emails, organization=organization,
        )  # fmt: skip
    # Fields and validators are checked per client; the foreign keys point at rows made just above and the
    # check constraints are enforced by the database on insert, so those per-row queries are skipped.
    _validate(clients, zones, exclude=["interests", "referred_by", "owner", "organization"], constraints=False)
    Client.objects.bulk_create(clients, batch_size=BATCH)
    # bulk_create stamps created_at with "now"; the story needs clients known for up to two years.
    for draft in drafts:
        draft.client.created_at = draft.created_at
        draft.client.updated_at = max(filter(None, (draft.created_at, draft.client.last_touch_at)))
        if draft.referrer is not None:
            draft.client.referred_by = drafts[draft.referrer].client
    Client.objects.bulk_update(clients, ["created_at", "updated_at", "referred_by"], batch_size=BATCH)
    tags = {name: Tag(team=team, name=name) for name in sorted({n for draft in drafts for n in draft.interests})}
    Tag.objects.bulk_create(tags.values())
    Through = Client.interests.through
    Through.objects.bulk_create(
        [Through(client_id=d.client.pk, tag_id=tags[name].pk) for d in drafts for name in d.interests],
        batch_size=BATCH,
    )


def _save_history(histories: list[History]) -> None:
    touches = [touch for history in histories for touch in history.touches]
    orders = [order for history in histories for order in history.orders]
    Touch.objects.bulk_create(touches, batch_size=BATCH)
    Order.objects.bulk_create(orders, batch_size=BATCH)
    CategoryChange.objects.bulk_create([c for h in histories for c in h.changes], batch_size=BATCH)
    # Logged when they happened, not when the demo ran. By the saved clients' ids: PostgreSQL plans a join through
    # owners and teams badly on tables just filled (no statistics yet) and took minutes.
    client_ids = sorted({touch.client_id for touch in touches})
    Touch.objects.filter(client_id__in=client_ids).update(created_at=F("happened_at"))
    for order in orders:
        order.created_at = order.updated_at = dt.datetime.combine(order.ordered_on, dt.time(12), tzinfo=dt.UTC)
    Order.objects.bulk_update(orders, ["created_at", "updated_at"], batch_size=BATCH)


def _open_days_back(calendar: TactCalendar, day: dt.date, count: int) -> dt.date:
    """`count` days before `day` that the client's calendar leaves open for the step (TACT-1..5)."""
    while count:
        day -= dt.timedelta(days=1)
        count -= bool(calendar.day(day)[1])
    return day


def _missed_on(step: PlannedTouch, day: dt.date, reasons: tuple[Reason, ...]) -> bool:
    """Whether the step could have been due on `day`: nothing happened with its client since (a contact would have
    done it), and none of the reasons that still hold names a later day (an agreed date, a purchase)."""
    client = step.client
    zone = zoneinfo.ZoneInfo(client_time_zone(client))
    if client.created_at.astimezone(zone).date() > day:
        return False
    if client.last_touch_at is not None and client.last_touch_at.astimezone(zone).date() >= day:
        return False
    return all(reason.day is None or reason.day <= day for reason in reasons)


def _make_some_overdue(rng: random.Random, team: Team, now: dt.datetime) -> None:
    """Data only: the planner never plans in the past, so some missed steps give "Today" work (they stay put).

    Each is moved to an open day it could have been missed on, explained as the planner explains a step on that
    day: the reasons that still hold there (capacity.reasons_on), not the days skipped to reach its later one."""
    settings = settings_for_team(team)
    steps = list(
        PlannedTouch.objects.filter(client__owner__team=team, status=PlanStatus.OPEN, is_next_step=True)
        .select_related("client__organization")
        .order_by("pk")
    )
    wanted = round(len(steps) * OVERDUE_SHARE)
    chosen: list[PlannedTouch] = []
    for step in rng.sample(steps, len(steps)):
        if len(chosen) == wanted:
            break
        calendar = TactCalendar(calendar_facts(step.client, settings), settings, calls=step.channel == Channel.CALL)
        zone = zoneinfo.ZoneInfo(client_time_zone(step.client))
        day = _open_days_back(calendar, now.astimezone(zone).date(), rng.randint(1, 4))
        reasons = reasons_on(reasons_from_json(step.explanation), day, client_choice=step.client_choice)
        if not _missed_on(step, day, reasons):
            continue
        step.due_date, step.explanation = day, reasons_json(reasons)
        if step.due_at is not None:  # same local time, earlier day
            local = step.due_at.astimezone(zone)
            step.due_at = dt.datetime.combine(day, local.time(), tzinfo=zone).astimezone(dt.UTC)
        chosen.append(step)
    PlannedTouch.objects.bulk_update(chosen, ["due_date", "due_at", "explanation"], batch_size=BATCH)


@transaction.atomic
def demo_load(*, seed: int, clients: int, organizations: int, now: dt.datetime | None = None) -> DemoSummary:
    """Team, users and organizations are validated one by one; clients and their history go in bulk.

    The derived fields the services keep (CAT-6, last_touch_at) come from history.py; the open next step
    (CAT-5), greetings and thank-you letters come from the real planner, run over the saved history.
    """
    rng = random.Random(seed)
    now = now or timezone.now()
    zones = zoneinfo.available_timezones()
    team = Team(name=TEAM_NAME, country="MD", time_zone="Europe/Chisinau")
    team.full_clean()
    team.save()
    users = _create_users(team)
    language = users["lead"].language  # the team's content is in its lead's language (LANG-1)
    orgs = build_organizations(rng, team=team, count=organizations, today=now.date(), team_language=language)
    _validate(orgs, zones, exclude=[], constraints=True)
    Organization.objects.bulk_create(orgs, batch_size=BATCH)
    drafts = build_clients(rng, owners=users, organizations=orgs, count=clients, now=now, team_language=language)
    histories = [build_history(rng, draft, now=now) for draft in drafts]
    # Bulk, because ~10,000 history rows through the per-touch services would take minutes on `make run`.
    _save_clients(drafts, team, zones)
    _save_history(histories)
    clients_replan(clients=Client.objects.filter(owner__team=team), now=now)
    _make_some_overdue(rng, team, now)
    for user in users.values():  # PLAN-1: what Today cannot hold moves on to the next working days
        overdue_backlog_spread(owner=user, now=now)
    first_seen: dict[int, dt.datetime] = {}
    for draft in drafts:
        org = draft.client.organization
        if org is not None:
            first_seen[org.pk] = min(first_seen.get(org.pk, draft.created_at), draft.created_at)
    for org in orgs:
        org.created_at = org.updated_at = first_seen.get(org.pk, now) - dt.timedelta(days=rng.randint(0, 30))
    Organization.objects.bulk_update(orgs, ["created_at", "updated_at"], batch_size=BATCH)
    build_sales(rng, team=team, users=users, today=now.date())
    # LET-1, POST-5: the coming day's thank-yous and greetings wait for approval, as the nightly run leaves them.
    letters = courtesy_letters_prepare(now=now)
    return DemoSummary(
        organizations=len(orgs),
        clients=len(drafts),
        touches=sum(len(h.touches) for h in histories),
        orders=sum(len(h.orders) for h in histories),
        planned=PlannedTouch.objects.filter(client__owner__team=team).count(),
        categories=dict(Counter(draft.client.category for draft in drafts)),
        letters=letters,
    )
