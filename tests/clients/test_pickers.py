"""Issue 9: owner pickers show managers by their full names (OWN-1 decides who is offered); the deal and journal
forms pick their client by search, within what the user may see (OWN-1), never from a select of every client."""

from __future__ import annotations

import re

import pytest

from keepwarm.accounts.models import User
from keepwarm.deals.models import Deal
from keepwarm.journal.models import JournalEntry
from tests.factories import UserFactory, make_client

pytestmark = pytest.mark.django_db


def options(body: str, name: str) -> dict[str, str]:
    """value -> label of the <option>s of the <select name=...> in a page."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
    assert select, f"no select {name}"
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))


@pytest.fixture
def maria(team) -> User:
    return UserFactory(username="m.rusu", team=team, first_name="Maria", last_name="Rusu")


@pytest.mark.parametrize("name", ["owner", "to_owner"])
def test_own1_the_list_filter_and_reassign_pickers_show_full_names(web, lena, maria, carol, name):
    make_client(maria)
    offered = options(web(lena).get("/clients/").content.decode(), name)
    assert offered[str(maria.pk)] == "Maria Rusu"
    assert "m.rusu" not in offered.values()
    assert str(carol.pk) not in offered  # another team's manager is never offered


def test_own1_the_new_client_form_offers_owners_by_full_name(web, lena, maria):
    offered = options(web(lena).get("/clients/new/").content.decode(), "owner")
    assert offered[str(maria.pk)] == "Maria Rusu"
    assert offered[str(lena.pk)] == "Lena"


DEAL = {"title": "Printers", "amount": "100", "currency": "EUR", "stage": "search_evaluation"}
ENTRY = {"method": "Showed the catalog"}


@pytest.mark.parametrize("url", ["/deals/new/", "/journal/new/"])
def test_the_deal_and_journal_forms_do_not_list_every_client(web, alice, url):
    for number in range(30):
        make_client(alice, first_name=f"Bulk{number:02d}", last_name="Client")
    body = web(alice).get(url).content.decode()
    assert "Bulk" not in body
    assert options(body, "client") == {"": "---------"}
    assert 'id="id_client_search"' in body
    assert 'hx-get="/clients/options/"' in body


@pytest.mark.parametrize("url", ["/deals/new/", "/journal/new/"])
def test_a_client_passed_to_the_form_is_shown_picked(web, alice, url):
    client = make_client(alice, first_name="Ana", last_name="Rusu")
    body = web(alice).get(url, {"client": client.pk}).content.decode()
    assert options(body, "client") == {"": "---------", str(client.pk): "Rusu Ana"}
    assert f'<option value="{client.pk}" selected>' in body
    assert f"/clients/options/?current={client.pk}" in body


def test_the_journal_edit_form_shows_the_saved_client(web, alice):
    client = make_client(alice, first_name="Ana", last_name="Rusu")
    web(alice).post("/journal/new/", {**ENTRY, "client": client.pk})
    entry = JournalEntry.objects.get()
    body = web(alice).get(f"/journal/{entry.pk}/edit/").content.decode()
    assert options(body, "client") == {"": "---------", str(client.pk): "Rusu Ana"}


def test_own1_the_client_picker_offers_only_clients_the_user_sees(web, alice, bob, lena, carol):
    mine = make_client(alice, first_name="Ana", last_name="Popescu")
    bobs = make_client(bob, first_name="Bogdan", last_name="Popescu")
    make_client(carol, first_name="Carla", last_name="Popescu")  # another team's

    def offered(user):
        body = web(user).get("/clients/options/", {"client_search": "popescu"}).content.decode()
        return set(re.findall(r'<option value="(\d+)"', body))

    assert offered(alice) == {str(mine.pk)}
    assert offered(lena) == {str(mine.pk), str(bobs.pk)}


def test_the_client_picker_finds_by_phone_and_caps_its_list(web, alice):
    wanted = make_client(alice, first_name="Ivan", last_name="Petrov", country="RU", phones=["+79853417791"])
    for number in range(25):
        make_client(alice, first_name=f"Bulk{number:02d}", last_name="Petrova")
    by_phone = web(alice).get("/clients/options/", {"client_search": "8 985 341-77-91"}).content.decode()
    assert f'<option value="{wanted.pk}" selected>Petrov Ivan</option>' in by_phone  # one match: picked
    many = web(alice).get("/clients/options/", {"client_search": "petrov"}).content.decode()
    assert many.count('<option value="') - many.count('<option value="" ') == 20
    assert "type more of the name" in many
    nothing = web(alice).get("/clients/options/", {"client_search": "zzz"}).content.decode()
    assert "No client matches" in nothing


def test_without_javascript_a_single_match_of_the_typed_search_is_the_deals_client(web, alice):
    wanted = make_client(alice, first_name="Ana", last_name="Rusu")
    make_client(alice, first_name="Ion", last_name="Popescu")
    assert web(alice).post("/deals/new/", {**DEAL, "client_search": "rusu"}).status_code == 302
    assert Deal.objects.get().client == wanted


def test_several_matches_are_an_error_on_the_client_with_them_to_pick_from(web, alice):
    first = make_client(alice, first_name="Ana", last_name="Rusu")
    second = make_client(alice, first_name="Maria", last_name="Rusu")
    response = web(alice).post("/journal/new/", {**ENTRY, "client_search": "rusu"})
    assert response.status_code == 200
    assert not JournalEntry.objects.exists()
    assert "Several clients match “rusu”" in response.content.decode()
    assert set(options(response.content.decode(), "client")) == {"", str(first.pk), str(second.pk)}
    picked = web(alice).post("/journal/new/", {**ENTRY, "client_search": "rusu", "client": second.pk})
    assert picked.status_code == 302
    assert JournalEntry.objects.get().client == second


@pytest.mark.parametrize(("url", "data"), [("/deals/new/", DEAL), ("/journal/new/", ENTRY)])
def test_own1_a_client_the_user_does_not_see_cannot_be_picked(web, alice, bob, url, data):
    bobs = make_client(bob, first_name="Bogdan", last_name="Popescu")
    by_pk = web(alice).post(url, {**data, "client": bobs.pk})
    assert by_pk.status_code == 200
    assert 'id="id_client_error"' in by_pk.content.decode()
    by_search = web(alice).post(url, {**data, "client_search": "bogdan"})
    assert by_search.status_code == 200
    assert "No client matches “bogdan”" in by_search.content.decode()
    assert not Deal.objects.exists()
    assert not JournalEntry.objects.exists()
