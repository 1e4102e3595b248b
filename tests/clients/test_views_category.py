"""CAT-2 from the client card: "Never" only with a reason from the closed list, refused otherwise beside the field,
reversible only by a recorded correction; the header shows the new category and next step without a reload."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from keepwarm.clients.choices import Category, NeverReason
from keepwarm.clients.models import CategoryChange, Client
from keepwarm.flows.clients import client_set_category
from keepwarm.touches.models import PlannedTouch
from keepwarm.touches.selectors import open_next_step
from tests.conftest import api_as
from tests.factories import make_client, midweek

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _post(web, user, client: Client, htmx: bool = True, **data):
    data.setdefault("version", client.version)
    return web(user).post(f"/clients/{client.pk}/category/", data, **(HTMX if htmx else {}))


def _never(client: Client, by) -> Client:
    return client_set_category(client=client, by=by, category=Category.NEVER, never_reason=NeverReason.DECEASED)


def test_cat2_the_card_offers_the_closed_list_of_never_reasons(web, alice):
    client = make_client(alice)
    body = web(alice).get(f"/clients/{client.pk}/").content.decode()
    assert f'action="/clients/{client.pk}/category/"' in body
    for reason in NeverReason:
        assert f'<option value="{reason.value}">' in body


def test_cat2_never_set_from_the_card_with_a_reason_from_the_list(web, alice):
    client = make_client(alice, category=Category.NOW)
    response = _post(web, alice, client, category="never", never_reason="liquidated")
    body = response.content.decode()
    assert response.status_code == 200
    client.refresh_from_db()
    assert (client.category, client.never_reason) == (Category.NEVER, NeverReason.LIQUIDATED)
    change = CategoryChange.objects.filter(client=client).latest("changed_at")
    assert (change.from_category, change.to_category, change.never_reason) == ("now", "never", "liquidated")
    assert not PlannedTouch.objects.filter(client=client, status="open").exists()  # CAT-5
    # The swapped header shows the new category, no next step and no way to log contacts; the timeline follows.
    assert '<section id="client-header" class="card client-header" aria-labelledby' in body  # hx-target's swap
    assert "badge-never" in body
    assert f"/clients/{client.pk}/touch/" not in body
    assert 'id="timeline" class="timeline" hx-swap-oob="true"' in body
    assert response["HX-Trigger"] == "kw:category-changed"  # the coming year reloads


@pytest.mark.parametrize("never_reason", ["", "not_interested", "rude", "disqualified"])
def test_cat2_never_from_the_card_without_a_listed_reason_is_refused_beside_the_field(web, alice, never_reason):
    client = make_client(alice, category=Category.NOW)
    step = open_next_step(client)
    response = _post(web, alice, client, category="never", never_reason=never_reason)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="category_never_reason_error"' in body
    assert "(CAT-2)" in body.split('id="category_never_reason_error"', 1)[1].split("</div>", 1)[0]
    assert '<details class="category-change" open>' in body
    assert 'hx-swap-oob="true"' not in body  # the timeline is left alone: nothing changed
    assert "HX-Trigger" not in response
    client.refresh_from_db()
    assert client.category == Category.NOW
    assert open_next_step(client) == step
    assert not CategoryChange.objects.filter(client=client, to_category=Category.NEVER).exists()


@pytest.mark.parametrize("never_reason", ["", "rude"])
def test_cat2_the_api_refuses_never_without_a_listed_reason_with_the_cards_message(web, alice, never_reason):
    client = make_client(alice)
    data = {"category": "never", "never_reason": never_reason}
    by_api = api_as(alice).post(f"/api/clients/{client.pk}/category/", data, format="json")
    page = _post(web, alice, client, **data).content.decode()
    shown = page.split('id="category_never_reason_error" role="alert"><p>', 1)[1].split("</p>", 1)[0]
    assert by_api.status_code == 400
    assert by_api.json() == {"never_reason": [html.unescape(shown)]}
    assert Client.objects.get(pk=client.pk).category == Category.FUTURE


def test_cat2_leaving_never_from_the_card_needs_an_explicit_correction_with_its_reason(web, alice):
    client = _never(make_client(alice), alice)
    body = web(alice).get(f"/clients/{client.pk}/").content.decode()
    assert 'name="correction"' in body
    assert 'name="never_reason"' not in body

    refused = _post(web, alice, client, category="future", reason="Found out he is alive").content.decode()
    assert 'id="category_correction_error"' in refused
    assert Client.objects.get(pk=client.pk).category == Category.NEVER

    no_reason = _post(web, alice, client, category="future", correction="on").content.decode()
    assert 'id="category_correction_error"' in no_reason
    assert Client.objects.get(pk=client.pk).category == Category.NEVER


def test_cat2_a_correction_from_the_card_is_recorded_and_brings_back_a_next_step(web, alice):
    client = _never(make_client(alice), alice)
    day = midweek(20)
    response = _post(
        web,
        alice,
        client,
        category="future",
        correction="on",
        reason="Entered by mistake: the company still trades",
        next_step_on=day.isoformat(),
    )
    body = response.content.decode()
    client.refresh_from_db()
    assert client.category == Category.FUTURE
    assert client.never_reason == ""
    change = CategoryChange.objects.filter(client=client).latest("changed_at")
    assert change.is_correction
    assert (change.from_category, change.to_category) == ("never", "future")
    assert change.reason == "Entered by mistake: the company still trades"
    assert open_next_step(client).due_date == day
    assert "badge-future" in body
    assert day.isoformat() in body  # the next step, without a reload
    assert "Entered by mistake: the company still trades" in body  # the timeline's history row


def test_cat2_without_htmx_the_card_redirects_or_shows_the_refusal_on_the_whole_page(web, alice):
    client = make_client(alice)
    refused = _post(web, alice, client, htmx=False, category="never", never_reason="rude")
    assert refused.status_code == 200
    assert 'id="category_never_reason_error"' in refused.content.decode()
    assert "<html" in refused.content.decode()
    done = _post(web, alice, client, htmx=False, category="never", never_reason="gone")
    assert done.status_code == 302
    assert done["Location"] == f"/clients/{client.pk}/"
    assert Client.objects.get(pk=client.pk).category == Category.NEVER


def test_cat2_another_managers_client_is_404_and_a_get_is_not_allowed(web, alice, bob):
    theirs = make_client(bob)
    assert _post(web, alice, theirs, category="never", never_reason="gone").status_code == 404
    assert web(alice).get(f"/clients/{theirs.pk}/category/").status_code == 405
    assert Client.objects.get(pk=theirs.pk).category == Category.FUTURE


def test_a_stale_category_change_from_the_card_is_refused(web, alice):
    client = make_client(alice)
    body = _post(web, alice, client, category="now", reason="Ready", version=client.version - 1).content.decode()
    assert "Someone else saved this record" in body
    assert Client.objects.get(pk=client.pk).category == Category.FUTURE


def test_a_next_step_out_of_bounds_from_the_card_is_a_field_error(web, alice):
    client = make_client(alice, category=Category.NOW)
    body = _post(web, alice, client, category="future", reason="Later", next_step_on="0001-01-01").content.decode()
    assert 'id="category_next_step_on_error"' in body
    assert Client.objects.get(pk=client.pk).category == Category.NOW


def test_cat4_now_to_future_from_the_card_keeps_the_picked_next_step(web, alice):
    client = make_client(alice, category=Category.NOW)
    day = midweek(40)
    _post(web, alice, client, category="future", reason="Budget next year", next_step_on=day.isoformat())
    assert Client.objects.get(pk=client.pk).category == Category.FUTURE
    assert open_next_step(client).due_date == day
    assert open_next_step(client).due_date > dt.date.today()
