"""LANG-1: the client list sorts names as a speaker of the reader's language expects, alike on SQLite and
PostgreSQL (the suite runs on both), whether walking the name index or sorting a search's matches."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client as WebClient
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.accounts.models import User
from keepwarm.clients.selectors import ClientFilters, clients_listed
from keepwarm.core.collation import collation_name, sort_key_function
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


def _sqlite_plan(query: Any) -> str:
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's name indexes hold sort keys (core.collation)")
@pytest.mark.parametrize("language", ["ro", "en", "ru"])
def test_lang1_a_managers_list_walks_the_name_index_of_the_readers_language(clients, alice, language):
    """A page of the list reads the index in order instead of sorting the manager's clients. (A lead's walks
    client_name_<language> once the statistics show a large team: not so at a test's size.)"""
    alice.language = language
    listed = clients_listed(user=alice, filters=ClientFilters(), today=timezone.localdate())
    plan = _sqlite_plan(listed[:50].query)
    assert f"client_owner_name_{language}" in plan, plan
    assert "TEMP B-TREE" not in plan, plan


TEXTS = st.text(alphabet=st.sampled_from("aAăâîșțbBsSzZ ’-'.0ИиЯяЁёЙй"), max_size=8)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="on PostgreSQL NameKey is the collation itself")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(TEXTS, min_size=2, max_size=12))
@pytest.mark.parametrize("language", ["ro", "en", "ru"])
def test_lang1_sort_keys_order_names_as_the_collation_does(language, texts):
    """SQLite compares the ICU sort keys byte by byte: the order, ties included, of the ICU collation."""
    collation = collation_name(language)
    rows = " UNION ALL ".join(["SELECT %s AS name"] * len(texts))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, {sort_key_function(collation)}(name) FROM ({rows})", texts)
        keyed = cursor.fetchall()
        cursor.execute(f"SELECT a.name < b.name COLLATE {collation}, a.name = b.name COLLATE {collation} "
                       f"FROM ({rows}) a, ({rows}) b", [*texts, *texts])  # fmt: skip
        collated = cursor.fetchall()
    by_keys = [(a_key < b_key, a_key == b_key) for _a, a_key in keyed for _b, b_key in keyed]
    assert by_keys == [(bool(less), bool(same)) for less, same in collated]
