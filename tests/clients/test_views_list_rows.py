"""The client list's rows (built in Python since issue 15) escape what people typed and show what the template did."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from keepwarm.clients.choices import Category, NeverReason
from keepwarm.clients.models import Client, Organization
from keepwarm.flows.clients import client_set_category
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def row_of(body: str, client: Client) -> str:
    start = body.index(f'<tr id="client-row-{client.pk}"')
    return body[start : body.index("</tr>", start)]


def test_a_row_escapes_names_and_shows_organization_flag_and_last_contact(web, alice, team):
    organization = Organization.objects.create(team=team, name="<i>Ink & Co</i>", search_name="ink & co")
    client = make_client(alice, last_name="O'Brien <b>", first_name="Ann", organization=organization)
    Client.objects.filter(pk=client.pk).update(
        do_not_contact=True, last_touch_at=dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)
    )
    row = row_of(web(alice).get("/clients/").content.decode(), client)
    assert "O&#x27;Brien &lt;b&gt; Ann</a>" in row
    assert '<small class="muted">&lt;i&gt;Ink &amp; Co&lt;/i&gt;</small>' in row
    assert '<span class="flag">Do not contact</span>' in row
    assert '<time datetime="2026-03-04T' in row
    assert 'class="pick"' not in row  # a manager reassigns nothing (OWN-1)
    assert "Log touch" in row


def test_a_leads_row_has_the_pick_box_and_owner_and_a_never_client_no_log_button(web, alice, lena):
    client = client_set_category(
        client=make_client(alice, last_name="Gone"),
        by=alice,
        category=Category.NEVER,
        never_reason=NeverReason.DECEASED,
    )
    row = row_of(web(lena).get("/clients/", {"category": "never"}).content.decode(), client)
    assert f'<input type="checkbox" name="clients" value="{client.pk}" aria-label="Select Gone Ion">' in row
    assert '<td data-label="Owner">Alice' in row
    assert "Log touch" not in row
    assert '<span class="muted">never</span>' in row  # no contact yet
    assert timezone.localdate().isoformat() not in row  # a NEVER client has no next step (CAT-5)
