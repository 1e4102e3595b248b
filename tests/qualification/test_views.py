"""The scorecard page and partial, and the profile settings page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keepwarm.flows.touches import client_log_touch
from keepwarm.qualification.models import IndicatorMark
from tests.factories import make_client

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def queries(web_client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert web_client.get(url, **HTMX).status_code == 200
    return len(captured)


def test_qual1_scorecard_page_and_partial(web, alice):
    client = make_client(alice)
    url = reverse("qualification:scorecard", args=[client.pk])
    page = web(alice).get(url)
    assert page.status_code == 200
    assert b"<html" in page.content
    assert b'id="scorecard"' in page.content
    partial = web(alice).get(url, **HTMX)
    assert b"<html" not in partial.content
    assert b'id="mark-7"' in partial.content


def test_qual3_mark_and_unmark_from_the_card(web, alice):
    client = make_client(alice)
    url = reverse("qualification:mark", args=[client.pk, 12])
    today = timezone.localdate().isoformat()
    answer = web(alice).post(url, {"on": "on", "marked_on": today, "evidence": "says A then B"}, **HTMX)
    assert answer.status_code == 200
    assert b"says A then B" in answer.content
    assert IndicatorMark.objects.filter(client=client, number=12, unmarked_at__isnull=True).exists()
    refused = web(alice).post(reverse("qualification:mark", args=[client.pk, 13]), {"on": "on"}, **HTMX)
    assert b"errorlist" in refused.content
    web(alice).post(url, {"marked_on": today}, **HTMX)
    assert not IndicatorMark.objects.filter(client=client, unmarked_at__isnull=True).exists()


def test_qual4_scorecard_partial_query_count_does_not_grow(web, alice):
    client = make_client(alice)
    web_client = web(alice)
    url = reverse("qualification:scorecard", args=[client.pk])
    web_client.get(url, **HTMX)  # the first read stores the scorecard
    small = queries(web_client, url)
    for number in range(7, 12):
        web_client.post(
            reverse("qualification:mark", args=[client.pk, number]),
            {"on": "on", "marked_on": timezone.localdate().isoformat(), "evidence": "seen"},
            **HTMX,
        )
    for _ in range(5):
        client_log_touch(client=client, by=alice, channel="email", goal="offer", outcome="sent", material="deck")
    web_client.get(url, **HTMX)  # rescored after the new touches
    assert queries(web_client, url) == small <= 8


def test_own1_scorecard_pages_answer_404(web, alice, carol):
    client = make_client(alice)
    assert web(carol).get(reverse("qualification:scorecard", args=[client.pk])).status_code == 404
    assert web(carol).post(reverse("qualification:mark", args=[client.pk, 7]), {"on": "on"}).status_code == 404


def test_qual2_profile_settings_page_for_leads(web, alice, lena):
    url = reverse("qualification:profile")
    assert web(alice).get(url).status_code == 403
    answer = web(lena).post(url, {"employees_min": "5", "countries": ["MD", "RO"], "target_verticals": "logistics"})
    assert answer.status_code == 302
    assert lena.team.profile.countries == ["MD", "RO"]


def test_qual2_profile_settings_saved_as_shown_keeps_the_lists(web, lena):
    """The typed lists are shown comma-separated and the countries picked by name, so saving the page unchanged
    keeps them as they were."""
    url = reverse("qualification:profile")
    lists = {"target_verticals": "Ambalaje, Logistică", "territories": "", "other_scheme_verticals": ""}
    assert web(lena).post(url, {"employees_min": "5", "countries": ["MD", "RO"], **lists}).status_code == 302
    page = web(lena).get(url)
    shown = {name: page.context["form"][name].value() for name in lists}
    assert shown == lists
    assert page.context["form"]["countries"].value() == ["MD", "RO"]
    select = page.content.decode().split('name="countries"')[1].split("</select>")[0]
    assert select.index('<option value="MD" selected>Moldova</option>') < select.index('value="AF"')  # seen first
    for _ in range(2):
        assert web(lena).post(url, {"employees_min": "5", "countries": ["MD", "RO"], **shown}).status_code == 302
    lena.team.profile.refresh_from_db()
    assert lena.team.profile.countries == ["MD", "RO"]
    assert lena.team.profile.target_verticals == ["Ambalaje", "Logistică"]
    assert lena.team.profile.territories == []


def test_qual2_a_country_that_is_no_code_is_refused(web, lena):
    url = reverse("qualification:profile")
    answer = web(lena).post(url, {"employees_min": "5", "countries": ["MD", "Россия"]})
    assert answer.status_code == 200
    assert "countries" in answer.context["form"].errors
    lena.team.profile.refresh_from_db()
    assert lena.team.profile.countries == []
