"""API plumbing: the signed-in user, service errors as 4xx answers with field messages (never a 500)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, renderers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from keepwarm.core.error_pages import input_refusal
from keepwarm.core.errors import StaleEditError

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User  # settings.AUTH_USER_MODEL, see core.requests


def request_user(request: Request) -> User:
    """The signed-in user of an API request (every endpoint requires one)."""
    user = request.user
    assert not isinstance(user, AnonymousUser)
    return user


def validation_error_body(error: DjangoValidationError) -> dict[str, Any]:
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, StaleEditError):
        return Response(validation_error_body(exc), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response(validation_error_body(exc), status=status.HTTP_400_BAD_REQUEST)
    if (refusal := input_refusal(exc)) is not None:  # a form over Django's limits (a `mapping` of megabytes)
        return Response({"non_field_errors": [refusal]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        # get_object_or_404 says "No Client matches the given query.": English, naming the model. Every 404 reads
        # the same, in the reader's language, whatever raised it.
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's HTML pages style a few elements inline (and its code colours in a <style>): the Content-Security-Policy
    lets these pages, and only them, apply inline styles; scripts stay files-only everywhere."""

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> Any:
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_update = {"style-src": ["'unsafe-inline'"]}
        return super().render(data, accepted_media_type, renderer_context)
