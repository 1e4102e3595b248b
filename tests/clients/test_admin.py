"""The admin (the admins' back office) enforces the same rules: services for every write; no one else gets in."""

from __future__ import annotations

import pytest

from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client, Order
from keepwarm.ladder.models import PrivilegeOverride
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def test_own1_a_manager_opens_no_client_in_the_admin_and_an_admin_sees_all(client, alice, bob, root):
    theirs = make_client(bob)
    mine = make_client(alice)
    client.force_login(alice)
    assert client.get(f"/admin/clients/client/{mine.pk}/change/")["Location"].startswith("/admin/login/")
    client.force_login(root)
    listing = client.get("/admin/clients/client/")
    assert listing.status_code == 200
    assert set(listing.context["cl"].result_list) == {mine, theirs}


def test_admin_never_without_objective_reason_is_shown_on_the_form(client, alice, root):
    mine = make_client(alice)
    client.force_login(root)
    response = client.post(
        f"/admin/clients/client/{mine.pk}/change/",
        {
            "owner": alice.pk,
            "first_name": mine.first_name,
            "last_name": "Edited",
            "language": "ru",
            "relationship_group": "prospect",
            "new_category": "never",
            "category_reason": "rude",
            "expected_version": mine.version,
            "category_changes-TOTAL_FORMS": 0,
            "category_changes-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Future" in str(response.context["adminform"].form.errors)
    mine.refresh_from_db()
    assert (mine.category, mine.last_name) == (Category.FUTURE, "Popescu")


def test_admin_add_client_goes_through_the_service(client, alice, root):
    client.force_login(root)
    response = client.post(
        "/admin/clients/client/add/",
        {
            "owner": alice.pk,
            "first_name": "Ana",
            "last_name": "Munteanu",
            "language": "ro",
            "relationship_group": "prospect",
            "new_category": "now",
            "phones_text": "069 123 456",
            "category_changes-TOTAL_FORMS": 0,
            "category_changes-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = Client.objects.get(last_name="Munteanu")
    assert created.category == Category.NOW
    assert created.planned_touches.filter(status="open", is_next_step=True).count() == 1
    assert created.category_changes.count() == 1


def test_lad5_admin_order_beyond_the_level_needs_a_reason_and_keeps_it(client, alice, root):
    mine = make_client(alice)
    client.force_login(root)
    order = {
        "client": mine.pk,
        "ordered_on": "2026-01-15",
        "amount": "1000",
        "currency": "EUR",
        "items": "Printers",
        "amount_paid": "0",
        "discount_pct": "30",
        "payment_terms_days": "0",
    }
    refused = client.post("/admin/clients/order/add/", order)
    assert refused.status_code == 200
    assert "override_reason" in refused.context["adminform"].form.errors
    assert not Order.objects.exists()  # nothing half-saved
    client.post("/admin/clients/order/add/", {**order, "override_reason": "Fleet deal approved by the director"})
    override = PrivilegeOverride.objects.get()
    assert override.reason == "Fleet deal approved by the director"
    assert Order.objects.get().client == mine


def test_time1_the_admin_shows_a_derived_zone_filters_by_it_and_confirms_it_only_when_ticked(client, alice, root):
    derived = make_client(alice, last_name="Kazantsev")
    Client.objects.filter(pk=derived.pk).update(
        time_zone="Asia/Novosibirsk", time_zone_source="phone", time_zone_evidence="+73832100000"
    )
    entered = make_client(alice, last_name="Albu")
    client.force_login(root)
    assert "time_zone_confirmed" not in client.get(f"/admin/clients/client/{entered.pk}/change/").content.decode()
    page = client.get(f"/admin/clients/client/{derived.pk}/change/").content.decode()
    assert 'name="time_zone_confirmed"' in page
    assert "+7 383 210-00-00" in page
    listed = client.get("/admin/clients/client/?time_zone_source__exact=phone").context["cl"].result_list
    assert list(listed) == [derived]

    def save(**extra):
        derived.refresh_from_db()
        fields = {"owner": alice.pk, "first_name": derived.first_name, "last_name": derived.last_name,
                  "language": "ru", "relationship_group": "prospect", "new_category": derived.category,
                  "time_zone": derived.time_zone, "expected_version": derived.version,
                  "category_changes-TOTAL_FORMS": 0, "category_changes-INITIAL_FORMS": 0, **extra}  # fmt: skip
        assert client.post(f"/admin/clients/client/{derived.pk}/change/", fields).status_code == 302
        derived.refresh_from_db()
        return derived.time_zone, derived.time_zone_source

    assert save(notes="called") == ("Asia/Novosibirsk", "phone")  # another field saved: still derived
    assert save(time_zone_confirmed="on") == ("Asia/Novosibirsk", "")
