"""The catalog, needs, deals, corporate and journal pages render, and hide other people's rows (OWN-1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client as WebClient

from keepwarm.catalog import services as catalog
from keepwarm.catalog.models import Event, ProductMatch
from keepwarm.deals import services as deals
from keepwarm.flows import catalog as catalog_flows
from keepwarm.journal import services as journal
from keepwarm.journal.models import JournalEntry
from keepwarm.needs import services as needs
from keepwarm.needs.models import Answer
from tests.factories import OrganizationFactory, make_client


def web(user) -> WebClient:
    browser = WebClient()
    browser.force_login(user)
    return browser


@pytest.fixture
def world(alice, lena, team):
    organization = OrganizationFactory(team=team)
    client = make_client(alice, organization=organization, interests=["logistics"])
    product = catalog_flows.product_create(by=lena, name="Fleet tracker", tags=["logistics"])
    event = catalog.event_create(by=lena, kind=Event.Kind.GIFT, title="Calendar", date=dt.date(2030, 1, 1))
    questionnaire = needs.questionnaire_create(by=lena, title="First call")
    question = needs.question_save(questionnaire=questionnaire, by=lena, text="Own trucks?", tags=["trucks"])
    deal = deals.deal_create(client=client, by=alice, title="Fleet deal")
    entry = journal.journal_create(by=alice, client=client, method="Showed savings")
    return locals()


def test_pages_render_for_the_owner(alice, lena, world):
    pages = [
        "/catalog/",
        f"/catalog/{world['product'].pk}/",
        "/catalog/events/",
        f"/catalog/events/{world['event'].pk}/",
        f"/clients/{world['client'].pk}/offers/",
        f"/clients/{world['client'].pk}/needs/",
        "/deals/",
        "/deals/new/",
        f"/organizations/{world['organization'].pk}/people/",
        "/corporate/grid/",
        "/journal/?q=savings",
        "/journal/new/",
        f"/journal/{world['entry'].pk}/edit/",
    ]
    for url in pages:
        response = web(alice).get(url)
        assert response.status_code == 200, url
    assert "Fleet tracker" in web(alice).get(f"/catalog/{world['product'].pk}/").content.decode()
    for url in ("/needs/templates/", f"/needs/templates/{world['questionnaire'].pk}/", "/catalog/new/"):
        assert web(lena).get(url).status_code == 200, url
    assert web(alice).get("/catalog/new/").status_code == 403


def test_own1_pages_hide_other_managers_rows(bob, carol, world):
    assert web(bob).get(f"/clients/{world['client'].pk}/needs/").status_code == 404
    assert web(bob).get(f"/clients/{world['client'].pk}/offers/").status_code == 404
    assert web(bob).get(f"/journal/{world['entry'].pk}/edit/").status_code == 404
    assert web(carol).get(f"/catalog/{world['product'].pk}/").status_code == 404
    assert web(carol).get(f"/organizations/{world['organization'].pk}/people/").status_code == 404
    assert "Fleet tracker" not in web(bob).get(f"/catalog/{world['product'].pk}/").content.decode().split("Matched")[1]


def test_need1_answers_saved_per_field_and_all_at_once(alice, world):
    client, questionnaire, question = world["client"], world["questionnaire"], world["question"]
    url = f"/clients/{client.pk}/needs/{questionnaire.pk}/answers/{question.pk}/"
    response = web(alice).post(url, {f"a-{question.pk}": "Yes, five"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "trucks" in response.content.decode()
    assert set(client.interests.values_list("name", flat=True)) == {"logistics", "trucks"}
    response = web(alice).post(f"/clients/{client.pk}/needs/", {f"a-{question.pk}": "No"})
    assert response.status_code == 302
    assert Answer.objects.get().text == "No"


def test_post7_sale1_jour1_actions_from_the_pages(alice, world):
    event, client = world["event"], world["client"]
    event.tags.set(world["product"].tags.all())
    response = web(alice).post(f"/catalog/events/{event.pk}/invite/{client.pk}/", HTTP_HX_REQUEST="true")
    assert "Invited" in response.content.decode()
    response = web(alice).post(f"/deals/{world['deal'].pk}/move/", {"stage": "presentation"})
    assert response.status_code == 302
    world["deal"].refresh_from_db()
    assert world["deal"].stage == "presentation"
    web(alice).post(f"/journal/{world['entry'].pk}/review/")
    assert JournalEntry.objects.get().reviewed_at is not None
    response = web(alice).post(
        f"/organizations/{world['organization'].pk}/people/", {"interest": "high", "capacity": "low"}
    )
    assert "Smaller package" in response.content.decode()
    assert "No decision-maker" in response.content.decode()
    assert ProductMatch.objects.count() == 1


def test_admin_pages_list_and_add(root, world):
    for model in (
        "catalog/product",
        "catalog/event",
        "catalog/productmatch",
        "needs/questionnaire",
        "needs/question",
        "needs/needsinterview",
        "deals/deal",
        "deals/organizationassessment",
        "journal/journalentry",
    ):
        assert web(root).get(f"/admin/{model}/").status_code == 200, model
        if model not in ("catalog/productmatch", "needs/needsinterview"):
            assert web(root).get(f"/admin/{model}/add/").status_code == 200, model
