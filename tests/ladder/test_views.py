"""The ladder card partial, the suggestions page, the overrides report and the privileges settings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from keepwarm.flows.orders import order_record
from keepwarm.ladder import services
from keepwarm.ladder.models import ClientLadder, LevelPrivileges
from tests.factories import make_client

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def paid(client, by) -> None:
    today = timezone.localdate()
    order_record(
        client=client, by=by, ordered_on=today, amount=Decimal(9), items="x", amount_paid=Decimal(9), delivered_on=today
    )


def test_lad6_card_shows_level_privileges_and_confirms(web, alice):
    client = make_client(alice)
    paid(client, alice)
    url = reverse("ladder:card", args=[client.pk])
    page = web(alice).get(url)
    assert page.status_code == 200
    assert b"Promotion suggested" in page.content
    partial = web(alice).post(reverse("ladder:confirm", args=[client.pk]), {"level": "2"}, **HTMX)
    assert b"<html" not in partial.content
    assert ClientLadder.objects.get(client=client).level == 2
    web(alice).post(url, {"prospect_behaviour": "studies_details", "satisfied": "on"}, **HTMX)
    row = ClientLadder.objects.get(client=client)
    assert row.prospect_behaviour == "studies_details"
    assert row.satisfied


def test_lad6_suggestions_page_confirm_button(web, alice):
    client = make_client(alice)
    paid(client, alice)
    page = web(alice).get(reverse("ladder:suggestions"))
    assert client.full_name.encode() in page.content
    answer = web(alice).post(reverse("ladder:confirm", args=[client.pk]), {"level": "2", "next": "/ladder/"})
    assert answer.status_code == 302
    assert answer["Location"] == "/ladder/"
    assert client.full_name.encode() not in web(alice).get(reverse("ladder:suggestions")).content


def test_lad5_overrides_page_and_privileges_settings(web, alice, lena, carol):
    client = make_client(alice)
    services.offer_check(client=client, by=alice, discount_pct=Decimal(5), payment_terms_days=0, override_reason="why")
    assert b"why" in web(lena).get(reverse("ladder:overrides")).content
    assert b"why" not in web(carol).get(reverse("ladder:overrides")).content
    url = reverse("ladder:privileges")
    assert web(alice).get(url).status_code == 403
    data = {
        f"level{level}-{name}": value
        for level in range(1, 6)
        for name, value in (
            ("discount_pct", str(level)),
            ("payment_terms_days", "0"),
            ("service_priority", "normal"),
        )
    }
    assert web(lena).post(url, data).status_code == 302
    assert LevelPrivileges.objects.get(team=lena.team, level=3).discount_pct == Decimal(3)


def test_own1_ladder_pages_answer_404(web, alice, carol):
    client = make_client(alice)
    assert web(carol).get(reverse("ladder:card", args=[client.pk])).status_code == 404
    assert web(carol).post(reverse("ladder:confirm", args=[client.pk]), {"level": "2"}).status_code == 404
