"""The imports API: upload -> 201 with the job, progress and problems, the bad rows file, cancel, undo (OWN-1)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client as Browser
from rest_framework.test import APIClient

from keepwarm.clients.models import Client
from keepwarm.imports import parsing
from keepwarm.imports.models import ImportJob
from tests.conftest import api_as
from tests.imports.conftest import upload
from tests.imports.helpers import run_import

pytestmark = pytest.mark.django_db


def post(user, name, data=None, capture=None, **fields):
    api = api_as(user)
    body = {"file": upload(name, data), **fields}
    if capture is None:
        return api.post("/api/imports/", body, format="multipart")
    with capture(execute=True):
        return api.post("/api/imports/", body, format="multipart")


def test_upload_answers_201_with_the_job_and_the_job_shows_progress_and_problems(
    alice, django_capture_on_commit_callbacks
):
    response = post(alice, "amocrm_contacts.csv", capture=django_capture_on_commit_callbacks, dedup="skip")
    assert response.status_code == 201
    created = response.json()
    assert created["mapping"]["1"] == "full_name"
    assert created["rows_total"] == 3
    job = api_as(alice).get(f"/api/imports/{created['id']}/").json()
    assert (job["status"], job["rows_done"], job["rows_total"], job["percent"]) == ("done", 3, 3, 100)
    assert job["created"] == 3
    assert job["errors"] == []
    assert job["undo_until"]


def test_mapping_by_header_names_and_row_errors_in_the_readers_language(alice, django_capture_on_commit_callbacks):
    data = b"Client;Tel\nIon Popescu;abc\n"
    response = post(alice, "a.csv", data, capture=django_capture_on_commit_callbacks,
                    mapping='{"Client": "full_name", "Tel": "phone"}', HTTP_ACCEPT_LANGUAGE="ru")  # fmt: skip
    assert response.status_code == 201
    job = api_as(alice).get(f"/api/imports/{response.json()['id']}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert job["errors"] == [
        {
            "row": 2,
            "column": "Tel",
            "value": "abc",
            "code": "phone_invalid",
            "message": "Not a phone number we can dial.",
        }
    ]
    assert job["failed"] == 1


@pytest.mark.parametrize(
    ("name", "data", "fields", "field"),
    [
        ("a.csv", b"", {}, "file"),
        ("a.xlsx", b"Name;Phone\nA;1\n", {}, "file"),
        ("a.csv", b"Name\n", {}, "file"),  # a header and no rows
        ("a.csv", b"Name\nA\n", {"mapping": "{not json"}, "mapping"),
        ("a.csv", b"Name\nA\n", {"mapping": '{"Nope": "full_name"}'}, "mapping"),
        ("a.csv", b"Name\nA\n", {"mapping": '{"0": "salary"}'}, "mapping"),
        ("a.csv", b"Phone\n069123456\n", {}, "mapping"),  # nothing maps to a name
        ("a.csv", b"Name\nA\n", {"dedup": "merge"}, "dedup"),
        ("a.csv", b"Name\nA\n", {"header_row": "0"}, "header_row"),
    ],
)
def test_bad_uploads_are_400_with_a_field_error(alice, name, data, fields, field):
    response = post(alice, name, data, **fields)
    assert response.status_code == 400
    assert field in response.json()


def test_too_big_is_a_clear_4xx(alice, settings):
    data = b"Name\n" + b"A\n" * (parsing.MAX_BYTES // 2 + 1)
    response = post(alice, "big.csv", data)
    assert response.status_code == 400
    assert "20 MB" in response.json()["file"][0]


def test_own1_imports_are_their_importers_and_their_leads(alice, bob, lena, carol, django_capture_on_commit_callbacks):
    job = post(alice, "amocrm_contacts.csv", capture=django_capture_on_commit_callbacks).json()["id"]
    assert api_as(bob).get(f"/api/imports/{job}/").status_code == 404
    assert api_as(carol).post(f"/api/imports/{job}/undo/").status_code == 404
    assert api_as(lena).get(f"/api/imports/{job}/").status_code == 200
    assert [row["id"] for row in api_as(alice).get("/api/imports/").json()["results"]] == [job]
    assert api_as(bob).get("/api/imports/").json()["results"] == []


def test_errors_file_as_csv_and_xlsx(alice, django_capture_on_commit_callbacks):
    job = post(alice, "clients_windows1251_semicolon.csv", capture=django_capture_on_commit_callbacks).json()["id"]
    response = api_as(alice).get(f"/api/imports/{job}/errors/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert b"".join(response.streaming_content).decode("utf-8-sig").count("\r\n") >= 4
    response = api_as(alice).get(f"/api/imports/{job}/errors/", {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 4
    assert sheet.cell(1, sheet.max_column).value == "Errors"


def test_own1_the_errors_file_of_another_teams_import_is_a_json_404_and_without_a_token_a_json_401(
    alice, carol, django_capture_on_commit_callbacks
):
    job = post(alice, "clients_windows1251_semicolon.csv", capture=django_capture_on_commit_callbacks).json()["id"]
    for response, status in (
        (api_as(carol).get(f"/api/imports/{job}/errors/", {"format": "xlsx"}), 404),
        (APIClient().get(f"/api/imports/{job}/errors/"), 401),
    ):
        assert response.status_code == status
        assert response["Content-Type"] == "application/json"
        assert set(response.json()) == {"detail"}


def test_a_mapping_that_names_some_columns_keeps_the_suggestion_for_the_others(
    alice, django_capture_on_commit_callbacks
):
    """A program fixes the one column the suggestion got wrong, or leaves one out with "": every other column is
    still imported (the whole mapping replaced dropped the phones, e-mails and organizations silently)."""
    response = post(alice, "amocrm_contacts.csv", capture=django_capture_on_commit_callbacks,
                    mapping='{"Должность": "", "Примечание": "interests"}')  # fmt: skip
    assert response.status_code == 201
    mapping = response.json()["mapping"]
    assert "11" not in mapping  # Должность left out
    assert mapping["12"] == "interests"
    assert mapping["7"] == mapping["8"] == "phone"  # as suggested
    ion = Client.objects.get(last_name="Popescu")
    assert ion.phones == ["+37322123456", "+37369123456"]
    assert ion.position == ""
    assert ion.organization.name == "Vinuri de Soroca SRL"


def test_an_upload_refused_for_its_mapping_leaves_no_job_nor_file(alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = post(alice, "amocrm_contacts.csv", mapping='{"Наименование": "", "Имя": "phone", "Фамилия": ""}')
    assert response.status_code == 400  # no column left for a name
    assert "mapping" in response.json()
    assert not ImportJob.objects.exists()
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


def test_undo_within_30_days_and_cancel_of_a_finished_import(alice, django_capture_on_commit_callbacks):
    job = post(alice, "amocrm_contacts.csv", capture=django_capture_on_commit_callbacks).json()["id"]
    assert api_as(alice).post(f"/api/imports/{job}/cancel/").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):  # the worker: the test backend runs the task at once
        response = api_as(alice).post(f"/api/imports/{job}/undo/")
    assert response.status_code == 202
    assert (response.json()["status"], response.json()["undo_rows_total"]) == ("undoing", 3)
    assert api_as(alice).get(f"/api/imports/{job}/").json()["status"] == "undone"
    assert not Client.objects.exists()
    again = api_as(alice).post(f"/api/imports/{job}/undo/")
    assert (again.status_code, again.json()["non_field_errors"]) == (400, ["This import has already been undone."])


def test_undo_after_30_days_is_refused(alice, django_capture_on_commit_callbacks, time_machine):
    import datetime as dt

    job = post(alice, "amocrm_contacts.csv", capture=django_capture_on_commit_callbacks).json()["id"]
    time_machine.move_to(dt.datetime.now(dt.UTC) + dt.timedelta(days=31))
    response = api_as(alice).post(f"/api/imports/{job}/undo/")
    assert response.status_code == 400
    assert "30 days" in response.json()["non_field_errors"][0]


def test_undo_of_a_dry_run_says_it_saved_nothing(alice, django_capture_on_commit_callbacks):
    job = post(alice, "amocrm_contacts.csv", capture=django_capture_on_commit_callbacks, dry_run="true").json()["id"]
    assert api_as(alice).get(f"/api/imports/{job}/").json()["status"] == "done"
    response = api_as(alice).post(f"/api/imports/{job}/undo/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["Пробный запуск ничего не сохранил, откатывать нечего."]


def test_an_import_that_created_and_changed_nothing_offers_no_undo(alice, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    post(alice, "amocrm_contacts.csv", capture=capture)
    again = post(alice, "amocrm_contacts.csv", capture=capture).json()["id"]  # every row skipped: already there
    job = api_as(alice).get(f"/api/imports/{again}/").json()
    assert (job["created"], job["updated"], job["status"]) == (0, 0, "done")
    response = api_as(alice).post(f"/api/imports/{again}/undo/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "nothing to undo" in response.json()["non_field_errors"][0]
    browser = Browser()
    browser.force_login(alice)
    assert 'id="import-undo"' not in browser.get(f"/imports/{again}/").content.decode()


@pytest.mark.django_db
def test_unknown_words_are_quoted_and_the_valid_ones_offered_and_a_group_is_a_notice(
    alice, django_capture_on_commit_callbacks
):
    data = "Name;Role;Language;Group\nIon Ceban;boss;klingon;Поставщики\n".encode()
    job = run_import(alice, "words.csv", data, capture=django_capture_on_commit_callbacks)
    answer = api_as(alice).get(f"/api/imports/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    messages = {problem["column"]: problem["message"] for problem in answer["errors"]}
    assert messages["Role"].startswith("Unknown role “boss”: use one of “Decision-maker”, ")
    assert messages["Language"].startswith("Unknown language “klingon”: use one of “")
    assert [notice["message"] for notice in answer["notices"]] == [
        "“Поставщики” is none of the groups (“Referral”, “Prospect”, “Customer”, “Distributor”, “Acquaintance”): "
        "the client is imported in the group “Prospect”."
    ]
