"""Numbers and ids read from a query string, bounded in one place: what no database column can hold is a 400 with
a message, never an overflow deep in a query (a 500)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import BadRequest, ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

DB_INT_MAX = 2**63 - 1  # a BigAutoField id, the widest integer either database stores
MAX_OFFSET = 10**9  # rows to skip: far past any list, and offset + limit still fits in a database integer
MAX_PAGE = 10**6  # a page number of a paged page (50 rows a page stays under MAX_OFFSET)
MAX_LIMIT = 200  # rows in one API page

OUT_OF_RANGE = _("Give a whole number from %(minimum)s to %(maximum)s.")
# An id is bounded by the database alone: its 19-digit bound would read as noise, so it is not named.
NOT_AN_ID = _("Give the id of a record: a whole number such as 42.")
NO_SUCH_ID = _("No record has this id.")


class BadParameter(ValidationError, BadRequest):
    """A query parameter that cannot be what it names: the API answers 400 with the field's message (a
    ValidationError), a page answers 400 (Django's BadRequest)."""


def bounded_int(text: str, *, minimum: int = 0, maximum: int = DB_INT_MAX) -> int | None:
    """The whole number the text spells when it is within the bounds, else None."""
    text = text.strip()
    digits = text.removeprefix("-")
    # Length first: int() of a million digits is itself slow, and nothing longer than the bounds is within them.
    if not (digits.isascii() and digits.isdigit()) or len(text) > len(str(maximum)) + 1:
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def query_int(
    params: Mapping[str, Any], name: str, *, default: int | None = None, minimum: int = 0, maximum: int = DB_INT_MAX
) -> int | None:
    """The parameter as a whole number within the bounds, the default when it is absent or empty."""
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    number = bounded_int(str(raw), minimum=minimum, maximum=maximum)
    if number is None:
        raise BadParameter({name: [_refusal(str(raw), minimum=minimum, maximum=maximum)]})
    return number


def _refusal(text: str, *, minimum: int, maximum: int) -> str:
    if maximum < DB_INT_MAX:
        return OUT_OF_RANGE % {"minimum": minimum, "maximum": maximum}
    digits = text.strip()
    return str(NO_SUCH_ID if digits.isascii() and digits.isdigit() else NOT_AN_ID)


def query_id(params: Mapping[str, Any], name: str) -> int | None:
    """The id of a row named in the query string, None when absent; one no row can have is refused."""
    return query_int(params, name, minimum=1)


class BoundedPagination(LimitOffsetPagination):
    """DRF's limit/offset with both bounded: out of range is a 400, not silently cut nor an overflow."""

    default_limit = 50
    max_limit = MAX_LIMIT

    def get_limit(self, request: Request) -> int:
        limit = query_int(request.query_params, self.limit_query_param, minimum=1, maximum=self.max_limit)
        return self.default_limit if limit is None else limit

    def get_offset(self, request: Request) -> int:
        return query_int(request.query_params, self.offset_query_param, default=0, maximum=MAX_OFFSET) or 0

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.limit_query_param: {"minimum": 1, "maximum": self.max_limit, "default": self.default_limit},
            self.offset_query_param: {"minimum": 0, "maximum": MAX_OFFSET},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds[parameter["name"]])
        return parameters


def id_field(*, error_messages: Mapping[str, Any] | None = None, **kwargs: Any) -> serializers.IntegerField:
    """The id of a row sent in a request body: one no row can have (below 1, past DB_INT_MAX) is a 400 on the
    field, never an OverflowError in the query."""
    messages = {"min_value": NO_SUCH_ID, "max_value": NO_SUCH_ID, **(error_messages or {})}
    return serializers.IntegerField(min_value=1, max_value=DB_INT_MAX, error_messages=messages, **kwargs)
