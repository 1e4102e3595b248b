"""QUAL-2..4 in bulk: a team rescored at once stores exactly what scoring each client alone from its facts gives."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.flows import teams as team_flows
from keepwarm.flows.touches import client_log_touch
from keepwarm.qualification import scorecards, scoring, services
from keepwarm.qualification.models import ClientQualification, IdealCustomerProfile, IndicatorMark
from keepwarm.touches.choices import Goal
from keepwarm.touches.models import Touch
from tests.factories import OrganizationFactory, UserFactory, make_client

pytestmark = pytest.mark.django_db

STORED = ("indicators", "computed", "reasons", "total", "verdict", "drivers")
ORGANIZATIONS = [
    {"employees": 5000, "vertical": "Mining", "country": "DE", "territory": "North"},
    {"employees": 120, "annual_revenue": Decimal("2500000.00"), "vertical": " logistics ", "territory": "south"},
    {"employees": 10, "annual_revenue": Decimal("50.50"), "vertical": "Retail", "country": "JP"},
    {"employees": None, "vertical": "", "country": "", "territory": ""},
    {"employees": 300, "vertical": "Wine making", "country": "US", "time_zone": "America/New_York"},
    {"employees": 40, "vertical": "LOGISTICS", "country": "RO", "time_zone": "Asia/Tokyo", "territory": "South"},
]


def expected(client: Client, now: dt.datetime) -> dict[str, object]:
    """The scorecard of one client from its own facts, straight from the pure rules (the oracle)."""
    today = timezone.localdate(now)
    team = client.owner.team
    icp = scorecards.profile(IdealCustomerProfile.objects.filter(team=team).first() if team else None, team, now)
    org = scorecards.organization_facts(client.organization, now)
    since = today - dt.timedelta(days=90)
    touches = list(Touch.objects.filter(client=client))
    meetings = [
        (t.happened_at.date(), t.outcome)
        for t in touches
        if t.outcome in scorecards.MEETING_CHANGES and timezone.localdate(t.happened_at) > since
    ]
    materials = [t.material.strip().casefold() for t in touches if t.material.strip()]
    computed = scoring.profile_indicators(org, icp) | scoring.touch_indicators(
        meetings, materials, today, scorecards.SETTINGS
    )
    marked = set(IndicatorMark.objects.filter(client=client, unmarked_at__isnull=True).values_list("number", flat=True))
    result = scoring.score(computed | marked, scorecards.SETTINGS)
    sends = Counter(materials)
    most = min(sends, key=lambda material: (-sends[material], material), default="")
    reasons = {
        **scorecards.profile_reasons(org, icp),
        "19": {"value": str(sum(1 for day, _ in meetings if since < day <= today)), "days": "90"},
        "21": {"value": most, "times": str(sends[most])},
    }
    return {
        "indicators": sorted(computed | marked),
        "computed": sorted(computed),
        "reasons": {str(n): reasons[str(n)] for n in sorted(computed)},
        "total": result.total,
        "verdict": result.verdict,
        "drivers": list(result.drivers),
    }


def stored(client: Client) -> dict[str, object]:
    return ClientQualification.objects.filter(client=client).values(*STORED).get()


@pytest.fixture
def varied(alice, bob, lena, carol) -> list[Client]:
    """Two teams (one without a profile), shared organizations, no organization, an admin owner without a team,
    marks, meetings in and out of the 90 days, materials sent up to five times in mixed case."""
    team_flows.profile_update(
        team=alice.team,
        by=lena,
        employees_min=50,
        employees_max=500,
        revenue_min=Decimal("100000"),
        revenue_max=Decimal("10000000"),
        target_verticals=["Logistics"],
        other_scheme_verticals=["mining", "Retail"],
        territories=["South"],
        countries=["md", "RO"],
        max_tz_offset_hours=Decimal("2.5"),
    )
    organizations = [OrganizationFactory(team=alice.team, **fields) for fields in ORGANIZATIONS]
    pairs = itertools.product([*organizations, None], (alice, bob, alice))
    clients = [make_client(owner, first_name=f"C{n}", organization=org) for n, (org, owner) in enumerate(pairs)]
    clients.append(make_client(carol, first_name="Other", organization=OrganizationFactory(team=carol.team)))
    teamless = UserFactory(username="dan", team=alice.team)
    clients.append(make_client(teamless, first_name="Teamless", organization=organizations[0]))
    User.objects.filter(pk=teamless.pk).update(team=None, role=User.Role.ADMIN)  # only admins go teamless

    today = timezone.localdate()
    for number in (7, 12, 13, 14):
        services.indicator_mark(client=clients[0], by=alice, number=number, marked_on=today, evidence="seen")
    services.indicator_mark(client=clients[4], by=bob, number=19, marked_on=today, evidence="seen")
    services.indicator_unmark(client=clients[4], by=bob, number=19)
    services.indicator_mark(client=clients[7], by=alice, number=19, marked_on=today, evidence="seen")
    recent, old = timezone.now() - dt.timedelta(days=3), timezone.now() - dt.timedelta(days=120)
    for client, outcome, at in [
        (clients[1], "meeting_cancelled", recent),
        (clients[1], "meeting_moved", recent),
        (clients[7], "meeting_moved", recent),
        (clients[7], "meeting_cancelled", recent),
        (clients[7], "meeting_moved", recent),
        (clients[9], "meeting_cancelled", recent),
        (clients[9], "meeting_moved", old),
    ]:
        client_log_touch(
            client=client, by=client.owner, channel="meeting", goal=Goal.PRESENT, outcome=outcome, happened_at=at
        )
    for client, materials in [
        (clients[2], ["Price list", "price list ", "PRICE LIST", "Price List", "Catalog"]),
        (clients[7], ["Deck", "deck", "Deck", "deck", "Terms", "terms", "Terms", "terms"]),  # a tie: "deck" is named
        (clients[10], ["Deck", "Deck", "Deck", "  "]),
    ]:
        for material in materials:
            client_log_touch(
                client=client, by=client.owner, channel="email", goal=Goal.OFFER, outcome="sent", material=material
            )
    return list(Client.objects.filter(pk__in=[client.pk for client in clients]).select_related("owner__team"))


def test_qual4_bulk_recompute_stores_what_each_client_alone_gives(varied, monkeypatch):
    monkeypatch.setattr(services, "BATCH", 4)  # organizations and profiles are shared across batches
    now = timezone.now()
    everyone = Client.objects.filter(pk__in=[client.pk for client in varied])
    assert services.scorecards_recompute(clients=everyone, now=now) == len(varied)
    assert len({tuple(stored(client)["computed"]) for client in varied}) >= 8  # varied enough to mean something
    for client in varied:
        assert stored(client) == expected(client, now), client.first_name


def test_qual4_one_client_at_a_time_stores_what_the_bulk_recompute_does(varied):
    services.scorecards_recompute(clients=varied)
    bulk = {client.pk: stored(client) for client in varied}
    for client in varied:
        services.scorecards_recompute(clients=[client])
        assert stored(client) == bulk[client.pk], client.first_name


def test_qual4_bulk_recompute_takes_a_query_that_repeats_clients(varied):
    repeated = Client.objects.filter(touches__material__gt="")  # one row per material sent
    assert repeated.count() > repeated.distinct().count()
    assert services.scorecards_recompute(clients=repeated) == repeated.distinct().count()


def test_qual4_recompute_moves_computed_at_even_when_nothing_changed(varied):
    """The card rescores a row older than today or than the facts it read (selectors._stale), and the API
    shows computed_at: an unchanged scorecard is still one computed now."""
    earlier = timezone.now() - dt.timedelta(days=1)
    services.scorecards_recompute(clients=varied, now=earlier)
    before = {client.pk: stored(client) for client in varied}
    later = timezone.now()
    services.scorecards_recompute(clients=varied, now=later)
    rows = ClientQualification.objects.filter(client__in=varied)
    assert {row.computed_at for row in rows} == {later}
    assert {row.client_id: {name: getattr(row, name) for name in STORED} for row in rows} == before
