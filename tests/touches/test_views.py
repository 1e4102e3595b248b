"""Web forms: dates out of bounds show next to their field (never a 500); the card's Move action (TACT-7)."""

from __future__ import annotations

import datetime as dt

import pytest

from keepwarm.touches.models import Touch
from keepwarm.touches.selectors import open_next_step
from tests.factories import make_client, midweek

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def touch(**extra):
    return {"channel": "call", "goal": "present", "direction": "outbound", "context": "card", **extra}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (touch(outcome="bought_elsewhere", competitor="Acme", continue_on="9999-12-31"), "continue_on"),
        (touch(outcome="reached", next_step_on="2020-01-01"), "next_step_on"),
        (touch(outcome="reached", next_step_on="9999-12-31"), "next_step_on"),
    ],
)
def test_cat3_annoy4_touch_form_dates_out_of_bounds_show_beside_their_field(web, alice, data, field):
    client = make_client(alice)
    response = web(alice).post(f"/clients/{client.pk}/touch/", data, **HTMX)
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Touch.objects.filter(client=client).exists()


def test_tact7_the_card_offers_to_move_the_next_step(web, alice):
    client = make_client(alice)
    body = web(alice).get(f"/clients/{client.pk}/").content.decode()
    step = open_next_step(client)
    assert f'hx-post="/planned/{step.pk}/move/"' in body
    assert 'name="due_date"' in body
    assert 'name="time"' in body


def test_tact5_tact7_moving_the_next_step_to_a_saturday_from_the_card_says_why(web, alice):
    client = make_client(alice)
    saturday = midweek(14) + dt.timedelta(days=3)
    step = open_next_step(client)
    response = web(alice).post(f"/planned/{step.pk}/move/", {"due_date": saturday.isoformat()}, **HTMX)
    body = response.content.decode()
    moved = open_next_step(client)
    assert moved.due_date > saturday
    assert response["HX-Trigger"] == "kw:touch-moved"
    assert 'id="client-header"' in body
    assert moved.due_date.isoformat() in body
    assert "weekend (TACT-5)" in body


def test_tact7_moving_to_a_past_date_from_the_card_shows_the_error_and_keeps_the_step(web, alice):
    client = make_client(alice)
    step = open_next_step(client)
    response = web(alice).post(f"/planned/{step.pk}/move/", {"due_date": "2020-01-01"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="move-date-error-{step.pk}"' in body
    assert '<details class="move" open>' in body
    assert open_next_step(client) == step


def test_tact7_moving_without_javascript_redirects_to_the_card(web, alice, bob):
    client = make_client(alice)
    step = open_next_step(client)
    day = midweek(21)
    response = web(alice).post(f"/planned/{step.pk}/move/", {"due_date": day.isoformat(), "time": "10:00"})
    assert response.status_code == 302
    assert open_next_step(client).due_date == day
    moved = open_next_step(client)
    assert web(bob).post(f"/planned/{moved.pk}/move/", {"due_date": day.isoformat()}).status_code == 404  # OWN-1
