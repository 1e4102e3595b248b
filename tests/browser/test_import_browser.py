"""Importing clients in the browser: upload -> how to read the file -> map the columns (the preview follows) ->
run -> progress -> the result with the rows not imported and the undo."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from keepwarm.clients.models import Client
from keepwarm.flows.imports import import_run
from keepwarm.flows.imports_undo import import_undo_run
from keepwarm.imports.models import ImportJob
from tests.browser.conftest import htmx_settled, log_in
from tests.imports.conftest import FILES

pytestmark = pytest.mark.browser


def test_cat5_upload_map_preview_run_progress_and_result(page: Page, alice, settings):
    # The worker is this test: the job waits queued until it runs it, so the page's progress is seen moving.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    log_in(page, "alice")
    page.goto("/clients/")
    page.get_by_role("link", name="Import").click()
    page.set_input_files("#id_file", str(FILES / "clients_windows1251_semicolon.csv"))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("h1")).to_contain_text("clients_windows1251_semicolon.csv")
    expect(page.locator("main")).to_contain_text("Encoding: Windows-1251.")  # as the encoding list names it
    expect(page.locator("#id_column_0")).to_have_value("full_name")  # suggested from "ФИО"
    expect(page.locator("#import-preview")).to_contain_text("Not a phone number we can dial.")
    # Row 4's bad cells sit across a table wider than the screen; its number names them all, in view.
    row_four = page.locator("#import-preview tbody th", has_text="4")
    expect(row_four).to_contain_text("Problems in Телефон, Эл. почта, День рождения")
    expect(row_four).to_be_in_viewport()

    page.select_option("#id_column_3", "")  # leave the e-mails out: the preview no longer finds a bad one
    htmx_settled(page)
    expect(page.locator("#import-preview")).not_to_contain_text("Not a valid e-mail address.")
    page.select_option("#id_column_3", "email")
    htmx_settled(page)
    expect(page.locator("#import-preview")).to_contain_text("Not a valid e-mail address.")

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#import-status")).to_contain_text("Queued")
    job = ImportJob.objects.get()
    import_run(job_id=job.pk)
    expect(page.locator("#import-status")).to_contain_text("Done", timeout=10000)  # the page polled it
    expect(page.locator("#count-created")).to_have_text("3")
    expect(page.locator("#count-failed")).to_have_text("3")
    expect(page.locator(".import-errors")).to_contain_text("(CAT-2)")
    assert page.locator("a", has_text="Download them (CSV)").get_attribute("href") == f"/imports/{job.pk}/errors/"

    page.get_by_role("link", name="Undo this import…").click()  # asks first: nothing undone yet
    assert Client.objects.count() == 3
    page.get_by_role("button", name="Undo this import").click()
    expect(page.locator("#import-status")).to_contain_text("Being undone")  # queued: the worker takes it back
    expect(page.locator("#undo-count")).to_contain_text("0 of 3 rows undone")
    import_undo_run(job_id=job.pk)
    expect(page.locator("#import-status")).to_contain_text("Undone", timeout=10000)  # the page polled it
    expect(page.locator("#undo-count")).to_contain_text("3 rows taken back")
    assert not Client.objects.exists()


def test_a_file_over_the_limit_shows_the_upload_form_with_its_error(page: Page, alice, settings, tmp_path):
    """The body is turned away unread; the browser still lands on the import page with the form's error."""
    settings.FILE_UPLOAD_MAX_BODY = 64 * 1024
    big = tmp_path / "big.csv"
    big.write_bytes(b"Name\n" + b"Client\n" * 40000)  # 280 KB
    log_in(page, "alice")
    page.goto("/imports/")
    page.set_input_files("#id_file", str(big))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#import-upload")).to_contain_text("The file is larger than 20 MB")
    assert not ImportJob.objects.exists()
