"""The audit trail: an edited phone or note leaves its old value, who changed it, when and through which door;
shown on the card and in the API to those who may see the client (OWN-1), and forgotten with the person."""

from __future__ import annotations

import pytest
from django.test import Client as Browser

from keepwarm.audit.models import FieldChange
from keepwarm.clients.services import organization_create
from keepwarm.touches.selectors import open_next_step
from tests.conftest import api_as
from tests.factories import make_client, midweek

pytestmark = pytest.mark.django_db


def patch(user, client, **fields):
    response = api_as(user).patch(f"/api/clients/{client.pk}/", {**fields, "version": client.version}, format="json")
    assert response.status_code == 200, response.content
    client.refresh_from_db()
    return response


def test_an_edited_phone_and_note_keep_their_old_values_with_who_when_and_the_api_door(alice):
    client = make_client(alice, phones=["+37369111222"], notes="Calls back in the evening")
    patch(alice, client, phones=["069 333 444"], notes="Prefers mornings", first_name=client.first_name)
    changes = {change.field: change for change in FieldChange.objects.filter(client_id=client.pk)}
    assert set(changes) == {"phones", "notes"}  # the unchanged first name leaves no row
    assert (changes["phones"].old, changes["phones"].new) == (["+37369111222"], ["+37369333444"])
    assert (changes["notes"].old, changes["notes"].by, changes["notes"].source) == (
        "Calls back in the evening",
        alice,
        "api",
    )


def test_a_change_through_the_web_page_says_so_and_the_card_shows_it_in_the_readers_language(alice):
    client = make_client(alice, relationship_group="prospect")
    browser = Browser()
    browser.force_login(alice)
    alice.language = "en"
    alice.save(update_fields=["language"])
    form = browser.get(f"/clients/{client.pk}/edit/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and not isinstance(value, list)}
    data.update(relationship_group="distributor", version=client.version, phones="", emails="", interests="")
    response = browser.post(f"/clients/{client.pk}/edit/", data)
    assert response.status_code in (200, 302)
    [change] = FieldChange.objects.filter(client_id=client.pk, field="relationship_group")
    assert (change.old, change.new, change.source) == ("prospect", "distributor", "ui")
    section = browser.get(f"/clients/{client.pk}/changes/").content.decode()
    assert "Prospect" in section
    assert "Distributor" in section


def test_a_country_and_a_time_zone_changed_are_named_in_the_readers_language(alice):
    client = make_client(alice, country="RO", time_zone="")
    patch(alice, client, country="MD", time_zone="Asia/Novosibirsk", first_name=client.first_name)
    alice.language = "ru"
    alice.save(update_fields=["language"])
    browser = Browser()
    browser.force_login(alice)
    section = browser.get(f"/clients/{client.pk}/changes/").content.decode()
    assert "Румыния" in section
    assert "Молдова" in section
    assert "Россия — Новосибирск" in section
    assert "Asia/Novosibirsk" not in section


def test_own1_another_manager_sees_neither_the_trail_nor_the_section(alice, bob):
    client = make_client(alice, notes="a")
    patch(alice, client, notes="b")
    assert api_as(bob).get(f"/api/clients/{client.pk}/changes/").status_code == 404
    browser = Browser()
    browser.force_login(bob)
    assert browser.get(f"/clients/{client.pk}/changes/").status_code == 404
    rows = api_as(alice).get(f"/api/clients/{client.pk}/changes/").json()
    assert [(row["field"], row["old"], row["new"], row["through"]) for row in rows] == [("notes", "a", "b", "api")]


def test_organization_edits_and_planned_contact_moves_are_in_the_trail(lena, alice):
    organization = organization_create(by=lena, team=lena.team, name="Orange Moldova")
    response = api_as(lena).patch(
        f"/api/organizations/{organization.pk}/", {"name": "Orange MD", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    rows = api_as(alice).get(f"/api/organizations/{organization.pk}/changes/").json()
    assert [(row["field"], row["old"], row["new"]) for row in rows] == [("name", "Orange Moldova", "Orange MD")]

    client = make_client(alice)
    step = open_next_step(client)
    day = midweek(40)
    moved = api_as(alice).patch(f"/api/planned-touches/{step.pk}/", {"due_date": day.isoformat()}, format="json")
    assert moved.status_code == 200, moved.content
    [change] = FieldChange.objects.filter(client_id=client.pk, field="due_date")
    assert change.model == "touches.plannedtouch"
    assert (change.old, change.new) == (step.due_date.isoformat(), day.isoformat())


def test_forgetting_a_person_erases_the_old_values_in_the_trail(lena, alice):
    client = make_client(alice, phones=["+37369111222"])
    patch(alice, client, phones=["+37369333444"])
    assert FieldChange.objects.filter(client_id=client.pk).exists()
    assert api_as(lena).post(f"/api/clients/{client.pk}/forget/").status_code == 200
    assert not FieldChange.objects.filter(client_id=client.pk).exists()


def test_sale1_a_deal_moved_and_closed_is_in_its_clients_trail(alice):
    client = make_client(alice)
    deal = api_as(alice).post(
        "/api/deals/", {"client": client.pk, "title": "Fleet phones", "opened_on": "2026-11-02"}, format="json"
    )
    assert deal.status_code == 201, deal.content
    deal_id = deal.json()["id"]
    moved = api_as(alice).post(f"/api/deals/{deal_id}/move/", {"stage": "closing_support"}, format="json")
    assert moved.status_code == 200, moved.content
    closed = api_as(alice).post(f"/api/deals/{deal_id}/close/", {"won": True}, format="json")
    assert closed.status_code == 200, closed.content
    rows = api_as(alice).get(f"/api/clients/{client.pk}/changes/").json()
    fields = {(row["model"], row["field"], row["new"]) for row in rows}
    assert ("deals.deal", "stage", "closing_support") in fields
    assert ("deals.deal", "result", "won") in fields
