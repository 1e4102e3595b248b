"""The bad rows file through its page and API: no cell runs as a formula, its name survives in any language, and it
comes back in through the import as it went out."""

from __future__ import annotations

import io
from urllib.parse import quote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as Browser

from keepwarm.imports.models import ImportJob, ImportRow
from tests.conftest import api_as
from tests.imports.helpers import run_import

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil")'
FILE = f'ФИО;Телефон;E-mail;Заметки\nИванов Пётр;022 111 222;not-an-email;{EVIL}\n-Сидоров Олег;12;;"@SUM(1)"\n'


def failed_job(user, capture, name="Клиенты исправлено.csv"):
    job = run_import(user, name, FILE.encode(), capture=capture)
    assert job.failed == 2
    return job


def download(user, job, fmt):
    browser = Browser()
    browser.force_login(user)
    response = browser.get(f"/imports/{job.pk}/errors/", {"format": fmt})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content


def test_the_bad_rows_xlsx_holds_text_never_a_formula(alice, django_capture_on_commit_callbacks):
    job = failed_job(alice, django_capture_on_commit_callbacks)
    _response, content = download(alice, job, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert {cell.data_type for cell in cells if cell.value is not None} == {"s"}, "no cell of type 'f'"
    guarded = {cell.value: cell.quotePrefix for cell in cells if cell.value}
    assert guarded[EVIL], "the text as it was, with Excel's quote prefix: text even when edited"
    assert guarded["@SUM(1)"]
    assert guarded["-Сидоров Олег"]
    assert not guarded["Иванов Пётр"]
    api = api_as(alice).get(f"/api/imports/{job.pk}/errors/", {"format": "xlsx"})
    api_sheet = openpyxl.load_workbook(io.BytesIO(b"".join(api.streaming_content) if api.streaming else api.content))
    assert {cell.data_type for row in api_sheet.active.iter_rows() for cell in row if cell.value} == {"s"}


def test_a_format_asked_for_by_mistake_is_refused_not_answered_with_the_csv(alice, django_capture_on_commit_callbacks):
    job = failed_job(alice, django_capture_on_commit_callbacks)
    browser = Browser()
    browser.force_login(alice)
    result = browser.get(f"/imports/{job.pk}/").content.decode()
    table = result.split('class="rows import-errors"')[1].split("</table>")[0]  # the rows the file is offered for
    assert '<th scope="col">Problem</th>' in table
    assert "<td>not-an-email</td><td>Not a valid e-mail address.</td>" in table
    response = browser.get(f"/imports/{job.pk}/errors/", {"format": "pdf"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "csv, xlsx" in page
    assert f'href="/imports/{job.pk}/"' in page  # back to the import


def test_the_bad_rows_csv_is_neutralised(alice, django_capture_on_commit_callbacks):
    job = failed_job(alice, django_capture_on_commit_callbacks)
    _response, content = download(alice, job, "csv")
    text = content.decode("utf-8-sig")
    assert ";'=HYPERLINK" in text.replace('"', "")
    assert "\n'-Сидоров" in text, "=-Сидоров would be a name in a formula"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_bad_rows_file_comes_back_in_with_its_cells_as_they_were(alice, django_capture_on_commit_callbacks, fmt):
    capture = django_capture_on_commit_callbacks
    job = failed_job(alice, capture)
    _response, content = download(alice, job, fmt)
    again = run_import(alice, f"again.{fmt}", content, capture=capture)
    cells = dict(ImportRow.objects.filter(job=again).values_list("number", "cells"))
    originals = dict(ImportRow.objects.filter(job=job).values_list("number", "cells"))
    assert sorted(tuple(row[:4]) for row in cells.values()) == sorted(tuple(row) for row in originals.values())
    assert again.headers[:4] == job.headers


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_cyrillic_file_name_is_kept_in_the_download(alice, django_capture_on_commit_callbacks, fmt):
    job = failed_job(alice, django_capture_on_commit_callbacks)
    response, _content = download(alice, job, fmt)
    disposition = response["Content-Disposition"]
    assert "=?utf-8?" not in disposition
    assert f"filename*=UTF-8''{quote('Клиенты исправлено-errors.' + fmt)}" in disposition
    assert disposition.startswith('attachment; filename="'), "an ASCII name for clients that read only that"
    assert disposition.split('"')[1].isascii()


def big_upload(settings):
    settings.FILE_UPLOAD_MAX_BODY = 2000  # a body over the cap, without sending 21 MB
    return {"file": SimpleUploadedFile("big.csv", b"Name\n" + b"A\n" * 1500)}


def test_a_file_over_the_limit_is_the_upload_forms_error_in_the_users_language(alice, settings):
    alice.language = "ru"
    alice.save(update_fields=["language"])
    browser = Browser()
    browser.force_login(alice)
    response = browser.post("/imports/", big_upload(settings), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[0][1] == 303
    assert "Файл больше 20 МБ" in page
    assert 'id="import-upload"' in page, "the import page with its form, not a bare JSON answer"
    assert ImportJob.objects.count() == 0


def test_a_file_over_the_limit_is_a_413_naming_the_file_in_the_api_callers_language(alice, settings):
    response = api_as(alice).post(
        "/api/imports/", big_upload(settings), format="multipart", headers={"Accept-Language": "ru"}
    )
    assert response.status_code == 413
    assert response.json() == {"file": ["Файл больше 20 МБ; разделите его на файлы поменьше."]}
