"""The OpenAPI schema says what the imports and merge endpoints really answer: each status they return is listed,
and each answer's body matches its schema (mapping and headers typed)."""

from __future__ import annotations

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.generators import SchemaGenerator

from tests.conftest import api_as
from tests.factories import make_client
from tests.imports.helpers import run_import

pytestmark = pytest.mark.django_db


def as_json_schema(node):
    """OpenAPI 3.0's `nullable` in JSON Schema's words (a null type beside the others)."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: as_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


@pytest.fixture(scope="module")
def schema():
    return as_json_schema(SchemaGenerator().get_schema(request=None, public=True))


def check(schema, path, method, response):
    """The answer's status is documented, and its JSON body matches the documented schema."""
    documented = schema["paths"][path][method]["responses"]
    assert str(response.status_code) in documented, f"{method.upper()} {path} answers {response.status_code}"
    body_schema = documented[str(response.status_code)]["content"]["application/json"]["schema"]
    jsonschema.validate(response.json(), {**body_schema, "components": schema["components"]})


def test_an_upload_documents_its_201_400_and_413(schema, alice, settings, django_capture_on_commit_callbacks):
    api = api_as(alice)
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post("/api/imports/", {"file": SimpleUploadedFile("a.csv", b"Name\nA\n")}, format="multipart")
    check(schema, "/api/imports/", "post", created)
    assert created.json()["headers"] == ["Name"]
    empty = api.post("/api/imports/", {"file": SimpleUploadedFile("a.csv", b"")}, format="multipart")
    check(schema, "/api/imports/", "post", empty)
    bad_mapping = api.post(
        "/api/imports/", {"file": SimpleUploadedFile("a.csv", b"Name\nA\n"), "mapping": "[1]"}, format="multipart"
    )
    check(schema, "/api/imports/", "post", bad_mapping)
    settings.FILE_UPLOAD_MAX_BODY = 1000
    big = api.post("/api/imports/", {"file": SimpleUploadedFile("a.csv", b"x" * 2000)}, format="multipart")
    check(schema, "/api/imports/", "post", big)


def test_cancel_undo_and_merge_document_their_202_400_and_404(schema, alice, carol, django_capture_on_commit_callbacks):
    job = run_import(alice, "a.csv", b"Name\nA\n", capture=django_capture_on_commit_callbacks, dry_run=True)
    api = api_as(alice)
    for action in ("cancel", "undo"):
        path = f"/api/imports/{{id}}/{action}/"
        check(schema, path, "post", api.post(f"/api/imports/{job.pk}/{action}/"))  # not running / a dry run
        check(schema, path, "post", api_as(carol).post(f"/api/imports/{job.pk}/{action}/"))
    client = make_client(alice)
    done = run_import(alice, "b.csv", b"Name\nB\n", capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        check(schema, "/api/imports/{id}/undo/", "post", api.post(f"/api/imports/{done.pk}/undo/"))  # 202, "undoing"
    merge = "/api/clients/{id}/merge/"
    check(schema, merge, "post", api.post(f"/api/clients/{client.pk}/merge/", {"other": client.pk}, format="json"))
    check(schema, merge, "post", api.post(f"/api/clients/{client.pk}/merge/", {}, format="json"))
    other = make_client(carol)
    check(schema, merge, "post", api.post(f"/api/clients/{client.pk}/merge/", {"other": other.pk}, format="json"))
