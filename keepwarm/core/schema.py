"""The OpenAPI schema: one document in English for every reader, saying exactly what the answers hold where
drf-spectacular's defaults do not."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.core.params import DB_INT_MAX

# Times are the wall-clock time of a client or team, without a UTC offset: RFC 3339's `time` format requires one.
LOCAL_TIME = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$", "example": "09:30:00"}
BLANK = {"type": "string", "maxLength": 0}


def _tidy(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _tidy(item)
        return
    if not isinstance(node, dict):
        return
    if node.get("type") == "string" and node.get("format") == "time":
        del node["format"]
        node.update(LOCAL_TIME)
    # A blank-able string with a pattern is "the pattern or empty"; when the pattern takes "" too, oneOf matches
    # twice and so refuses "", while anyOf says what is meant.
    if "oneOf" in node and BLANK in node["oneOf"]:
        node["anyOf"] = node.pop("oneOf")
    for value in node.values():
        _tidy(value)


def _bound_query_integers(paths: dict[str, Any]) -> None:
    """Every integer in a query string is bounded by keepwarm.core.params; the schema says so where no tighter
    bound is declared."""
    for operation in (op for item in paths.values() for op in item.values() if isinstance(op, dict)):
        for parameter in operation.get("parameters", []):
            schema = parameter.get("schema", {})
            if parameter.get("in") == "query" and schema.get("type") == "integer":
                schema.setdefault("minimum", 1)  # ids; offsets declare their 0
                schema.setdefault("maximum", DB_INT_MAX)


def tidy_schema(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """A drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    _tidy(result)
    _bound_query_integers(result.get("paths", {}))
    return result


class SchemaView(SpectacularAPIView):
    """Generated in the reader's language, the schema mixed two: DRF's English wording around a model's translated
    name ("A unique integer value identifying this импорт."). Its descriptions are written in English, so it is
    English whatever the reader's language (or spectacular's ?lang=)."""

    def _get_schema_response(self, request: Request) -> Response:
        with translation.override("en"):
            return super()._get_schema_response(request)
