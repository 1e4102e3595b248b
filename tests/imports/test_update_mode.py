"""Dedup mode "update" (both databases): the category (CAT-2), the last contact and purchase (SIX-1) go onto the
matched client, and undo takes them back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from keepwarm.clients.models import CategoryChange, Client, Order
from keepwarm.imports.models import ImportRow
from keepwarm.touches.models import PlannedTouch, Touch
from tests.imports.helpers import run_import, undo_import

pytestmark = pytest.mark.django_db

SEED = b"Name;Phone\nIon Popescu;022 123 456\nMaria Rusu;079 555 444\nAndrei Ciobanu;068 777 888\n"


def seeded(alice, capture) -> dict[str, Client]:
    run_import(alice, "seed.csv", SEED, capture=capture)
    return {client.first_name: client for client in Client.objects.all()}


def next_steps(client: Client) -> int:
    return PlannedTouch.objects.filter(client=client, status="open", is_next_step=True).count()


def test_cat2_update_mode_sets_the_category_never_only_with_its_reason_and_undo_reverts_it(
    alice, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    people = seeded(alice, capture)
    data = (
        "Name;Phone;Category;Never reason\n"
        "Ion Popescu;022 123 456;acum;\n"
        "Maria Rusu;079 555 444;никогда;\n"
        "Andrei Ciobanu;068 777 888;never;lichidata\n"
    ).encode()
    job = run_import(alice, "categories.csv", data, capture=capture, dedup="update")
    rows = {row.number: row for row in ImportRow.objects.filter(job=job)}
    assert [rows[n].status for n in (2, 3, 4)] == ["updated", "failed", "updated"]
    assert [error["code"] for error in rows[3].errors] == ["never_needs_reason"]
    ion, maria, andrei = (Client.objects.get(pk=people[name].pk) for name in ("Ion", "Maria", "Andrei"))
    assert (ion.category, maria.category, andrei.category, andrei.never_reason) == ("now", "future", "never",
                                                                                    "liquidated")  # fmt: skip
    change = CategoryChange.objects.filter(client=ion).latest("changed_at")
    assert (change.from_category, change.to_category, change.reason_code) == ("future", "now", "imported")
    assert (next_steps(ion), next_steps(andrei)) == (1, 0)  # CAT-5: Never has no next step

    undo_import(alice, job, capture=capture)
    ion.refresh_from_db()
    andrei.refresh_from_db()
    assert (ion.category, andrei.category, andrei.never_reason) == ("future", "future", "")
    assert CategoryChange.objects.filter(client=andrei).latest("changed_at").reason_code == "import_undone"
    assert (next_steps(ion), next_steps(andrei)) == (1, 1)


def test_cat2_a_never_client_is_not_brought_back_by_a_file(alice, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    run_import(alice, "gone.csv", b"Name;Phone;Category;Never reason\nIon Popescu;022 123 456;never;decedat\n",
               capture=capture)  # fmt: skip
    job = run_import(alice, "back.csv", b"Name;Phone;Category\nIon Popescu;022 123 456;acum\n",
                     capture=capture, dedup="update")  # fmt: skip
    row = ImportRow.objects.get(job=job)
    assert (row.status, [error["code"] for error in row.errors]) == ("failed", ["never_correction"])
    assert Client.objects.get().category == "never"


def test_six1_update_mode_records_a_later_last_contact_and_purchase_and_undo_removes_them(
    alice, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    ion = seeded(alice, capture)["Ion"]
    data = b"Name;Phone;Last contact;Last purchase\nIon Popescu;022 123 456;01.10.2026;15.09.2026\n"
    job = run_import(alice, "history.csv", data, capture=capture, dedup="update")
    ion.refresh_from_db()
    touch = Touch.objects.get(client=ion)
    assert (touch.happened_at.date(), touch.outcome) == (dt.date(2026, 10, 1), "reached")
    assert ion.last_touch_at == touch.happened_at
    order = Order.objects.get(client=ion)
    assert order.ordered_on == ion.last_order_on == dt.date(2026, 9, 15)
    assert ion.relationship_group == "customer"
    assert next_steps(ion) == 1

    again = run_import(alice, "history.csv", data, capture=capture, dedup="update")  # nothing later: nothing added
    assert (Touch.objects.filter(client=ion).count(), Order.objects.filter(client=ion).count()) == (1, 1)

    with pytest.raises(ValidationError, match="nothing to undo"):  # the second run changed nothing
        undo_import(alice, again, capture=capture)
    undo_import(alice, job, capture=capture)
    ion.refresh_from_db()
    assert not Touch.objects.filter(client=ion).exists()
    assert not Order.objects.filter(client=ion).exists()
    assert (ion.last_touch_at, ion.last_order_on, ion.relationship_group) == (None, None, "prospect")
    assert next_steps(ion) == 1


def test_plan1_steps_client_replan_writes_during_an_import_count_against_the_owners_capacity(
    alice, django_capture_on_commit_callbacks, monkeypatch
):
    """Matched clients are re-planned by client_replan in the middle of an import; the new clients planned in the
    batches after must see those steps in the owner's day counts, or a day gets more steps than capacity."""
    from collections import Counter

    capture = django_capture_on_commit_callbacks
    people = seeded(alice, capture)
    PlannedTouch.objects.all().delete()  # the matched clients wait for their step: client_replan gives it
    alice.daily_capacity = 1
    alice.save(update_fields=["daily_capacity"])
    monkeypatch.setattr("keepwarm.flows.imports.batch_rows", lambda: 2)  # a new client and a matched one a batch
    data = (  # the matched rows change the position: a row that changes nothing is skipped, not re-planned
        b"Name;Phone;Position\n"
        b"Vasile Lupu;069 100 001;\nIon Popescu;022 123 456;Director\n"
        b"Elena Cojocaru;069 100 002;\nMaria Rusu;079 555 444;Director\n"
        b"Petru Rares;069 100 003;\nAndrei Ciobanu;068 777 888;Director\n"
        b"Ana Munteanu;069 100 004;\nDan Botnaru;069 100 005;\n"
    )
    job = run_import(alice, "mixed.csv", data, capture=capture, dedup="update")
    assert (
        sorted(ImportRow.objects.filter(job=job).values_list("status", flat=True)) == ["created"] * 5 + ["updated"] * 3
    )
    steps = PlannedTouch.objects.filter(owner=alice, status="open", is_next_step=True)
    assert steps.filter(client__in=people.values()).count() == 3  # CAT-5
    assert max(Counter(steps.values_list("due_date", flat=True)).values()) == 1  # PLAN-1
