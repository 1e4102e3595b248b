"""The clients' indexes that every write pays for: none that another index already leads with, none over a column
NULL on nearly every row (an import writes each of them for every row)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from keepwarm.clients.models import Client, Organization
from tests.factories import OrganizationFactory, UserFactory, make_client

pytestmark = pytest.mark.django_db

PARTIAL = {"client_do_not_contact", "client_binned_by", "organization_binned_by"}  # indexed only where set
DROPPED = [
    ("clients_client", "owner_id"),
    ("clients_client", "deleted_by_id"),
    ("clients_organization", "deleted_by_id"),
]


def test_the_plain_owner_and_deleted_by_indexes_are_gone():
    """Dropped by name (clients 0018): a name that missed would leave the index silently in place."""
    editor = connection.schema_editor()  # only its index names: not entered, so no schema change can start
    with connection.cursor() as cursor:
        for table, column in DROPPED:
            names = connection.introspection.get_constraints(cursor, table)
            assert editor._create_index_name(table, [column]) not in names
            alone = {name for name, found in names.items() if found["index"] and found["columns"] == [column]}
            assert alone <= PARTIAL


def test_a_deleted_user_no_longer_shows_as_who_binned_clients_and_organizations(alice):
    """SET_NULL on deleted_by through the index kept where it is set."""
    ops = UserFactory(username="ops", role="admin", team=None)
    kept, binned = make_client(alice, first_name="Kept"), make_client(alice, first_name="Binned")
    organization = OrganizationFactory(team=alice.team)
    Client.with_binned.filter(pk=binned.pk).update(deleted_at=timezone.now(), deleted_by=ops)
    Organization.with_binned.filter(pk=organization.pk).update(deleted_at=timezone.now(), deleted_by=ops)
    ops.delete()
    assert Client.with_binned.get(pk=binned.pk).deleted_by_id is None
    assert Organization.with_binned.get(pk=organization.pk).deleted_by_id is None
    assert Client.objects.get(pk=kept.pk).deleted_at is None


def _plan(sql: str, params: object) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner and its ANALYZE statistics")
def test_an_owners_clients_and_a_users_binned_rows_are_found_by_index(alice, bob):
    for number in range(30):
        make_client(alice if number % 2 else bob, first_name=f"C{number}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    owned = Client.objects.filter(owner=alice).order_by().values("pk").query.sql_with_params()
    assert "USING" in _plan(*owned)
    assert "SCAN clients_client " not in _plan(*owned) + " "
    binned_by = Client.with_binned.filter(deleted_by__in=[alice.pk]).order_by().values("pk").query.sql_with_params()
    assert "client_binned_by" in _plan(*binned_by)
