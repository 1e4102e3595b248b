"""The OpenAPI schema at /api/schema/ is valid and generates without warnings (every endpoint described)."""

from __future__ import annotations

import io

from django.core.management import call_command


def test_openapi_schema_validates_without_warnings():
    output = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=output)
    assert "openapi: 3" in output.getvalue()
