"""The recycle bin and "forget this person" through the API and the services: who may (OWN-1), what a deleted
client leaves behind (nothing on any list or agenda), what a restore brings back (all history, CAT-5), purging."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client as Browser
from django.utils import timezone

from keepwarm.clients.models import Client, Organization
from keepwarm.clients.services import organization_create
from keepwarm.flows.recycle import bin_purge
from keepwarm.flows.touches import client_log_touch
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db
REACHED = {"channel": "call", "goal": "present", "outcome": "reached"}


def open_steps(client):
    return PlannedTouch.objects.filter(client_id=client.pk, status=PlanStatus.OPEN, is_next_step=True).count()


def test_own1_managers_cannot_delete_and_have_no_bin(alice):
    client = make_client(alice)
    assert api_as(alice).delete(f"/api/clients/{client.pk}/").status_code == 403
    assert api_as(alice).get("/api/recycle-bin/").status_code == 403
    assert Client.objects.filter(pk=client.pk).exists()


def test_own1_a_lead_deletes_only_the_teams_clients_and_sees_only_the_teams_bin(lena, alice, carol, root):
    ours, theirs = make_client(alice), make_client(carol)
    assert api_as(lena).delete(f"/api/clients/{theirs.pk}/").status_code == 404
    assert api_as(lena).delete(f"/api/clients/{ours.pk}/").status_code == 204
    assert api_as(root).delete(f"/api/clients/{theirs.pk}/").status_code == 204
    lead_bin = api_as(lena).get("/api/recycle-bin/").json()
    assert [row["id"] for row in lead_bin["clients"]] == [ours.pk]
    assert api_as(lena).post(f"/api/recycle-bin/clients/{theirs.pk}/restore/").status_code == 404
    assert {row["id"] for row in api_as(root).get("/api/recycle-bin/").json()["clients"]} == {ours.pk, theirs.pk}


def test_cat5_a_deleted_client_is_on_no_list_and_no_agenda(lena, alice):
    client = make_client(alice)
    client_log_touch(client=client, by=alice, **REACHED)
    assert api_as(lena).delete(f"/api/clients/{client.pk}/").status_code == 204
    assert api_as(alice).get(f"/api/clients/{client.pk}/").status_code == 404
    assert client.pk not in {row["id"] for row in api_as(alice).get("/api/clients/").json()["results"]}
    assert not PlannedTouch.objects.filter(client_id=client.pk, status=PlanStatus.OPEN).exists()
    agenda = api_as(alice).get("/api/agenda/?date=2099-01-01").json()
    assert agenda["overdue_total"] == 0


def test_cat5_restore_brings_back_all_history_and_exactly_one_next_step(lena, alice):
    client = make_client(alice)
    client_log_touch(client=client, by=alice, **REACHED)
    api_as(lena).delete(f"/api/clients/{client.pk}/")
    response = api_as(lena).post(f"/api/recycle-bin/clients/{client.pk}/restore/")
    assert response.status_code == 200, response.content
    assert response.json()["next_step"] is not None
    assert open_steps(client) == 1
    assert Touch.objects.filter(client_id=client.pk).count() == 1
    assert api_as(alice).get(f"/api/clients/{client.pk}/").status_code == 200


def test_own1_an_organization_goes_to_the_bin_with_its_people_and_comes_back_with_them(lena, alice):
    organization = organization_create(by=lena, team=lena.team, name="Vinăria Purcari")
    people = [make_client(alice, organization=organization, first_name=name) for name in ("Ana", "Dan")]
    alone = make_client(alice)
    assert api_as(lena).delete(f"/api/organizations/{organization.pk}/").status_code == 204
    assert not Client.objects.filter(pk__in=[p.pk for p in people]).exists()
    assert Client.objects.filter(pk=alone.pk).exists()
    assert api_as(alice).get(f"/api/organizations/{organization.pk}/").status_code == 404
    restored = api_as(lena).post(f"/api/recycle-bin/organizations/{organization.pk}/restore/")
    assert restored.status_code == 200, restored.content
    assert Client.objects.filter(pk__in=[p.pk for p in people]).count() == 2
    assert all(open_steps(person) == 1 for person in people)


def test_own1_restoring_after_thirty_days_is_refused_and_the_nightly_purge_deletes_for_good(lena, alice):
    client = make_client(alice)
    client_log_touch(client=client, by=alice, **REACHED)
    api_as(lena).delete(f"/api/clients/{client.pk}/")
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        refused = api_as(lena).post(f"/api/recycle-bin/clients/{client.pk}/restore/")
        assert refused.status_code == 400
        assert bin_purge() >= 1
    assert not Client.with_binned.filter(pk=client.pk).exists()
    assert not Touch.objects.filter(client_id=client.pk).exists()


def test_purge_keeps_what_is_younger_than_thirty_days(lena, alice):
    client = make_client(alice)
    api_as(lena).delete(f"/api/clients/{client.pk}/")
    with time_machine.travel(timezone.now() + dt.timedelta(days=29)):
        assert bin_purge() == 0
    assert Client.with_binned.filter(pk=client.pk).exists()


def test_cat2_forgetting_a_person_erases_personal_data_and_keeps_the_counts(lena, alice):
    client = make_client(alice, phones=["+37369123456"], emails=["ion@example.md"], notes="Likes wine")
    client_log_touch(client=client, by=alice, **REACHED, notes="Talked about his daughter")
    assert api_as(alice).post(f"/api/clients/{client.pk}/forget/").status_code == 403
    response = api_as(lena).post(f"/api/clients/{client.pk}/forget/")
    assert response.status_code == 200, response.content
    forgotten = Client.objects.get(pk=client.pk)
    assert (forgotten.last_name, forgotten.phones, forgotten.emails, forgotten.notes) == ("", [], [], "")
    assert "Popescu" not in forgotten.first_name
    assert (forgotten.category, forgotten.never_reason) == ("never", "gone")
    assert not PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN).exists()
    [touch] = Touch.objects.filter(client=client)
    assert (touch.outcome, touch.notes) == ("reached", "")
    assert api_as(lena).get("/api/clients/?q=popescu").json()["results"] == []
    assert api_as(lena).post(f"/api/clients/{client.pk}/forget/").status_code == 400


def test_a_binned_organization_is_not_offered_in_pickers(lena, alice):
    organization = organization_create(by=lena, team=lena.team, name="Moldcell")
    api_as(lena).delete(f"/api/organizations/{organization.pk}/")
    assert api_as(alice).get("/api/organizations/?q=moldcell").json()["results"] == []
    assert Organization.with_binned.filter(pk=organization.pk, deleted_at__isnull=False).exists()


def test_own1_the_card_deletes_and_the_bin_page_restores_for_a_lead_only(lena, alice):
    client = make_client(alice)
    manager, lead = Browser(), Browser()
    manager.force_login(alice)
    lead.force_login(lena)
    assert "/delete/" not in manager.get(f"/clients/{client.pk}/").content.decode()
    assert manager.get(f"/clients/{client.pk}/delete/").status_code == 403
    assert manager.get("/recycle-bin/").status_code == 403
    assert f"/clients/{client.pk}/delete/" in lead.get(f"/clients/{client.pk}/").content.decode()
    assert lead.get(f"/clients/{client.pk}/delete/").status_code == 200  # asks first
    assert Client.objects.filter(pk=client.pk).exists()
    assert lead.post(f"/clients/{client.pk}/delete/").status_code == 302
    assert manager.get(f"/clients/{client.pk}/").status_code == 404
    page = lead.get("/recycle-bin/").content.decode()
    assert client.full_name in page
    assert lead.post(f"/recycle-bin/clients/{client.pk}/restore/").status_code == 302
    assert manager.get(f"/clients/{client.pk}/").status_code == 200
    assert open_steps(client) == 1


def test_cat2_forgetting_from_the_card_asks_then_erases_and_a_second_time_is_a_message(lena, alice):
    client = make_client(alice, phones=["+37369123456"])
    lead = Browser()
    lead.force_login(lena)
    assert lead.get(f"/clients/{client.pk}/forget/").status_code == 200
    assert lead.post(f"/clients/{client.pk}/forget/").status_code == 302
    assert Client.objects.get(pk=client.pk).phones == []
    again = lead.post(f"/clients/{client.pk}/forget/", follow=True)
    assert again.status_code == 200
    assert [str(message) for message in again.context["messages"]]
