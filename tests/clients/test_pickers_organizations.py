"""Organizations: search that folds case and diacritics (Cyrillic on SQLite too), and the client form's picker
that scales to 10,000 organizations (issue 3) and stays within the user's team (OWN-1)."""

from __future__ import annotations

import pytest

from keepwarm.clients.models import Client
from keepwarm.clients.services import organization_create
from tests.factories import OrganizationFactory, make_client

pytestmark = pytest.mark.django_db

AGRO = "АО «АГРО-ПЛЮС»"


def client_form(**fields) -> dict:
    return {"first_name": "Maria", "language": "ro", "relationship_group": "prospect", "category": "future", **fields}


@pytest.mark.parametrize("typed", ["ао «агро-плюс»", "агро-плюс", "Агро", "ао агро"])
def test_organizations_page_finds_a_cyrillic_name_typed_in_another_case(web, alice, typed):
    organization_create(by=alice, name=AGRO)
    organization_create(by=alice, name="Moldtelecom SA")
    body = web(alice).get("/organizations/", {"q": typed}).content.decode()
    assert "АГРО-ПЛЮС" in body
    assert "Moldtelecom" not in body


def test_organizations_page_ignores_romanian_diacritics(web, alice):
    organization_create(by=alice, name="Țesătoria Ștefan SRL")
    assert "Țesătoria" in web(alice).get("/organizations/", {"q": "tesatoria stefan"}).content.decode()


def test_a_renamed_organization_is_found_by_its_new_name(web, alice):
    organization = organization_create(by=alice, name="Old name SRL")
    response = web(alice).post(
        f"/organizations/{organization.pk}/edit/", {"name": "ÎNTREPRINDEREA Nouă", "version": organization.version}
    )
    assert response.status_code == 302
    assert "Nouă" in web(alice).get("/organizations/", {"q": "intreprinderea noua"}).content.decode()


def test_client_form_does_not_list_every_organization(web, alice):
    for number in range(30):
        OrganizationFactory(team=alice.team, name=f"Bulk org {number:02d}")
    body = web(alice).get("/clients/new/").content.decode()
    assert "Bulk org" not in body
    assert 'id="id_organization_search"' in body
    assert 'hx-get="/organizations/options/"' in body


def test_client_edit_form_shows_the_saved_organization(web, alice):
    mine = organization_create(by=alice, name="Saved org SRL")
    OrganizationFactory(team=alice.team, name="Unrelated SRL")
    client = make_client(alice, organization=mine)
    body = web(alice).get(f"/clients/{client.pk}/edit/").content.decode()
    assert f'<option value="{mine.pk}" selected>Saved org SRL</option>' in body
    assert "Unrelated" not in body
    assert f"/organizations/options/?current={mine.pk}" in body


def test_own1_picker_options_match_the_search_within_the_team_only(web, alice, carol):
    ours = organization_create(by=alice, name=AGRO)
    organization_create(by=carol, name="АГРО-ПЛЮС Bucureşti")
    body = web(alice).get("/organizations/options/", {"organization_search": "агро"}).content.decode()
    assert f'<option value="{ours.pk}" selected>' in body  # a single match is shown picked, as saving would
    assert "Bucure" not in body


def test_picker_options_are_capped_and_say_so(web, alice):
    for number in range(25):
        OrganizationFactory(team=alice.team, name=f"Bulk org {number:02d}")
    body = web(alice).get("/organizations/options/", {"organization_search": "bulk"}).content.decode()
    assert body.count('<option value="') - body.count('<option value="" ') == 20
    assert "type more of the name" in body


def test_picker_options_without_a_search_bring_back_the_saved_one(web, alice):
    saved = organization_create(by=alice, name="Saved org SRL")
    body = web(alice).get("/organizations/options/", {"organization_search": "", "current": saved.pk}).content.decode()
    assert f'<option value="{saved.pk}" selected>' in body
    nothing = web(alice).get("/organizations/options/", {"organization_search": "zzz"}).content.decode()
    assert "No organization matches" in nothing


def test_without_javascript_a_single_match_of_the_typed_search_is_saved(web, alice):
    agro = organization_create(by=alice, name=AGRO)
    organization_create(by=alice, name="Moldtelecom SA")
    response = web(alice).post("/clients/new/", client_form(organization_search="агро-плюс"))
    assert response.status_code == 302
    assert Client.objects.get(first_name="Maria").organization == agro


def test_several_matches_are_an_error_with_the_matches_to_pick_from(web, alice):
    first = organization_create(by=alice, name="Agro Nord SRL")
    second = organization_create(by=alice, name="Agro Sud SRL")
    OrganizationFactory(team=alice.team, name="Unrelated SRL")
    response = web(alice).post("/clients/new/", client_form(organization_search="agro"))
    body = response.content.decode()
    assert response.status_code == 200
    assert not Client.objects.exists()
    assert "Several organizations match “agro”" in body
    assert f'<option value="{first.pk}">Agro Nord SRL</option>' in body
    assert f'<option value="{second.pk}">Agro Sud SRL</option>' in body
    assert "Unrelated" not in body
    assert 'value="Maria"' in body  # the user's input is kept
    picked = web(alice).post("/clients/new/", client_form(organization_search="agro", organization=second.pk))
    assert picked.status_code == 302
    assert Client.objects.get().organization == second


def test_an_exact_name_wins_over_longer_names_that_contain_it(web, alice):
    exact = organization_create(by=alice, name="Agro")
    organization_create(by=alice, name="Agro Group")
    assert web(alice).post("/clients/new/", client_form(organization_search="AGRO")).status_code == 302
    assert Client.objects.get().organization == exact


def test_a_search_matching_nothing_is_an_error_not_a_silent_keep(web, alice):
    saved = organization_create(by=alice, name="Saved org SRL")
    client = make_client(alice, organization=saved, language="ro", relationship_group="prospect")
    form = client_form(organization=saved.pk, organization_search="Nonexistent", version=client.version)
    body = web(alice).post(f"/clients/{client.pk}/edit/", form).content.decode()
    assert "No organization matches “Nonexistent”." in body
    client.refresh_from_db()
    assert client.first_name != "Maria"


def test_own1_another_teams_organization_cannot_be_picked(web, alice, carol):
    theirs = organization_create(by=carol, name="Theirs SRL")
    response = web(alice).post("/clients/new/", client_form(organization=theirs.pk))
    assert response.status_code == 200
    assert not Client.objects.exists()
    assert 'id="id_organization_error"' in response.content.decode()
    assert web(alice).post("/clients/new/", client_form(organization_search="theirs")).status_code == 200
    assert not Client.objects.exists()


def test_the_picked_organization_that_matches_the_search_is_kept(web, alice):
    first = organization_create(by=alice, name="Agro Nord SRL")
    organization_create(by=alice, name="Agro Sud SRL")
    response = web(alice).post("/clients/new/", client_form(organization_search="agro", organization=first.pk))
    assert response.status_code == 302
    assert Client.objects.get().organization == first
