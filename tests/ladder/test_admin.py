"""Admin pages for qualification and the ladder: the admins' alone (OWN-1), writes through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest

from keepwarm.flows import teams as team_flows
from keepwarm.ladder import services as ladder_services
from keepwarm.ladder.models import ClientLadder, LevelPrivileges
from tests.factories import make_client

pytestmark = pytest.mark.django_db

LISTS = [
    "qualification/idealcustomerprofile",
    "qualification/clientqualification",
    "qualification/indicatormark",
    "qualification/qualificationevent",
    "ladder/clientladder",
    "ladder/ladderchange",
    "ladder/levelprivileges",
    "ladder/privilegeoverride",
]


@pytest.mark.parametrize("path", LISTS)
def test_own1_admin_lists_render_for_admins_only(web, alice, lena, root, path):
    assert web(root).get(f"/admin/{path}/").status_code == 200
    for user in (alice, lena):
        assert web(user).get(f"/admin/{path}/")["Location"].startswith("/admin/login/")


def test_own1_an_admin_edits_a_ladder_a_manager_cannot(web, alice, root):
    client = make_client(alice)
    ladder_services.ladder_update(client=client, by=alice, satisfied=True)
    row = ClientLadder.objects.get(client=client)
    refused = web(alice).post(f"/admin/ladder/clientladder/{row.pk}/change/", {"prospect_behaviour": "silent"})
    assert refused["Location"].startswith("/admin/login/")
    row.refresh_from_db()
    assert row.prospect_behaviour != "silent"
    answer = web(root).post(f"/admin/ladder/clientladder/{row.pk}/change/", {"prospect_behaviour": "silent"})
    assert answer.status_code == 302
    row.refresh_from_db()
    assert row.prospect_behaviour == "silent"
    assert not row.satisfied


def test_lad5_admin_privileges_go_through_the_service(web, lena, root):
    data = {
        "team": lena.team_id,
        "level": 2,
        "discount_pct": "4",  # between the Prospect's 0 and the Conservative's 5 (LAD-5)
        "payment_terms_days": "10",
        "service_priority": "high",
    }
    refused = web(root).post("/admin/ladder/levelprivileges/add/", {**data, "level": 9})
    assert refused.status_code == 200  # refused on the form
    assert not LevelPrivileges.objects.exists()
    assert web(root).post("/admin/ladder/levelprivileges/add/", data).status_code == 302
    assert LevelPrivileges.objects.get().discount_pct == Decimal(4)
    team_flows.profile_update(team=lena.team, by=lena, employees_max=10)
    assert web(root).get("/admin/qualification/idealcustomerprofile/").status_code == 200
