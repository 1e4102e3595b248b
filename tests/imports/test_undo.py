"""Undoing an import in the background (both databases): asked through the API or the page, refused at once when the
rules say no, taken back by the worker the last row first with its progress shown, and resumed after a killed worker
without taking a row back twice; every Now/Future client ends with one next step (CAT-5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from keepwarm.clients.models import Client
from keepwarm.flows import imports_undo
from keepwarm.flows.imports import STALE_AFTER, import_run
from keepwarm.flows.imports_queue import import_undo, watch_import
from keepwarm.imports.models import ImportJob
from keepwarm.touches.models import PlannedTouch
from tests.conftest import api_as
from tests.imports.helpers import run_import

SEED = b"Name;Phone\nIon Popescu;022 123 456\nMaria Rusu;079 555 444\n"
# Two rows update Ion (his position twice), one Maria, two create new clients.
UPDATE = (
    b"Name;Phone;Position;Category\n"
    b"Ion Popescu;022 123 456;Manager;\n"
    b"Nou Client;069 000 111;;now\n"
    b"Ion Popescu;022 123 456;Director;now\n"
    b"Maria Rusu;079 555 444;Owner;\n"
    b"Alt Client;069 000 222;;\n"
)


def imported(alice, capture) -> tuple[ImportJob, dict[str, Client]]:
    run_import(alice, "seed.csv", SEED, capture=capture)
    seeded = {client.first_name: client for client in Client.objects.all()}
    job = run_import(alice, "update.csv", UPDATE, capture=capture, dedup="update")
    assert (job.created, job.updated) == (2, 3)
    assert Client.objects.get(pk=seeded["Ion"].pk).position == "Director"
    return job, seeded


def assert_taken_back(job: ImportJob, seeded: dict[str, Client]) -> None:
    job.refresh_from_db()
    assert (job.status, job.undo_rows_done, job.undo_rows_total) == (ImportJob.Status.UNDONE, 5, 5)
    assert sorted(Client.objects.values_list("first_name", flat=True)) == ["Ion", "Maria"]  # the new ones binned
    assert Client.with_binned.filter(deleted_at__isnull=False).count() == 2
    ion, maria = Client.objects.get(pk=seeded["Ion"].pk), Client.objects.get(pk=seeded["Maria"].pk)
    assert (ion.position, ion.category, maria.position) == ("", "future", "")  # as before the first row
    for client in (ion, maria):  # CAT-5
        assert PlannedTouch.objects.filter(client=client, status="open", is_next_step=True).count() == 1
    assert not PlannedTouch.objects.filter(client__deleted_at__isnull=False, status="open").exists()


@pytest.mark.django_db
def test_cat5_an_undo_through_the_api_answers_202_and_the_worker_takes_every_row_back(
    alice, django_capture_on_commit_callbacks
):
    job, seeded = imported(alice, django_capture_on_commit_callbacks)
    api = api_as(alice)
    with django_capture_on_commit_callbacks() as queued:  # the worker has not run yet
        response = api.post(f"/api/imports/{job.pk}/undo/")
    assert response.status_code == 202
    body = response.json()
    assert (body["status"], body["undo_rows_done"], body["undo_rows_total"]) == ("undoing", 0, 5)
    assert Client.objects.count() == 4  # nothing taken back in the request

    # While it is being undone: not undone again, not cancelled, not run again.
    again = api.post(f"/api/imports/{job.pk}/undo/", HTTP_ACCEPT_LANGUAGE="en")
    assert (again.status_code, again.json()["non_field_errors"]) == (400, ["This import is already being undone."])
    assert api.post(f"/api/imports/{job.pk}/cancel/").status_code == 400
    assert import_run(job_id=job.pk) is None

    for callback in queued:  # the task, as the worker runs it
        callback()
    shown = api.get(f"/api/imports/{job.pk}/").json()
    assert (shown["status"], shown["undo_rows_done"], shown["undo_percent"]) == ("undone", 5, 100)
    assert_taken_back(job, seeded)


@pytest.mark.django_db
def test_cat5_an_undo_through_the_page_shows_its_progress_then_undone(alice, django_capture_on_commit_callbacks):
    from tests.imports.test_pages import browser_as, page

    job, seeded = imported(alice, django_capture_on_commit_callbacks)
    browser = browser_as(alice, "en")
    with django_capture_on_commit_callbacks() as queued:
        assert browser.post(f"/imports/{job.pk}/undo/").status_code == 302
    html = page(browser, f"/imports/{job.pk}/")
    assert "Being undone" in html
    assert "0 of 5 rows undone" in html
    assert f'hx-get="/imports/{job.pk}/progress/"' in html  # polled
    assert "cannot be undone again" in html
    assert f'href="/imports/{job.pk}/undo/"' not in html
    refused = browser.post(f"/imports/{job.pk}/undo/")
    assert refused.status_code == 400
    assert "This import is already being undone." in refused.content.decode()

    for callback in queued:
        callback()
    status = page(browser, f"/imports/{job.pk}/progress/")
    assert "Undone: 5 rows taken back" in status
    assert "hx-get" not in status  # over: no more polling
    assert_taken_back(job, seeded)


@pytest.mark.django_db
def test_own1_only_the_importer_their_lead_or_an_admin_undoes(alice, bob, lena, django_capture_on_commit_callbacks):
    job, _seeded = imported(alice, django_capture_on_commit_callbacks)
    with pytest.raises(PermissionDenied):
        import_undo(job=job, by=bob)
    assert api_as(bob).post(f"/api/imports/{job.pk}/undo/").status_code == 404  # not even seen (OWN-1)
    with django_capture_on_commit_callbacks(execute=True):
        assert api_as(lena).post(f"/api/imports/{job.pk}/undo/").status_code == 202
    job.refresh_from_db()
    assert (job.status, job.undo_by) == (ImportJob.Status.UNDONE, lena)


@pytest.mark.django_db(transaction=True)  # as the worker runs it: each turn its own transaction
def test_cat5_an_undo_whose_worker_died_resumes_and_takes_each_row_back_once(
    alice, monkeypatch, django_capture_on_commit_callbacks
):
    job, seeded = imported(alice, django_capture_on_commit_callbacks)
    reverted: list[str] = []  # the position each revert puts back, in the order they ran
    real = imports_undo.client_revert_row

    def revert_then_die_on_the_second(**kwargs):
        reverted.append(kwargs["before"].get("position", "-"))
        real(**kwargs)
        if len(reverted) == 2:
            raise SystemExit("the worker is killed")

    monkeypatch.setattr(imports_undo, "TURN_ROWS", 1)  # a transaction a row: the kill falls between two
    monkeypatch.setattr(imports_undo, "client_revert_row", revert_then_die_on_the_second)
    with transaction.atomic():  # asked, not queued: the test is the worker
        imports_undo.import_undo_mark(job=job, by=alice)
    with pytest.raises(SystemExit):
        imports_undo.import_undo_run(job_id=job.pk)
    job.refresh_from_db()
    # Rows 6 (created) and 5 (Maria's update) were taken back; row 4 (Ion's second update) died with its turn.
    assert (job.status, job.undo_rows_done, job.undone_from) == (ImportJob.Status.UNDOING, 2, 5)
    assert Client.objects.get(pk=seeded["Ion"].pk).position == "Director"
    assert Client.objects.get(pk=seeded["Maria"].pk).position == ""

    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - STALE_AFTER - dt.timedelta(seconds=1))
    assert watch_import.call(job.pk) == "resumed"  # the test backend runs the queued undo at once
    # Maria back to "", Ion's second update to "Manager" (rolled back with the kill, then again), his first to "":
    # had a row been taken back twice (Ion's second after his first), he would be left a "Manager".
    assert reverted == ["", "Manager", "Manager", ""]
    assert_taken_back(job, seeded)
    assert watch_import.call(job.pk) == ""  # over: the watchdog stops


@pytest.mark.django_db
def test_an_undo_refused_for_a_dry_run_or_after_30_days_says_why(alice, django_capture_on_commit_callbacks):
    dry = run_import(alice, "a.csv", b"Name\nA\n", capture=django_capture_on_commit_callbacks, dry_run=True)
    job, _seeded = imported(alice, django_capture_on_commit_callbacks)
    api = api_as(alice)
    refused = api.post(f"/api/imports/{dry.pk}/undo/")
    assert (refused.status_code, refused.json()["non_field_errors"]) == (
        400,
        ["A dry run saved nothing, so there is nothing to undo."],
    )
    ImportJob.objects.filter(pk=job.pk).update(undo_until=timezone.now() - dt.timedelta(minutes=1))
    late = api.post(f"/api/imports/{job.pk}/undo/")
    assert late.status_code == 400
    assert "more than 30 days old" in late.json()["non_field_errors"][0]
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.DONE
