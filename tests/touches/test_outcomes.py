"""One table of what each outcome requires (touches/outcomes.py): the web form and the API refuse the same touch,
with the same message on the same field, and save nothing."""

from __future__ import annotations

import html

import pytest
from django.test import Client as WebClient

from keepwarm.accounts.models import User
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client
from keepwarm.touches.models import Touch
from keepwarm.touches.outcomes import OUTCOME_REQUIRES
from tests.conftest import api_as
from tests.factories import make_client, midweek

pytestmark = pytest.mark.django_db

# A valid value for every field some outcome requires, to leave exactly one of them out.
FILLED = {
    "refusal_reason": "budget",
    "continue_on": midweek(30).isoformat(),
    "preferred_time": "16:30",
    "competitor": "Acme Print",
}
ALL_REQUIRED = [(outcome, field) for outcome, fields in OUTCOME_REQUIRES.items() for field in fields]


def _touch_without(outcome: str, field: str) -> dict[str, str]:
    data = {"channel": "call", "goal": "present", "outcome": outcome, "direction": "outbound"}
    return data | {name: FILLED[name] for name in OUTCOME_REQUIRES[outcome] if name != field}


def _field_errors(body: str, field: str) -> list[str]:
    """The messages the page shows beside a field."""
    block = body.split(f'id="id_{field}_error"', 1)[1].split("</div>", 1)[0]
    return [html.unescape(text.split("</p>", 1)[0]) for text in block.split("<p>")[1:]]


def _assert_refused_alike(client: WebClient, user: User, outcome: str, field: str) -> None:
    customer = make_client(user, category=Category.NOW)
    data = _touch_without(outcome, field)

    by_api = api_as(user).post(f"/api/clients/{customer.pk}/touches/", data, format="json")
    client.force_login(user)
    page = client.post(f"/clients/{customer.pk}/touch/", {**data, "context": "card"}, HTTP_HX_REQUEST="true")

    assert by_api.status_code == 400
    api_errors = by_api.json()
    assert list(api_errors) == [field]
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('class="errorlist"') == 1
    assert _field_errors(body, field) == api_errors[field]
    assert not Touch.objects.filter(client=customer).exists()
    assert Client.objects.get(pk=customer.pk).category == Category.NOW


@pytest.mark.parametrize("field", ["refusal_reason", "continue_on"])
def test_cat3_refusal_without_its_reason_or_date_is_refused_alike_by_api_and_form(client, alice, field):
    _assert_refused_alike(client, alice, "refused", field)


def test_annoy4_bought_elsewhere_without_the_competitor_is_refused_alike_by_api_and_form(client, alice):
    _assert_refused_alike(client, alice, "bought_elsewhere", "competitor")


def test_tact6_bad_moment_without_the_preferred_time_is_refused_alike_by_api_and_form(client, alice):
    _assert_refused_alike(client, alice, "bad_moment", "preferred_time")


def test_cat5_agreed_to_meet_without_the_meeting_day_is_refused_alike_by_api_and_form(client, alice):
    """The API used to answer 201 to a meeting without its day, which the form refused."""
    _assert_refused_alike(client, alice, "agreed_to_meet", "continue_on")


def test_post1_not_used_yet_without_the_day_of_first_use_is_refused_alike_by_api_and_form(client, alice):
    _assert_refused_alike(client, alice, "not_used_yet", "continue_on")


@pytest.mark.parametrize(("outcome", "field"), ALL_REQUIRED)
def test_every_required_field_of_the_table_is_refused_alike_by_api_and_form(client, alice, outcome, field):
    _assert_refused_alike(client, alice, outcome, field)


@pytest.mark.parametrize("outcome", list(OUTCOME_REQUIRES))
def test_the_form_shows_each_field_its_outcome_requires_as_required(client, alice, outcome):
    customer = make_client(alice)
    client.force_login(alice)
    body = client.get(f"/clients/{customer.pk}/touch/fields/", {"outcome": outcome}).content.decode()
    for field in OUTCOME_REQUIRES[outcome]:
        assert f'name="{field}"' in body
        tag = body[body.index(f'name="{field}"') :].split(">", 1)[0]
        assert " required" in tag, f"{field} is not marked required for {outcome}"


@pytest.mark.parametrize("outcome", list(OUTCOME_REQUIRES))
def test_with_what_its_outcome_requires_the_touch_is_saved_by_the_api(alice, outcome):
    customer = make_client(alice)
    response = api_as(alice).post(f"/api/clients/{customer.pk}/touches/", _touch_without(outcome, ""), format="json")
    assert response.status_code == 201, response.json()
    assert Touch.objects.filter(client=customer, outcome=outcome).exists()
