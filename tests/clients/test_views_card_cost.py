"""Issue 15: the client card does no work for the parts the user has not opened, and its parts stay cheap."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from keepwarm.clients.access import clients_visible_to
from keepwarm.clients.models import Client
from keepwarm.planner.models import TeamPlannerSettings
from tests.factories import make_client

pytestmark = pytest.mark.django_db


class Fetches(HTMLParser):
    """hx-get addresses by what fetches them: the page loading ("load") or the user opening a section."""

    def __init__(self) -> None:
        super().__init__()
        self.on_load: set[str] = set()
        self.when_opened: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("hx-get") and values.get("hx-trigger"):
            events = set(re.split(r"[\s,]+", values["hx-trigger"] or ""))
            (self.on_load if "load" in events else self.when_opened).add(values["hx-get"] or "")


def test_card_loads_the_year_plan_scorecard_and_offers_only_when_opened(web, alice):
    client = make_client(alice, category="now")
    browser = web(alice)
    fetches = Fetches()
    fetches.feed(browser.get(reverse("clients:detail", args=[client.pk])).content.decode())
    lazy = {
        reverse("planner:client-plan", args=[client.pk]),
        reverse("qualification:scorecard", args=[client.pk]),
        reverse("catalog:client-offers", args=[client.pk]),
    }
    assert lazy <= fetches.when_opened
    assert not fetches.on_load  # the letters and the ladder sections are on the page itself
    plan = browser.get(reverse("planner:client-plan", args=[client.pk]), headers={"HX-Request": "true"})
    assert plan.status_code == 200
    assert "forecast" in plan.content.decode()  # opened, the year is still there
    scorecard = browser.get(reverse("qualification:scorecard", args=[client.pk]), headers={"HX-Request": "true"})
    assert 'id="scorecard"' in scorecard.content.decode()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner and its ANALYZE statistics")
def test_referrals_of_a_client_are_found_by_index_when_almost_nobody_was_referred(alice):
    """The ladder counts a client's referrals on every card; with the column NULL on nearly every row,
    ANALYZE made SQLite scan the whole clients table for that count unless only set values are indexed."""
    clients = [make_client(alice, first_name=f"R{number}") for number in range(30)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sql, params = Client.objects.filter(referred_by=clients[0]).order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "SCAN" not in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner")
def test_team_lead_list_does_not_go_through_the_recycle_bin_index(lena, alice):
    """Before ANALYZE ran (a new database, or a migration that rebuilt the table) SQLite took an index on
    deleted_at, NULL on almost every row, for the kept clients' `deleted_at IS NULL` and read the whole team."""
    make_client(alice)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    query = clients_visible_to(lena).order_by("last_name", "first_name", "id")[:50].query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert not re.search(r"INDEX \S*(deleted|binned)", plan), plan


def test_templates_are_parsed_once_per_process():
    """Production (DEBUG off) keeps parsed templates: no loaders are set, so template_partials puts the file and
    app loaders behind Django's cached loader; setting `loaders` by hand would silently lose that."""
    from django.template import engines
    from django.template.loaders.cached import Loader as CachedLoader

    (outer,) = engines["django"].engine.template_loaders  # type: ignore[attr-defined]
    assert [type(loader) for loader in getattr(outer, "loaders", [outer])] == [CachedLoader]


def test_card_shows_the_ladder_section_itself_with_the_ladder_level_it_counts(web, alice):
    """The ladder section came as a part loaded after the page, a request of its own; the header's level and the
    section's come from the same reading."""
    client = make_client(alice, category="now")
    body = web(alice).get(reverse("clients:detail", args=[client.pk])).content.decode()
    fetches = Fetches()
    fetches.feed(body)
    assert reverse("ladder:card", args=[client.pk]) not in fetches.on_load
    assert '<section id="ladder" class="card" aria-labelledby="ladder-title">' in body
    assert "Earned privileges (LAD-5)" in body
    assert 'href="#ladder"' in body
    assert "Ladder: Prospect" in body


def test_the_card_and_its_year_plan_follow_the_teams_planner_settings_read_with_the_client(web, alice, team):
    """The card and the year plan read the owner's team's planner settings with the client (one query less each):
    a change of the team's working days shows on the next view of both."""
    client = make_client(alice, category="now", country="MD")
    browser = web(alice)
    card, plan = reverse("clients:detail", args=[client.pk]), reverse("planner:client-plan", args=[client.pk])
    wednesday = dt.datetime(2026, 12, 9, 10, 0, tzinfo=dt.UTC)  # noon in Chisinau
    with time_machine.travel(wednesday, tick=False):
        assert "a good moment to call" in browser.get(card).content.decode()
        TeamPlannerSettings.objects.update_or_create(team=team, defaults={"workdays": "12"})  # Mondays, Tuesdays
        assert "a day off or public holiday" in browser.get(card).content.decode()
        rows = browser.get(plan, headers={"HX-Request": "true"}).content.decode()
    days = re.findall(r"<li class=\"sales\">\s*<strong>[^<]*\((\w+)\)</strong>", rows)  # greetings keep their dates
    assert days, rows
    assert set(days) <= {"Monday", "Tuesday"}, days
