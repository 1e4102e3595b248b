"""A request the app cannot take, answered in the reader's language with what is wrong: a page that links back, or
the API's JSON. Django's own answer is a bare English "Bad Request" (handler400 in config.urls)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework.exceptions import NotFound

API_PREFIX = "/api/"


def input_refusal(error: Exception) -> str | None:
    """What Django refused to read of a request's form, naming the limit; None for any other error."""
    if isinstance(error, RequestDataTooBig):
        limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return _("The request's fields other than files come to more than %(limit)s; send less.") % {"limit": limit}
    if isinstance(error, TooManyFieldsSent):
        return _("The request has more than %(limit)s fields.") % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
    if isinstance(error, TooManyFilesSent):
        return _("The request has more than %(limit)s files.") % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
    return None


def refusal_page(
    request: HttpRequest, problems: Iterable[str], *, back: str = "", back_label: str = ""
) -> HttpResponse:
    """A 400 page listing the problems; `back` leads to the page the request came from (else Today)."""
    context = {"problems": list(problems), "back": back, "back_label": back_label}
    return TemplateResponse(request, "400.html", context, status=400).render()


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: what Django refused before a view could answer, e.g. a form over its limits read by the CSRF
    check (the API's own views answer these in core.api.exception_handler)."""
    problems = [input_refusal(exception) or _("The request could not be read.")]
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"non_field_errors": problems}, status=400)
    return refusal_page(request, problems)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: an address under /api/ that names no endpoint answers as the API's other 404s do (JSON, in the
    reader's language), not with a page."""
    if request.path_info.startswith(API_PREFIX):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)
