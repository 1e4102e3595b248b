"""CAT-7 agenda: overdue contacts stay on top but page on their own, so they never push the day's contacts off
Today or out of GET /api/agenda/; "show more" after logging some skips none; JOUR-1 in the API."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from keepwarm.journal import services as journal_services
from keepwarm.planner import agenda
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db

# A Tuesday, 10:00 in Chișinău: inside working hours, no holiday near.
TUESDAY_MORNING = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)
HTMX = {"HTTP_HX_REQUEST": "true"}


def backlog(owner, *, overdue: int, today: int) -> tuple[list[PlannedTouch], list[PlannedTouch]]:
    """`overdue` plans due 1..n days ago (the most overdue last made) and `today` clients due today."""
    day = timezone.localdate()
    late_client = make_client(owner, last_name="Late")
    step = PlannedTouch.objects.get(client=late_client, status=PlanStatus.OPEN, is_next_step=True)
    late = PlannedTouch.objects.bulk_create(
        PlannedTouch(
            client=late_client,
            owner=owner,
            due_date=day - dt.timedelta(days=overdue - number),
            channel=step.channel,
            goal=step.goal,
            kind=step.kind,
            is_next_step=False,
            explanation=step.explanation,
        )
        for number in range(overdue)
    )
    step.delete()
    due = []
    for number in range(today):
        client = make_client(owner, last_name=f"Today{number}")
        PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN, is_next_step=True).update(due_date=day)
        due.append(PlannedTouch.objects.get(client=client, is_next_step=True))
    return late, due


@pytest.fixture
def web(client):
    """Sign the test client in as a persona: web(alice).get(...)."""

    def signed_in(user):
        client.force_login(user)
        return client

    return signed_in


def more_link(html: str) -> str:
    """The overdue part's "show more" address."""
    found = re.search(r'id="agenda-overdue-more".*?hx-get="([^"]+)"', html, re.S)
    assert found is not None
    return found.group(1).replace("&amp;", "&")


def row_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<tr id="plan-(\d+)"', html)]


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_cat7_today_shows_every_contact_of_the_day_however_many_are_overdue(web, alice):
    late, due = backlog(alice, overdue=60, today=5)

    response = web(alice).get("/")

    html = response.content.decode()
    shown = row_ids(html)
    assert {plan.pk for plan in due} <= set(shown)  # all of today's, though 60 are overdue
    assert shown[:10] == [plan.pk for plan in late[:10]]  # overdue on top, the most overdue first
    assert len(shown) == 15
    assert re.search(r'Overdue <span class="muted" id="agenda-overdue-count">\(60\)</span>', html)  # all of it, counted
    assert re.search(r'Due today <span class="muted" id="agenda-due-count">\(5\)</span>', html)
    assert "Show more (50 left)" in html


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_cat7_show_more_appends_the_next_overdue_rows_and_skips_none_after_logging(web, alice):
    late, _ = backlog(alice, overdue=25, today=1)
    page = web(alice).get("/").content.decode()
    more_url = more_link(page)
    # The manager logs three of the rows on screen before asking for more.
    PlannedTouch.objects.filter(pk__in=[plan.pk for plan in late[:3]]).update(status=PlanStatus.DONE)

    more = web(alice).get("/" + more_url, **HTMX)

    assert more.status_code == 200
    html = more.content.decode()
    assert "<html" not in html
    assert row_ids(html) == [plan.pk for plan in late[10:20]]
    assert "Show more (5 left)" in html
    last = more_link(html)
    assert row_ids(web(alice).get("/" + last, **HTMX).content.decode()) == [plan.pk for plan in late[20:]]


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_show_more_with_an_unreadable_list_is_a_400_never_a_500(web, alice):
    backlog(alice, overdue=2, today=1)

    partial = web(alice).get("/", {"more": "overdue", "shown": "1,x"}, **HTMX)
    page = web(alice).get("/", {"more": "due", "shown": "-4"})

    assert partial.status_code == 400
    assert page.status_code == 400
    assert "This list of rows cannot be read" in page.content.decode()
    assert len(row_ids(page.content.decode())) == 3  # and the page still shows the agenda from the top


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_cat7_api_returns_the_days_contacts_beside_a_page_of_overdue_ones(alice):
    late, due = backlog(alice, overdue=60, today=5)

    first = api_as(alice).get("/api/agenda/", {"limit": 50}).json()
    second = api_as(alice).get("/api/agenda/", {"limit": 50, "offset": first["next_offset"]}).json()

    ids = [item["planned"]["id"] for item in first["items"]]
    assert ids[:50] == [plan.pk for plan in late[:50]]  # overdue on top, the most overdue first
    assert set(ids[50:]) == {plan.pk for plan in due}  # and every contact of the day
    assert [item["overdue"] for item in first["items"]] == [True] * 50 + [False] * 5
    assert (first["overdue_total"], first["day_total"], first["next_offset"]) == (60, 5, 50)
    assert [item["planned"]["id"] for item in second["items"]] == [plan.pk for plan in late[50:]]
    assert second["next_offset"] is None
    assert set(first) >= {"date", "items", "volume"}  # the fields clients already read stay
    assert first["volume"]["today"] == 65


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_agenda_api_rejects_a_bad_offset_or_a_date_it_cannot_reach(alice):
    for params, field in (({"offset": "-1"}, "offset"), ({"limit": "0"}, "limit"), ({"date": "9999-12-31"}, "date")):
        response = api_as(alice).get("/api/agenda/", params)
        assert response.status_code == 400, params
        assert field in response.json()


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_agenda_api_query_count_does_not_grow_with_the_overdue_backlog(alice):
    backlog(alice, overdue=3, today=2)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api_as(alice).get("/api/agenda/", {"limit": 5}).status_code == 200
        return len(captured)

    small = queries()
    backlog(alice, overdue=40, today=4)
    assert queries() == small


@time_machine.travel(dt.datetime(2026, 3, 9, 8, 0, tzinfo=dt.UTC), tick=False)  # a Monday
def test_jour1_weekly_review_is_on_the_api_agenda_as_on_today(web, alice):
    assert api_as(alice).get("/api/agenda/").json()["journal_review_due"] is False
    journal_services.journal_create(by=alice, method="Asked for a referral")

    assert api_as(alice).get("/api/agenda/").json()["journal_review_due"] is True
    assert "JOUR-1" in web(alice).get("/").content.decode()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert api_as(alice).get("/api/agenda/", {"date": tomorrow}).json()["journal_review_due"] is False


@time_machine.travel(TUESDAY_MORNING, tick=False)
def test_the_days_contacts_past_the_ranked_ones_follow_by_time(alice, monkeypatch):
    monkeypatch.setattr(agenda, "DAY_RANKED_AT_MOST", 3)
    _, due = backlog(alice, overdue=0, today=5)
    day = timezone.localdate()

    pages = [agenda.agenda_for(alice, day=day, due=slice(start, start + 2)).due for start in (0, 2, 4)]

    assert [page.total for page in pages] == [5, 5, 5]
    assert sorted(item.planned.pk for page in pages for item in page.items) == sorted(plan.pk for plan in due)
    assert [page.next_offset for page in pages] == [2, 4, None]


@time_machine.travel(TUESDAY_MORNING, tick=False)
@pytest.mark.parametrize("who", ["lena", "root"])
def test_own1_a_lead_and_an_admin_page_the_teams_backlog_the_same_way(web, alice, lena, root, who):
    late, due = backlog(alice, overdue=12, today=2)
    viewer = {"lena": lena, "root": root}[who]

    html = web(viewer).get("/").content.decode()

    assert row_ids(html) == [plan.pk for plan in late[:10]] + [plan.pk for plan in due]
    assert '<td data-label="Owner">Alice</td>' in html
    more = web(viewer).get("/" + more_link(html), **HTMX).content.decode()
    assert row_ids(more) == [plan.pk for plan in late[10:]]
