"""LANG-1: the client list sorts names as a speaker of the reader's language expects, alike on SQLite and
PostgreSQL (the suite runs on both), whether walking the name index or sorting a search's matches."""

from __future__ import annotations

import re

import pytest
from django.test import Client as WebClient

from keepwarm.accounts.models import User
from tests.conftest import api_as
from tests.factories import UserFactory, make_client

pytestmark = pytest.mark.django_db

NAMES = ["Brown", "Яковлев", "Șerban", "Botnaru", "Bazar", "Sîrbu", "Bîrsan", "Иванов", "Bărbat", "Bălan", "Sandu"]
# Romanian: ă after a, î after i, ș after s (each a letter of its own); Latin before Cyrillic.
ROMANIAN = ["Bazar", "Bălan", "Bărbat", "Bîrsan", "Botnaru", "Brown", "Sandu", "Sîrbu", "Șerban", "Иванов", "Яковлев"]
# English: diacritics only break ties; Latin before Cyrillic.
ENGLISH = ["Bălan", "Bărbat", "Bazar", "Bîrsan", "Botnaru", "Brown", "Sandu", "Șerban", "Sîrbu", "Иванов", "Яковлев"]
# Russian: Cyrillic first, then Latin in the root order.
RUSSIAN = ["Иванов", "Яковлев", *ENGLISH[:-2]]


def _listed(user: User, language: str, **params: str) -> list[str]:
    user.language = language
    user.save(update_fields=["language"])
    answer = api_as(user).get("/api/clients/", {"sort": "name", **params})
    assert answer.status_code == 200
    return [row["last_name"] for row in answer.json()["results"]]


@pytest.fixture
def clients(alice):
    for name in NAMES:
        make_client(alice, last_name=name)


@pytest.mark.parametrize(("language", "expected"), [("ro", ROMANIAN), ("en", ENGLISH), ("ru", RUSSIAN)])
def test_lang1_client_list_sorts_names_in_the_readers_language(clients, alice, language, expected):
    assert _listed(alice, language) == expected


@pytest.mark.parametrize(("language", "expected"), [("ro", ROMANIAN), ("ru", RUSSIAN)])
def test_lang1_a_searchs_matches_sort_the_same_way(clients, alice, language, expected):
    assert _listed(alice, language, q="Ion") == expected  # every client here is an Ion


def test_lang1_a_lead_sees_the_team_in_the_same_order(clients, lena):
    assert _listed(lena, "ro") == ROMANIAN


# Managers as the picker shows them, first name first: ș is a letter after s in Romanian, an s with a mark in English.
MANAGERS_IN = {
    "ro": ["Alice", "Bob", "Lena", "Sandu", "Szabo", "Ștefan", "Tudor", "Мария"],
    "en": ["Alice", "Bob", "Lena", "Sandu", "Ștefan", "Szabo", "Tudor", "Мария"],
    "ru": ["Мария", "Alice", "Bob", "Lena", "Sandu", "Ștefan", "Szabo", "Tudor"],
}


@pytest.mark.parametrize("language", ["ro", "en", "ru"])
def test_lang1_owner_picker_sorts_managers_in_the_readers_language(team, alice, bob, lena, language):
    for first_name in ("Мария", "Ștefan", "Szabo", "Sandu", "Tudor"):
        UserFactory(username=f"m{len(first_name)}{first_name[-1]}", team=team, first_name=first_name)
    lena.language = language
    lena.save(update_fields=["language"])
    web = WebClient()
    web.force_login(lena)
    page = web.get("/clients/").content.decode()
    picker = page[page.index('name="owner"') :]
    picker = picker[: picker.index("</select>")]
    shown = [int(pk) for pk in re.findall(r'<option value="(\d+)"', picker)]
    names = dict(User.objects.values_list("pk", "first_name"))
    assert [names[pk] for pk in shown] == MANAGERS_IN[language]
