"""LANG-1 and no 5xx: what the API refuses before or around a view (a form over Django's limits, a missing row, an
unknown `?format=`, a body that is not a JSON object, an id that cannot be one) is a 4xx in the reader's language,
shaped as the schema says; a page gets a readable page."""

from __future__ import annotations

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import Client as Browser
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from keepwarm.core.params import DB_INT_MAX
from tests.conftest import api_as
from tests.factories import make_client
from tests.imports.helpers import run_import

pytestmark = pytest.mark.django_db

RUSSIAN = {"HTTP_ACCEPT_LANGUAGE": "ru"}
NOT_FOUND_RU = "Страница не найдена."  # DRF's "Not found." in Russian, as every other 404 of the API reads


def in_russian(user):
    user.language = "ru"
    user.save(update_fields=["language"])
    return user


def documented(response, path: str, method: str) -> None:
    """The status is in the schema and the JSON body matches what it declares for it."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    answers = schema["paths"][path][method]["responses"]
    assert str(response.status_code) in answers, f"{method.upper()} {path} answers {response.status_code}"
    body = answers[str(response.status_code)]["content"]["application/json"]["schema"]
    jsonschema.validate(response.json(), {**body, "components": schema["components"]})


def oversized_import(settings) -> dict[str, object]:
    """A valid file and a `mapping` past DATA_UPLOAD_MAX_MEMORY_SIZE, the limit of a form's non-file fields."""
    return {
        "file": SimpleUploadedFile("a.csv", b"Name\nAna\n"),
        "mapping": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1000),
    }


def test_lang1_a_form_field_over_the_limit_is_a_json_400_naming_the_limit_in_the_users_language(alice, settings):
    response = api_as(alice).post("/api/imports/", oversized_import(settings), format="multipart", **RUSSIAN)
    assert response.status_code == 400
    [message] = response.json()["non_field_errors"]
    with translation.override("ru"):
        assert filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in message  # "2,5 МБ"
    assert "DATA_UPLOAD_MAX_MEMORY_SIZE" not in message
    documented(response, "/api/imports/", "post")


@pytest.mark.parametrize("csrf_checked", [False, True], ids=["read-by-the-view", "read-by-the-csrf-check"])
def test_lang1_a_form_field_over_the_limit_is_a_readable_400_page(alice, settings, csrf_checked):
    browser = Browser(enforce_csrf_checks=csrf_checked)
    browser.force_login(in_russian(alice))
    browser.cookies[settings.CSRF_COOKIE_NAME] = "k" * 32  # the check then reads the form for its token
    response = browser.post("/imports/", oversized_import(settings))
    page = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="ru">' in page
    with translation.override("ru"):
        assert filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in page
    assert 'href="/"' in page  # a way back
    assert "Bad Request" not in page


def test_lang1_an_api_404_reads_the_same_in_the_users_language_never_naming_a_model(alice, lena):
    answers = [
        api_as(alice).get("/api/clients/99999/", **RUSSIAN),
        api_as(alice).get("/api/imports/99999/", **RUSSIAN),
        api_as(lena).get("/api/team/export/", {"team": 999}, **RUSSIAN),
        api_as(alice).get("/api/no-such-endpoint/", **RUSSIAN),
    ]
    assert [(answer.status_code, answer.json()) for answer in answers] == [(404, {"detail": NOT_FOUND_RU})] * 4


def test_an_unknown_format_of_the_bad_rows_file_is_a_400_naming_it(alice, django_capture_on_commit_callbacks):
    job = run_import(alice, "a.csv", b"Name\nAna\n", capture=django_capture_on_commit_callbacks)
    response = api_as(alice).get(f"/api/imports/{job.pk}/errors/", {"format": "pdf"}, **RUSSIAN)
    assert response.status_code == 400
    assert response.json() == {"format": ["Значения pdf нет среди допустимых вариантов."]}
    documented(response, "/api/imports/{id}/errors/", "get")
    assert api_as(alice).get(f"/api/imports/{job.pk}/errors/", {"format": "xlsx"}).status_code == 200


def merge_url(user) -> str:
    return f"/api/clients/{make_client(user).pk}/merge/"


def test_lang1_a_body_that_is_not_json_says_where_in_the_users_language(alice):
    body = '{"other": x}'
    english = api_as(alice).post(merge_url(alice), body, content_type="application/json")
    assert english.status_code == 400
    assert english.json() == {"non_field_errors": ["The body is not valid JSON (line 1, column 11)."]}
    documented(english, "/api/clients/{id}/merge/", "post")
    russian = api_as(alice).post(merge_url(alice), body, content_type="application/json", **RUSSIAN)
    assert "JSON parse error" not in russian.content.decode()
    assert "Expecting value" not in russian.content.decode()


@pytest.mark.parametrize("body", ["[1]", '"Ana"', "null"])
def test_lang1_a_json_body_that_is_not_an_object_is_refused_without_a_python_type(alice, body):
    response = api_as(alice).post(merge_url(alice), body, content_type="application/json", **RUSSIAN)
    assert response.status_code == 400
    [message] = response.json()["non_field_errors"]
    assert not {"dictionary", "list", "str", "NoneType"} & set(message.replace(".", " ").split())
    documented(response, "/api/clients/{id}/merge/", "post")


@pytest.mark.parametrize(("value", "says"), [("abc", "a whole number such as 42"), (str(2**64), "No record")])
def test_an_id_in_a_query_is_refused_without_the_databases_bound(lena, value, says):
    response = api_as(lena).get("/api/team/export/", {"team": value})
    assert response.status_code == 400
    [message] = response.json()["team"]
    assert says in message
    assert str(DB_INT_MAX) not in message


def test_a_pages_id_is_refused_on_a_readable_page_without_the_databases_bound(alice):
    browser = Browser()
    browser.force_login(in_russian(alice))
    response = browser.get(f"/clients/{make_client(alice).pk}/merge/", {"other": "abc"})
    page = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="ru">' in page
    assert str(DB_INT_MAX) not in page


def test_an_id_in_a_body_past_the_databases_bound_is_refused_without_it(alice):
    response = api_as(alice).post("/api/planned-touches/", {"client": 2**63}, format="json")
    assert response.status_code == 400
    assert str(DB_INT_MAX) not in response.content.decode()
