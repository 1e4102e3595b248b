"""The OpenAPI schema at /api/schema/ is valid and generates without warnings (every endpoint described)."""

from __future__ import annotations

import io

from django.core.management import call_command

from tests.conftest import api_as


def test_openapi_schema_validates_without_warnings():
    output = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=output)
    assert "openapi: 3" in output.getvalue()


def test_lang1_the_schema_is_one_english_document_whatever_the_readers_language(alice):
    """Generated in the reader's language it mixed two: "A unique integer value identifying this импорт."."""
    api = api_as(alice)
    english = api.get("/api/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en")
    for query, language in (({}, "ru"), ({"lang": "ru"}, "ro")):
        other = api.get("/api/schema/", {"format": "json", **query}, HTTP_ACCEPT_LANGUAGE=language)
        assert other.json() == english.json()
    assert "A unique integer value identifying this import." in english.content.decode()
