"""Admin pages for qualification and the ladder: scoped (OWN-1), writes through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest

from keepwarm.ladder import services as ladder_services
from keepwarm.ladder.models import ClientLadder, LevelPrivileges
from keepwarm.qualification import services as qualification_services
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
def test_own1_admin_lists_render_for_managers_leads_and_admins(web, alice, lena, root, path):
    for user in (alice, lena, root):
        assert web(user).get(f"/admin/{path}/").status_code == 200


def test_own1_admin_rows_of_other_teams_answer_404(web, alice, carol):
    client = make_client(alice)
    ladder_services.ladder_update(client=client, by=alice, satisfied=True)
    row = ClientLadder.objects.get(client=client)
    assert web(carol).get(f"/admin/ladder/clientladder/{row.pk}/change/").status_code == 404
    answer = web(alice).post(f"/admin/ladder/clientladder/{row.pk}/change/", {"prospect_behaviour": "silent"})
    assert answer.status_code == 302
    row.refresh_from_db()
    assert row.prospect_behaviour == "silent"
    assert not row.satisfied


def test_lad5_admin_privileges_go_through_the_service(web, lena, alice):
    data = {
        "team": lena.team_id,
        "level": 2,
        "discount_pct": "6",
        "payment_terms_days": "10",
        "service_priority": "high",
    }
    assert web(alice).post("/admin/ladder/levelprivileges/add/", data).status_code == 200  # refused on the form
    assert not LevelPrivileges.objects.exists()
    assert web(lena).post("/admin/ladder/levelprivileges/add/", data).status_code == 302
    assert LevelPrivileges.objects.get().discount_pct == Decimal(6)
    qualification_services.profile_update(team=lena.team, by=lena, employees_max=10)
    assert web(lena).get("/admin/qualification/idealcustomerprofile/").status_code == 200
