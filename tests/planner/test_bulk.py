"""The bulk planner of imports (planner/bulk.py) against planning each client on its own: the same next step
(CAT-5), spread the same way by capacity (PLAN-1), the same courtesy touches (POST-5) and agreed dates (CAT-3),
whatever the clients share, batch after batch."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from keepwarm.clients.choices import Category
from keepwarm.planner import capacity, rules, tact
from keepwarm.planner.bulk import NewClient, NewClientsPlanner, Planned
from keepwarm.planner.services import revisit_contact
from keepwarm.planner.types import ClientFacts, OrderFact, PlannedContact, PlannerSettings, TouchFact
from keepwarm.touches.choices import COURTESY_GOALS, Channel, Direction, Goal, Outcome
from tests.planner.personas import SETTINGS
from tests.planner.test_rules_properties import COUNTRIES, PROPERTY, ZONES, team_settings, work_patterns

OWNERS = (1, 2, 3)


@st.composite
def shared_facts(draw: st.DrawFn) -> ClientFacts:
    return ClientFacts(
        client_id=0,
        category=draw(st.sampled_from([Category.NOW, Category.FUTURE, Category.NEVER])),
        time_zone=draw(st.sampled_from(ZONES)),
        country=draw(st.sampled_from(COUNTRIES)),
        work=draw(st.none() | work_patterns()),
        preferred_call_time=draw(st.none() | st.just(time(16, 30))),
        birthday=draw(st.none() | st.dates(date(1960, 1, 1), date(2000, 12, 31))),
        created_on=date(2026, 3, 1),
        is_customer=draw(st.booleans()),
    )


@st.composite
def histories(draw: st.DrawFn) -> tuple[tuple[TouchFact, ...], tuple[OrderFact, ...]]:
    """What an import gives (a reached call, an order) and more: a refusal with an agreed date (CAT-3)."""
    touches = []
    if draw(st.booleans()):
        at = datetime(2026, 3, 1, 12, tzinfo=ZoneInfo("Europe/Chisinau")) - timedelta(days=draw(st.integers(0, 390)))
        touches.append(TouchFact(at, Channel.CALL, Direction.OUTBOUND, Goal.GATHER_INFO, Outcome.REACHED))
    if draw(st.booleans()):
        at = datetime(2026, 2, 20, 10, tzinfo=ZoneInfo("UTC")) - timedelta(days=draw(st.integers(0, 60)))
        agreed = at.date() + timedelta(days=draw(st.integers(5, 120)))
        touches.append(TouchFact(at, Channel.CALL, Direction.OUTBOUND, Goal.PRESENT, Outcome.REFUSED, agreed))
    orders = (OrderFact(date(2026, 2, 1) - timedelta(days=draw(st.integers(0, 300)))),) if draw(st.booleans()) else ()
    return tuple(sorted(touches, key=lambda touch: touch.at)), orders


@st.composite
def imports(draw: st.DrawFn) -> tuple:
    """Batches of new clients drawn from a few shapes (as an import's rows share them), planned at moments a few
    minutes to a day apart, for owners with small capacities and some load already."""
    settings = draw(team_settings())
    shapes = draw(st.lists(st.tuples(shared_facts(), histories()), min_size=1, max_size=4))
    first = draw(st.datetimes(datetime(2026, 3, 1), datetime(2026, 3, 3), timezones=st.just(ZoneInfo("UTC"))))
    batches = []
    pk = 0
    for gap in draw(st.lists(st.sampled_from([0, 1, 7, 60 * 24]), min_size=1, max_size=3)):
        now = (batches[-1][0] if batches else first) + timedelta(minutes=gap)
        clients = []
        for _ in range(draw(st.integers(1, 12))):
            pk += 1
            facts, (touches, orders) = draw(st.sampled_from(shapes))
            clients.append(NewClient(pk, draw(st.sampled_from(OWNERS)), facts, touches, orders))
        batches.append((now, clients))
    capacities = {owner: draw(st.integers(1, 3)) for owner in OWNERS}
    loads = {owner: Counter({first.date() + timedelta(days=draw(st.integers(0, 20))): 1}) for owner in OWNERS}
    return settings, batches, capacities, loads


def one_by_one(client: NewClient, settings: PlannerSettings, loads: dict, capacities: dict, since: date,
               now: datetime) -> list[PlannedContact] | None:  # fmt: skip
    """client_replan's way for a client with no step yet: plan_next, then workload.spread_next_step."""
    facts = client.facts
    today = now.astimezone(ZoneInfo(facts.time_zone)).date()
    try:
        plan = rules.plan_next(facts, list(client.touches), list(client.orders), settings, today, now)
    except tact.NoAllowedSlotError:
        return None
    wanted = next((contact for contact in plan if contact.is_next_step), None) or revisit_contact(facts, settings)
    load = loads[client.owner_id]
    wanted = capacity.spread(wanted, client=facts, settings=settings, load=load, capacity=capacities[client.owner_id],
                             today=today)  # fmt: skip
    if wanted.due_date >= since:
        load[wanted.due_date] += 1
    beside = [c for c in plan if not c.is_next_step and (c.goal in COURTESY_GOALS or c.due_date > wanted.due_date)]
    return [wanted, *beside]


@PROPERTY
@given(imports())
def test_cat5_plan1_bulk_planning_is_planning_each_client_on_its_own(case):
    settings, batches, capacities, loads = case
    since = batches[0][0].date() - timedelta(days=1)
    bulk_loads = {owner: Counter(load) for owner, load in loads.items()}
    planner = NewClientsPlanner(settings=settings, load_of=bulk_loads.__getitem__, since=since,
                                capacity_of=capacities.__getitem__)  # fmt: skip
    for now, clients in batches:
        planned, unplanned = planner.plan(clients, now)
        expected: list[Planned] = []
        expected_unplanned = []
        for client in clients:
            if client.facts.category == Category.NEVER:
                continue
            contacts = one_by_one(client, settings, loads, capacities, since, now)
            if contacts is None:
                expected_unplanned.append(client)
            else:
                expected += [Planned(client, contact) for contact in contacts]
        assert planned == expected
        assert unplanned == expected_unplanned
        assert bulk_loads == loads
        # CAT-5: one next step for every active client planned
        steps = Counter(p.client.pk for p in planned if p.contact.is_next_step)
        assert all(count == 1 for count in steps.values())


def test_plan1_a_large_import_into_one_owner_is_spread_over_as_many_days_as_it_needs() -> None:
    # 400 new clients alike, capacity 5: two weeks hold ~50; the rest go on past them, none piled onto one day, and
    # bulk planning is still planning each client on its own.
    settings = SETTINGS
    facts = ClientFacts(0, Category.FUTURE, "Europe/Chisinau", "MD", created_on=date(2026, 3, 1))
    clients = [NewClient(pk, 1, facts) for pk in range(1, 401)]
    now = datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("UTC"))
    since = now.date() - timedelta(days=1)
    bulk_load: Counter[date] = Counter()
    planner = NewClientsPlanner(settings=settings, load_of=lambda owner: bulk_load, since=since,
                                capacity_of=lambda owner: 5)  # fmt: skip
    planned, _ = planner.plan(clients, now)
    loads = {1: Counter()}
    expected = [contact for client in clients for contact in one_by_one(client, settings, loads, {1: 5}, since, now)]
    assert [p.contact for p in planned] == expected
    steps = [p.contact for p in planned if p.contact.is_next_step]
    assert len(steps) == 400
    days = Counter(step.due_date for step in steps)
    assert max(days.values()) <= 5
    assert len(days) >= 80


def test_cat5_import_facts_are_each_clients_own_whatever_its_organization_changes() -> None:
    """The import's facts memo (ImportPlanning.facts) must not hand one client the facts of another whose
    organization differs in anything inputs.client_facts reads (TIME-1 zone, working hours, founding date …)."""
    from keepwarm.clients.models import Client, Organization
    from keepwarm.planner import inputs, workload
    from keepwarm.planner.bulk import ImportPlanning

    settings = PlannerSettings()
    planning = ImportPlanning(settings=settings, loads=workload.OwnerLoads(date(2026, 3, 1)), owners={})
    row = {"category": Category.NOW, "created_at": datetime(2026, 3, 1, 9, tzinfo=ZoneInfo("UTC")), "country": ""}
    base = {"name": "Firma", "country": "MD", "time_zone": "", "founded_on": None}
    changes = [
        {}, {"country": "RO"}, {"time_zone": "Asia/Tokyo"}, {"founded_on": date(2001, 3, 5)},
        {"work_start": time(7)}, {"work_end": time(15)}, {"lunch_start": time(11), "lunch_end": time(12)},
        {"workdays": "1234"}, {"name": "Alta firma", "vertical": "retail", "employees": 40},
    ]  # fmt: skip
    for change in changes:
        organization = Organization(pk=1, **{**base, **change})
        client = Client(**row, organization=organization)
        Client.qualification.related.set_cached_value(client, None)
        expected = inputs.client_facts(client, settings)
        assert planning.facts(row, organization) == replace(expected, client_id=0), change
