"""The API's error answers as the OpenAPI schema describes them (core.api.exception_handler and DRF write them)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

# A field's name (`non_field_errors` for the request as a whole) -> its messages, in the reader's language.
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"file": ["The file is empty."]},
}


class DetailOutput(serializers.Serializer[Any]):
    detail = serializers.CharField()


def field_errors(description: str) -> OpenApiResponse:
    return OpenApiResponse(FIELD_ERRORS, description=description)


def detail(description: str) -> OpenApiResponse:
    return OpenApiResponse(DetailOutput, description=description)


NOT_FOUND = detail("Not there, or not one the user may see (OWN-1).")
