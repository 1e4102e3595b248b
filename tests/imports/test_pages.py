"""The import pages in the reader's language and with what they need to be read right: plural forms, their own
words for counts and statuses, grouped numbers, dry runs and abandoned uploads told apart, undo asked first,
similar names named, and the file read from its real header row."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client as Browser
from django.utils import timezone, translation
from django.utils.translation import trans_real

from keepwarm.clients.models import Client
from keepwarm.imports.models import ImportJob, ImportRow
from keepwarm.imports.services import import_job_create
from tests.conftest import api_as
from tests.factories import make_client
from tests.imports.conftest import upload
from tests.imports.helpers import run_import

pytestmark = pytest.mark.django_db


def browser_as(user, language="en"):
    user.language = language
    user.save(update_fields=["language"])
    browser = Browser()
    browser.force_login(user)
    return browser


def page(browser, url, **data):
    response = browser.get(url, data)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def russian_words(monkeypatch):
    """Russian words for the contexts these pages use, whatever the catalogs hold today."""
    catalog = trans_real.translation("ru")._catalog._catalogs[0]  # the app's own catalog, a plain dict
    words = {
        ("import counts", "Created"): "Создано",
        ("import status", "Done"): "Завершён",
        ("import list", "dry run"): "проверка",
        ("import status", "Abandoned"): "Брошен",
    }
    for (context, msgid), text in words.items():
        monkeypatch.setitem(catalog, f"{context}\x04{msgid}", text)
    return words


def done_job(user, capture, rows=1, **options):
    data = "Name;Phone\n" + "".join(f"Client{n};\n" for n in range(rows))
    return run_import(user, "clients.csv", data.encode(), capture=capture, **options)


def test_the_upload_help_is_in_the_readers_language(alice):
    html = page(browser_as(alice, "ru"), "/imports/")
    assert "не больше 20 МБ" in html
    assert "at most 20 MB" not in html


def test_one_row_is_counted_in_the_singular(alice, django_capture_on_commit_callbacks):
    job = done_job(alice, django_capture_on_commit_callbacks)
    html = page(browser_as(alice), f"/imports/{job.pk}/")
    assert "1 of 1 row\n" in html, html[html.index("import-progress") :][:400]


def test_counts_and_status_have_their_own_words(alice, django_capture_on_commit_callbacks, russian_words):
    job = done_job(alice, django_capture_on_commit_callbacks)
    html = page(browser_as(alice, "ru"), f"/imports/{job.pk}/")
    assert "<dt>Создано</dt>" in html
    assert "<strong>Завершён</strong>" in html
    assert "Создано" in page(browser_as(alice, "ru"), "/imports/")


def test_numbers_are_grouped_as_the_language_groups_them(alice, django_capture_on_commit_callbacks):
    job = done_job(alice, django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(rows_total=40000, rows_done=40000, created=40000, skipped=12345)
    assert "40\xa0000" in page(browser_as(alice, "ru"), f"/imports/{job.pk}/")
    listed = page(browser_as(alice, "en"), "/imports/")
    assert "40,000" in listed
    assert "<td>12,345</td>" in listed  # the rows skipped as already there have their column
    derived = [
        ImportRow(job=job, number=10 + n, status="created", derived=[{"field": "time_zone"}]) for n in range(1200)
    ]
    ImportRow.objects.bulk_create(derived)
    assert "У 1\xa0200 строк" in page(browser_as(alice, "ru"), f"/imports/{job.pk}/")  # the rows derived


def test_the_encoding_is_named_as_the_encoding_list_names_it(alice):
    data = "Фамилия;Имя\nИванов;Иван\n".encode("cp1251")
    job = import_job_create(by=alice, upload=upload("clients.csv", data))
    setup = page(browser_as(alice), f"/imports/{job.pk}/")
    assert "Encoding: Windows-1251." in setup


def test_a_dry_run_is_marked_in_the_list(alice, django_capture_on_commit_callbacks, russian_words):
    done_job(alice, django_capture_on_commit_callbacks, dry_run=True)
    assert "проверка" in page(browser_as(alice, "ru"), "/imports/")


def test_an_upload_left_unprepared_for_a_day_is_shown_abandoned(alice, russian_words):
    job = import_job_create(by=alice, upload=upload("a.csv", b"Name\nA\n"))
    browser = browser_as(alice, "ru")
    assert "Брошен" not in page(browser, "/imports/")
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    assert "Брошен" in page(browser, "/imports/")


def test_undo_asks_first_then_undoes(alice, django_capture_on_commit_callbacks):
    job = done_job(alice, django_capture_on_commit_callbacks, rows=2)
    browser = browser_as(alice)
    assert f'action="/imports/{job.pk}/undo/"' not in page(browser, f"/imports/{job.pk}/"), "not one click away"
    confirm = page(browser, f"/imports/{job.pk}/undo/")
    assert f'action="/imports/{job.pk}/undo/"' in confirm
    assert Client.objects.count() == 2
    with django_capture_on_commit_callbacks(execute=True):  # the worker: the test backend runs the task at once
        assert browser.post(f"/imports/{job.pk}/undo/").status_code == 302
    assert Client.objects.count() == 0


def test_similar_names_are_named_and_linked(alice, django_capture_on_commit_callbacks):
    known = make_client(alice, last_name="Иванов", first_name="Пётр")
    job = done_job(alice, django_capture_on_commit_callbacks)
    imported = ImportRow.objects.filter(job=job).first()
    ImportRow.objects.filter(pk=imported.pk).update(near=[known.pk])
    html = page(browser_as(alice), f"/imports/{job.pk}/")
    assert f'<a href="/clients/{known.pk}/">Иванов Пётр</a>' in html
    assert f'<a href="/clients/{imported.client_id}/">Client0</a>' in html
    assert f'</a>\n      — similar name: <a href="/clients/{known.pk}/">' in html  # no "similar to" to agree in gender


def test_the_merge_page_tells_two_cards_of_the_same_name_apart(alice):
    first = make_client(alice, last_name="Иванов", first_name="Пётр", patronymic="Сергеевич")
    second = make_client(alice, last_name="Иванов", first_name="Пётр", patronymic="Сергеевич")
    html = page(browser_as(alice), f"/clients/{first.pk}/merge/", other=second.pk)
    buttons = [part.split("</button>")[0] for part in html.split('<button type="submit" class="btn primary">')[1:]]
    assert len(buttons) == 2
    assert len(set(buttons)) == 2


def test_a_binary_vcard_is_refused_as_not_a_vcard(alice):
    html = browser_as(alice).post("/imports/", {"file": upload("people.vcf", b"\x00\x01BIN" * 100)}).content.decode()
    assert "not a vCard" in html
    assert "CSV" not in html.split('id="import-upload"')[1].split("</form>")[0].split("errorlist")[1][:200]


def test_an_xlsx_with_a_merged_title_above_its_header_is_read_from_the_header(alice):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Клиенты отдела продаж"
    sheet.merge_cells("A1:C1")
    sheet.append(["Фамилия", "Имя", "Телефон"])
    sheet.append(["Ceban", "Natalia", "+37369000111"])
    buffer = io.BytesIO()
    book.save(buffer)
    job = import_job_create(by=alice, upload=upload("clients.xlsx", buffer.getvalue()))
    assert (job.header_row, job.headers, job.rows_total) == (2, ["Фамилия", "Имя", "Телефон"], 1)
    assert "Natalia" in page(browser_as(alice), f"/imports/{job.pk}/")


def test_a_file_of_one_column_still_reads_its_first_row_as_the_header(alice):
    job = import_job_create(by=alice, upload=upload("a.csv", b"Name\nA\nB\n"))
    assert (job.header_row, job.headers, job.rows_total) == (1, ["Name"], 2)


@pytest.fixture(autouse=True)
def _english_after():
    yield
    translation.activate("en")


def test_a_totals_row_is_shown_as_skipped_in_the_preview_the_result_and_the_api(
    alice, django_capture_on_commit_callbacks
):
    data = b"Name;Phone\nIon Ceban;+37369000111\nTotal: 1 client;\n"
    draft = import_job_create(by=alice, upload=upload("totals.csv", data))
    preview = page(browser_as(alice), f"/imports/{draft.pk}/")
    row = preview[preview.index('<th scope="row">3') :][:600]
    assert "A totals row, not a client: skipped." in row
    assert "has-error" not in row
    job = run_import(alice, "totals.csv", data, capture=django_capture_on_commit_callbacks)
    result = page(browser_as(alice), f"/imports/{job.pk}/")
    notes = result[result.index("Notes on rows") :]
    assert "<td>3</td><td>Name</td><td>Total: 1 client</td><td>A totals row, not a client: skipped.</td>" in notes
    answer = api_as(alice).get(f"/api/imports/{job.pk}/").json()
    assert (answer["skipped"], answer["failed"], answer["errors"]) == (1, 0, [])
    assert [(n["row"], n["code"]) for n in answer["notices"]] == [(3, "totals_row")]


def test_a_utf16_file_can_be_read_again_with_its_options(alice):
    data = b"\xff\xfe" + "Name\tPhone\r\nIon Ceban\t+37369000111\r\n".encode("utf-16-le")
    job = import_job_create(by=alice, upload=upload("clients.txt", data))
    response = browser_as(alice).post(
        f"/imports/{job.pk}/options/", {"encoding": "utf-16", "delimiter": "tab", "header_row": 1}
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.encoding, job.headers, job.rows_total) == ("utf-16", ["Name", "Phone"], 1)


def test_another_sheet_is_read_from_its_own_header_row_and_imported(alice, django_capture_on_commit_callbacks):
    book = openpyxl.Workbook()
    first = book.active
    first.title = "2025"
    first["A1"] = "Клиенты 2025"
    first.append([])
    first.append(["Фамилия", "Имя", "Телефон"])
    first.append(["Ceban", "Natalia", "+37369000111"])
    first.append(["Rotaru", "Mihai", "+37369000222"])
    second = book.create_sheet("2026")
    second.append(["Name", "E-mail"])
    second.append(["Olga Balan", "olga@example.md"])
    buffer = io.BytesIO()
    book.save(buffer)
    job = import_job_create(by=alice, upload=upload("clients.xlsx", buffer.getvalue()))
    assert (job.sheet, job.header_row) == ("2025", 3)
    browser = browser_as(alice)
    # The page sends the first sheet's header row back with the new sheet.
    response = browser.post(f"/imports/{job.pk}/options/", {"sheet": "2026", "header_row": 3})
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.sheet, job.header_row, job.headers, job.rows_total) == ("2026", 1, ["Name", "E-mail"], 1)
    assert job.mapping == {"0": "full_name", "1": "email"}
    setup = page(browser, f"/imports/{job.pk}/")
    assert "Olga Balan" in setup
    assert "Natalia" not in setup
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(f"/imports/{job.pk}/run/", {"column_0": "full_name", "column_1": "email", "dedup": "skip"})
    job.refresh_from_db()
    assert job.created == 1
    assert list(Client.objects.values_list("first_name", "last_name")) == [("Olga", "Balan")]
