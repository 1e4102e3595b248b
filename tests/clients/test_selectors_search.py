"""Client search through the trigram indexes (pg_trgm, SQLite FTS5): what it finds, and that it never goes stale."""

from __future__ import annotations

import pytest
from django.db import connection

from keepwarm.clients import services
from keepwarm.clients.models import Client
from keepwarm.clients.selectors import client_search
from keepwarm.flows import clients as client_flows
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def found(q: str) -> set[str]:
    return set(client_search(Client.objects.all(), q=q).values_list("first_name", flat=True))


@pytest.fixture
def people(alice):
    organization = services.organization_create(by=alice, name="Vinăria Purcari")
    make_client(alice, first_name="Ștefan", last_name="Țurcanu", phones=["+37369123456"], organization=organization)
    make_client(alice, first_name="Пётр", last_name="Ёлкин", emails=["petr.elkin@example.md"])
    make_client(alice, first_name="Ion", last_name="Popescu")
    return organization


@pytest.mark.parametrize(
    ("q", "names"),
    [
        ("turcan", {"Ștefan"}),  # Romanian without diacritics
        ("ȚURCANU ștefan", {"Ștefan"}),  # several words, any case
        ("елкин", {"Пётр"}),  # Ё typed as Е
        ("ЁЛКИН", {"Пётр"}),
        ("elkin@example", {"Пётр"}),
        ("purcari", {"Ștefan"}),  # the organization
        ("069 123-456", {"Ștefan"}),  # a phone as dialled at home
        ("+373 (69) 123456", {"Ștefan"}),
        ("(69) 12", {"Ștefan"}),  # short terms are checked too
        ("Io", {"Ion"}),  # shorter than a trigram
        ("a", {"Ștefan", "Пётр"}),
        ("popescu ion", {"Ion"}),
        ("popescu petr", set()),
    ],
)
def test_search_finds_names_contacts_and_organizations(people, q, names):
    assert found(q) == names


@pytest.mark.parametrize("q", ['"pop', 'pop"escu', "pop*", "NOT popescu", "popescu OR", "ion AND", "(pop", "'; --"])
def test_search_syntax_in_the_query_is_plain_text(people, q):
    assert found(q) <= {"Ion"}  # never an error page; full-text operators mean nothing here


def test_search_follows_every_write(alice, people):
    client = Client.objects.get(first_name="Ion")
    client_flows.client_update(client=client, by=alice, expected_version=client.version, last_name="Munteanu")
    assert found("popescu") == set()
    assert found("munteanu") == {"Ion"}
    Client.objects.filter(pk=client.pk).update(search_text="raw sql edit")  # bulk writes are indexed too
    assert found("munteanu") == set()
    assert found("raw sql") == {"Ion"}
    Client.objects.filter(pk=client.pk).delete()
    assert found("raw sql") == set()


def test_search_follows_an_organization_rename(alice, people):
    client_flows.organization_update(organization=people, by=alice, expected_version=people.version, name="Asconi")
    assert found("purcari") == set()
    assert found("asconi") == {"Ștefan"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table and its triggers are SQLite's")
def test_sqlite_search_index_survives_every_migration(people):
    """SQLite drops a table's triggers when a migration rebuilds the table: the index would then go stale."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'clients_client'")
        triggers = {row[0] for row in cursor.fetchall()}
        cursor.execute("INSERT INTO clients_client_search(clients_client_search) VALUES ('integrity-check')")
    assert triggers >= {f"clients_client_search_{event}" for event in ("insert", "update", "delete")}
