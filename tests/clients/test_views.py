"""Client list, card and forms: OWN-1, search, filters, stale edits."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client, Organization, Reassignment
from keepwarm.flows import orders as order_flows
from keepwarm.touches.models import PlannedTouch
from tests.factories import OrganizationFactory, make_client

pytestmark = pytest.mark.django_db


def test_own1_manager_gets_404_on_another_managers_card(web, alice, bob):
    theirs = make_client(bob, first_name="Secret")
    assert web(alice).get(f"/clients/{theirs.pk}/").status_code == 404
    assert web(alice).get(f"/clients/{theirs.pk}/edit/").status_code == 404
    assert web(alice).get(f"/clients/{theirs.pk}/touch/").status_code == 404
    assert "Secret" not in web(alice).get("/clients/").content.decode()


def test_own1_lead_sees_the_teams_clients_but_not_other_teams(web, alice, bob, lena, carol):
    make_client(alice, first_name="Alpha")
    bobs = make_client(bob, first_name="Bravo")
    make_client(carol, first_name="Charlie")
    page = web(lena).get("/clients/").content.decode()
    assert "Alpha" in page
    assert "Bravo" in page
    assert "Charlie" not in page
    assert web(lena).get(f"/clients/{bobs.pk}/").status_code == 200


def test_search_finds_a_cyrillic_name_typed_in_another_case(web, alice):
    make_client(alice, first_name="Ёлкин", last_name="Пётр")
    make_client(alice, first_name="Ion", last_name="Otherov")
    response = web(alice).get("/clients/", {"q": "ЁЛКИН"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="client-results")
    body = response.content.decode()
    assert "Ёлкин" in body
    assert "Otherov" not in body
    assert "<html" not in body  # the htmx answer is the results partial only


def test_search_by_phone_in_any_format_and_romanian_without_diacritics(web, alice):
    make_client(alice, first_name="Ștefan", last_name="Țurcanu", phones=["+373 22 123 456"])
    assert "Țurcanu" in web(alice).get("/clients/", {"q": "(22) 123-456"}).content.decode()
    assert "Țurcanu" in web(alice).get("/clients/", {"q": "22123456"}).content.decode()
    assert "Țurcanu" in web(alice).get("/clients/", {"q": "stefan turcanu"}).content.decode()


def test_post4_going_cold_lists_clients_without_contact_or_purchase_for_180_days(web, alice):
    cold = make_client(alice, first_name="Frostina")
    warm = make_client(alice, first_name="Toastova")
    Client.objects.filter(pk=cold.pk).update(last_touch_at=timezone.now() - dt.timedelta(days=200))
    Client.objects.filter(pk=warm.pk).update(last_touch_at=timezone.now() - dt.timedelta(days=20))
    body = web(alice).get("/clients/", {"going_cold": "on"}).content.decode()
    assert "Frostina" in body
    assert "Toastova" not in body


def test_overdue_and_no_next_step_filters(web, alice):
    late = make_client(alice, first_name="Zlatovsky")
    bare = make_client(alice, first_name="Bareiko")
    make_client(alice, first_name="Finetti")
    PlannedTouch.objects.filter(client=late).update(due_date=timezone.localdate() - dt.timedelta(days=3))
    PlannedTouch.objects.filter(client=bare).delete()
    overdue = web(alice).get("/clients/", {"overdue": "on"}).content.decode()
    assert "Zlatovsky" in overdue
    assert "Finetti" not in overdue
    assert "Bareiko" not in overdue
    missing = web(alice).get("/clients/", {"no_next_step": "on"}).content.decode()
    assert "Bareiko" in missing
    assert "Finetti" not in missing


def test_list_pages_without_count(web, alice, django_assert_max_num_queries):
    for number in range(7):
        make_client(alice, first_name=f"P{number}", last_name=f"Page{number:02d}")
    from keepwarm.clients import views

    views.PAGE_SIZE, original = 5, views.PAGE_SIZE
    try:
        first = web(alice).get("/clients/").content.decode()
        second = web(alice).get("/clients/", {"page": 2}).content.decode()
    finally:
        views.PAGE_SIZE = original
    assert "Page00" in first
    assert "Page05" not in first
    assert "Next page" in first
    assert "Page05" in second
    assert "Page06" in second
    assert "Next page" not in second


def test_lead_reassigns_selected_clients_and_history_is_kept(web, alice, bob, lena):
    moved = make_client(alice, first_name="Moved")
    response = web(lena).post("/clients/reassign/", {"clients": [moved.pk], "to_owner": bob.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    moved.refresh_from_db()
    assert moved.owner == bob
    assert Reassignment.objects.filter(client=moved, from_owner=alice, to_owner=bob).exists()


def test_manager_cannot_reassign(web, alice, bob):
    mine = make_client(alice)
    web(alice).post("/clients/reassign/", {"clients": [mine.pk], "to_owner": bob.pk})
    mine.refresh_from_db()
    assert mine.owner == alice


def test_card_shows_contacts_moment_and_timeline(web, alice):
    client = make_client(alice, phones=["+37322123456"], emails=["ion@example.md"], country="MD")
    body = web(alice).get(f"/clients/{client.pk}/").content.decode()
    assert 'href="tel:+37322123456"' in body
    assert "+373 22 123 456" in body
    assert 'href="mailto:ion@example.md"' in body
    assert "Local time" in body
    assert "Moldova" in body  # the client's zone (Europe/Chisinau) as the reader calls it
    assert "Client created" in body  # the CAT-6 history row on the timeline


def test_card_shows_do_not_contact_prominently(web, alice):
    client = make_client(alice, do_not_contact=True, do_not_contact_reason="Asked by e-mail")
    body = web(alice).get(f"/clients/{client.pk}/").content.decode()
    assert 'class="dnc" role="alert"' in body
    assert "Asked by e-mail" in body


def test_create_client_with_phones_emails_interests_as_text(web, alice):
    response = web(alice).post(
        "/clients/new/",
        {
            "first_name": "Maria",
            "last_name": "Rusu",
            "phones": "022 123 456, +40 21 312 3456",
            "emails": "maria@example.md\nm.rusu@example.md",
            "interests": "Printers, paper",
            "language": "ro",
            "country": "MD",
            "relationship_group": "prospect",
            "category": Category.FUTURE,
        },
    )
    client = Client.objects.get(first_name="Maria")
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{client.pk}/"
    assert client.phones == ["+37322123456", "+40213123456"]
    assert client.emails == ["maria@example.md", "m.rusu@example.md"]
    assert sorted(client.interests.values_list("name", flat=True)) == ["paper", "printers"]


def test_create_client_shows_field_errors(web, alice):
    response = web(alice).post("/clients/new/", {"first_name": "", "phones": "abc", "category": "future"})
    body = response.content.decode()
    assert response.status_code == 200
    assert not Client.objects.exists()
    assert "This field is required." in body


REQUIRED_CHOICES = {"language": "ro", "relationship_group": "prospect", "category": "future"}


def test_create_client_shows_every_error_at_once_and_keeps_the_input(web, alice):
    """A missing name, a bad phone and a bad e-mail are all shown on the first save, not one after another."""
    form = {"first_name": "", "phones": "12ab", "emails": "ivan@@mail", "category": "future", **REQUIRED_CHOICES}
    shown = web(alice).post("/clients/new/", form).context["form"]
    assert set(shown.errors) == {"first_name", "phones", "emails"}
    assert "12ab" in shown.errors["phones"][0]
    assert (shown["phones"].value(), shown["emails"].value()) == ("12ab", "ivan@@mail")
    assert not Client.objects.exists()


def test_beside_other_errors_a_local_number_is_read_in_the_organizations_country(web, alice):
    bucharest = OrganizationFactory(team=alice.team, country="RO")  # the team itself is in Moldova
    form = {"first_name": "", "phones": "021 312 3456", "organization": bucharest.pk, **REQUIRED_CHOICES}
    assert set(web(alice).post("/clients/new/", form).context["form"].errors) == {"first_name"}


def test_stale_edit_is_shown_and_the_users_input_kept(web, alice):
    client = make_client(alice, first_name="Ion", language="ru", relationship_group="prospect")
    form = {
        "first_name": "Ionel",
        "last_name": "Popescu",
        "language": "ru",
        "relationship_group": "prospect",
        "version": client.version,
    }
    Client.objects.filter(pk=client.pk).update(version=client.version + 1, first_name="Someone")
    response = web(alice).post(f"/clients/{client.pk}/edit/", form)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this record" in body
    assert 'value="Ionel"' in body
    client.refresh_from_db()
    assert client.first_name == "Someone"


def test_edit_saves_with_the_current_version(web, alice):
    client = make_client(alice, language="ru", relationship_group="prospect")
    form = {
        "first_name": "Nou",
        "last_name": "Popescu",
        "language": "ru",
        "relationship_group": "prospect",
        "version": client.version,
    }
    assert web(alice).post(f"/clients/{client.pk}/edit/", form).status_code == 302
    client.refresh_from_db()
    assert client.first_name == "Nou"


def test_organizations_create_edit_and_stale(web, alice):
    response = web(alice).post("/organizations/new/", {"name": "Acme SRL", "country": "MD"})
    assert response.status_code == 302
    organization = alice.team.organizations.get(name="Acme SRL")
    assert "Acme SRL" in web(alice).get("/organizations/", {"q": "acme"}).content.decode()
    stale = {"name": "Acme Group", "country": "MD", "version": organization.version - 1 or 99}
    body = web(alice).post(f"/organizations/{organization.pk}/edit/", stale).content.decode()
    assert "Someone else saved this record" in body
    fresh = {"name": "Acme Group", "country": "MD", "version": organization.version}
    assert web(alice).post(f"/organizations/{organization.pk}/edit/", fresh).status_code == 302


def test_organization_form_shows_every_error_at_once(web, alice):
    form = {"name": "", "employees": "many", "website": "not a site", "country": "Ро", "time_zone": "Moscow"}
    shown = web(alice).post("/organizations/new/", form).context["form"]
    assert set(shown.errors) == {"name", "employees", "website", "country", "time_zone"}
    assert not Organization.objects.exists()


def test_other_teams_organization_is_404(web, alice, carol):
    from keepwarm.clients.services import organization_create

    theirs = organization_create(by=carol, name="Theirs")
    assert web(alice).get(f"/organizations/{theirs.pk}/edit/").status_code == 404


@pytest.mark.parametrize(("language", "shown"), [("ru", "1\xa0467\xa0230,00 RUB"), ("en", "1,467,230.00 RUB")])
def test_lang1_an_orders_amount_on_the_card_is_grouped_in_the_readers_way(web, alice, language, shown):
    alice.language = language
    alice.save(update_fields=["language"])
    client = make_client(alice)
    order_flows.order_record(
        client=client, by=alice, ordered_on=timezone.localdate(), amount=Decimal(1467230), currency="RUB", items="Racks"
    )
    page = web(alice).get(f"/clients/{client.pk}/").content.decode()
    assert shown in page


def test_an_empty_choice_reads_as_a_dash_not_djangos_dashes(web, alice):
    client = make_client(alice)
    page = web(alice).get(f"/clients/{client.pk}/edit/").content.decode()
    select = page.split('name="form_of_address"')[1].split("</select>")[0]
    assert '<option value="" selected>—</option>' in select
    assert "---------" not in page


def test_tact4_working_days_are_ticked_by_name_and_kept_as_digits(web, alice):
    client = make_client(alice, language="ru", relationship_group="prospect", workdays="12345")
    page = web(alice).get(f"/clients/{client.pk}/edit/").content.decode()
    assert 'type="checkbox" name="workdays" value="1"' in page
    assert re.search(r'name="workdays" value="5"[^>]*checked', page)
    assert not re.search(r'name="workdays" value="6"[^>]*checked', page)
    form = {"first_name": client.first_name, "last_name": client.last_name, "language": "ru",
            "relationship_group": "prospect", "version": client.version, "workdays": ["6", "1", "2"]}  # fmt: skip
    assert web(alice).post(f"/clients/{client.pk}/edit/", form).status_code == 302
    client.refresh_from_db()
    assert client.workdays == "126"
    form.update(version=client.version)
    del form["workdays"]  # none ticked: the organization's or the team's days
    assert web(alice).post(f"/clients/{client.pk}/edit/", form).status_code == 302
    client.refresh_from_db()
    assert client.workdays == ""
