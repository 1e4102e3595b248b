"""The scorecard and profile API: field errors on bad input, OWN-1 404s."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def test_qual1_scorecard_groups_indicators_by_stage_with_deal_stages(alice):
    client = make_client(alice)
    body = api_as(alice).get(f"/api/clients/{client.pk}/scorecard/").json()
    assert [stage["stage"] for stage in body["stages"]] == ["identification", "contact", "research", "recommendations"]
    assert sum(len(stage["indicators"]) for stage in body["stages"]) == 21
    assert body["stages"][0]["deal_stages"] == ["search_evaluation"]
    assert body["verdict"] == "fit"


def test_qual3_mark_unmark_and_field_errors(alice):
    client = make_client(alice)
    api = api_as(alice)
    url = f"/api/clients/{client.pk}/scorecard/marks/"
    today = timezone.localdate().isoformat()
    bad = api.post(url, {"number": 3, "marked_on": today, "evidence": "x"}, format="json")
    assert bad.status_code == 400
    assert "number" in bad.json()
    missing = api.post(url, {"number": 7}, format="json")
    assert missing.status_code == 400
    assert {"marked_on", "evidence"} <= set(missing.json())
    ok = api.post(url, {"number": 7, "marked_on": today, "evidence": "shouted at us"}, format="json")
    assert ok.status_code == 201
    contact = ok.json()["stages"][1]["indicators"][0]
    assert contact["marked"]
    assert contact["evidence"] == "shouted at us"
    assert api.delete(f"{url}7/").status_code == 200
    assert api.delete(f"{url}7/").status_code == 400


def test_qual4_confirm_refused_unless_suggested(alice):
    client = make_client(alice)
    answer = api_as(alice).post(
        f"/api/clients/{client.pk}/scorecard/confirm-disqualification/", {"reason": "no"}, format="json"
    )
    assert answer.status_code == 400


def test_own1_scorecard_api_answers_404_to_other_managers(alice, bob, carol):
    client = make_client(alice)
    for user in (bob, carol):
        api = api_as(user)
        assert api.get(f"/api/clients/{client.pk}/scorecard/").status_code == 404
        marks = api.post(f"/api/clients/{client.pk}/scorecard/marks/", {}, format="json")
        assert marks.status_code == 404
        confirm = api.post(f"/api/clients/{client.pk}/scorecard/confirm-disqualification/", {"reason": "x"})
        assert confirm.status_code == 404


def test_qual2_profile_api_for_leads_only(alice, lena):
    assert api_as(alice).get("/api/team/profile/").status_code == 403
    api = api_as(lena)
    answer = api.patch("/api/team/profile/", {"employees_min": 10, "countries": ["md"]}, format="json")
    assert answer.status_code == 200
    assert answer.json()["countries"] == ["MD"]
    bad = api.patch("/api/team/profile/", {"employees_min": 900, "employees_max": 10}, format="json")
    assert bad.status_code == 400
