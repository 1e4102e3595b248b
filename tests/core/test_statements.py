"""core.statements: a queryset compiled once runs with other values and gives the rows the ORM would."""

from __future__ import annotations

import datetime as dt
import gc
import threading
import weakref

import pytest
from django.db import connections
from django.db.models import Count, Max, Model
from django.utils import timezone

from keepwarm.clients.models import Client
from keepwarm.core.statements import Statement
from keepwarm.flows.recycle import client_delete
from keepwarm.flows.touches import client_log_touch
from keepwarm.touches.models import Touch
from tests.factories import OrganizationFactory, make_client

pytestmark = pytest.mark.django_db


def fields(row: Model) -> dict[str, object]:
    return {name: value for name, value in vars(row).items() if not name.startswith("_")}


def test_rows_are_the_orms_with_their_related_rows_for_each_value(alice, bob, team):
    organization = OrganizationFactory(team=team)
    mine = make_client(alice, organization=organization, phones=["+37322123456"], birthday=dt.date(1980, 2, 29))
    theirs = make_client(bob, do_not_contact=True, do_not_contact_reason="asked")
    built = []

    def build(pk: int) -> object:
        built.append(pk)
        return Client.objects.select_related("organization", "owner__team").filter(pk=pk)

    read = Statement(build, pk=int)
    assert read.first(pk=mine.pk) is not None
    compiled = len(built)
    for client in (mine, theirs, mine):
        row = read.first(pk=client.pk)
        orm = Client.objects.select_related("organization", "owner__team").get(pk=client.pk)
        assert row is not None
        for made in (row, row.owner, row.owner.team, row.organization or row):  # a saved row, as from_db makes it
            assert (made._state.adding, made._state.db) == (False, "default")
        assert fields(row) == fields(orm)  # JSON, dates, booleans converted as the ORM does
        assert fields(row.owner) == fields(orm.owner)
        assert fields(row.owner.team) == fields(orm.owner.team)
        assert (row.organization and fields(row.organization)) == (orm.organization and fields(orm.organization))
    assert len(built) == compiled  # built at the first run only, not again for each run
    assert read.first(pk=theirs.pk + 1000) is None


def test_a_datetime_parameter_is_bound_as_the_orm_binds_it(alice):
    client = make_client(alice)
    for _ in range(3):
        client_log_touch(client=client, by=alice, channel="call", goal="present", outcome="no_answer")
    touches = list(Touch.objects.filter(client=client).order_by("happened_at", "id"))
    since = Statement(
        lambda client, since: Touch.objects.filter(client_id=client, happened_at__gte=since).order_by("id"),
        client=int,
        since=dt.datetime,
    )
    assert [t.pk for t in since.rows(client=client.pk, since=touches[1].happened_at)] == [t.pk for t in touches[1:]]
    assert since.rows(client=client.pk, since=timezone.now() + dt.timedelta(days=1)) == []


def test_a_naive_datetime_or_a_date_is_refused_rather_than_bound_otherwise_than_the_orm_binds_it(alice):
    client = make_client(alice)
    since = Statement(
        lambda client, since: Touch.objects.filter(client_id=client, happened_at__gte=since),
        client=int,
        since=dt.datetime,
    )
    for value in (dt.datetime(2026, 3, 4, 9, 30), dt.date(2026, 3, 4), "2026-03-04 09:30"):
        with pytest.raises(TypeError, match="time-zone-aware"):
            since.rows(client=client.pk, since=value)


def test_a_builder_whose_sql_or_values_are_not_its_parameters_alone_is_refused(alice):
    """Built once, a value computed from a parameter or read from the clock would be frozen at the first run."""
    client = make_client(alice)
    day = Statement(
        lambda client, since: Touch.objects.filter(
            client_id=client, happened_at__gte=since, happened_at__lt=since + dt.timedelta(days=1)
        ),
        client=int,
        since=dt.datetime,
    )
    recent = Statement(
        lambda client: Touch.objects.filter(client_id=client, happened_at__lt=timezone.now()), client=int
    )
    by_sign = Statement(  # SQL picked by the value
        lambda pk: Client.objects.filter(pk=pk) if pk > 0 else Client.objects.filter(pk=pk, do_not_contact=True),
        pk=int,
    )
    runs = (
        lambda: day.rows(client=client.pk, since=timezone.now()),
        lambda: recent.rows(client=client.pk),
        lambda: by_sign.rows(pk=client.pk),
    )
    for run in runs:
        with pytest.raises(ValueError, match="depend on its parameters only"):
            run()


def test_values_rows_are_the_orms_dicts_with_aggregates_converted(alice):
    client = make_client(alice, phones=["+37322123456"])
    for _ in range(2):
        client_log_touch(client=client, by=alice, channel="call", goal="present", outcome="no_answer")

    def build(client: int) -> object:
        touches = Touch.objects.filter(client_id=client).order_by().values("client_id")
        return touches.annotate(n=Count("pk"), last=Max("happened_at"))

    counts = Statement(build, client=int)
    assert counts.rows(client=client.pk) == list(build(client.pk))
    assert counts.rows(client=client.pk)[0]["n"] == 2
    phones = Statement(lambda pk: Client.objects.filter(pk=pk).values("phones", "do_not_contact"), pk=int)
    assert phones.first(pk=client.pk) == {"phones": ["+37322123456"], "do_not_contact": False}


def test_a_parameter_the_sql_does_not_take_or_a_related_managers_queryset_is_refused(alice):
    client = make_client(alice)
    with pytest.raises(ValueError, match="plain parameter"):
        Statement(lambda pk: Client.objects.all(), pk=int).rows(pk=1)
    with pytest.raises(TypeError):
        Statement(lambda pk: client.touches.filter(pk=pk), pk=int).rows(pk=1)
    with pytest.raises(TypeError):
        Statement(lambda pk: Client.objects.filter(pk=pk).values_list("pk"), pk=int).rows(pk=1)
    with pytest.raises(TypeError):
        Statement(lambda pk: Client.objects.filter(pk=pk), pk=int).rows(pk=1, other=2)


@pytest.mark.parametrize(
    ("who", "sees"),
    [("alice", {"alice"}), ("bob", {"bob"}), ("lena", {"alice", "bob"}), ("carol", {"carol"}), ("root", None)],
)
def test_own1_the_card_and_its_parts_read_the_client_through_the_users_scope(
    web, alice, bob, carol, lena, root, who, sees, request
):
    """client_for_user's statement, one per role: a manager's own clients, a lead's team's, an admin's all, and
    a client in the recycle bin nobody's (the card and a part alike)."""
    owners = {"alice": alice, "bob": bob, "carol": carol}
    clients = {name: make_client(owner, first_name=name.title()) for name, owner in owners.items()}
    binned = make_client(alice, first_name="Binned")
    client_delete(client=binned, by=lena)
    browser = web(request.getfixturevalue(who))
    for name, client in {**clients, "binned": binned}.items():
        visible = name != "binned" and (sees is None or name in sees)
        for url in (f"/clients/{client.pk}/", f"/clients/{client.pk}/offers/"):
            response = browser.get(url, headers={"HX-Request": "true"} if "offers" in url else {})
            assert response.status_code == (200 if visible else 404), (who, name, url)
            if visible and "offers" not in url:
                assert name.title() in response.content.decode()
    assert browser.get("/clients/99999999999999999999/").status_code == 404  # past any id column's range


@pytest.mark.django_db(transaction=True)
def test_a_statement_run_in_another_thread_converts_with_that_threads_connection_and_keeps_none_alive(alice):
    """A backend's converters are its connection's methods: kept from the run that compiled the statement, they
    would keep that thread's connection alive and serve every other thread's rows."""
    client = make_client(alice, phones=["+37322123456"])
    read = Statement(lambda pk: Client.objects.filter(pk=pk), pk=int)
    seen: list[tuple[object, weakref.ref[object]]] = []

    def run() -> None:
        row = read.first(pk=client.pk)
        seen.append((row and (row.phones, row.created_at), weakref.ref(connections["default"])))
        connections["default"].close()

    for _ in range(2):
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    gc.collect()
    orm = Client.objects.get(pk=client.pk)
    assert [found for found, _ in seen] == [(orm.phones, orm.created_at)] * 2
    assert [connection() for _, connection in seen] == [None, None]
