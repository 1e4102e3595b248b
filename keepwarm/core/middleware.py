"""Request input within bounds before any view reads it: a body too large is a 413, JSON nested too deep a 400, a
query parameter out of range a 400 with its message; none of them reaches a parser or the database as a 500.

It runs after the user's language is set (settings.MIDDLEWARE), so each refusal is in the reader's language, and
before anything reads the body. A file too large for an upload page is sent back to that page (303, nothing read),
which shows it as the form's error; the API answers 413 with the error on `file`."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keepwarm.core.error_pages import API_PREFIX, input_refusal, refusal_page
from keepwarm.core.params import BadParameter

REFUSED = "refused"  # the query parameter an upload page reads: ?refused=too_large
FILE_TOO_LARGE = gettext_lazy("The file is larger than %(limit)s MB; split it into smaller files.")
MAX_JSON_DEPTH = 64  # the deepest body the API takes is a few levels; Python's json recurses once per level

# Whole strings, and one that never ends (to the end of the body: the parser stops there too); linear, no rescans.
STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"|"[\s\S]*')
NOT_BRACKETS = bytes(sorted(set(range(256)) - set(b"[]{}")))
AS_SQUARE = bytes.maketrans(b"{}", b"[]")


def json_depth_exceeds(body: bytes, limit: int) -> bool:
    """Whether brackets outside strings nest deeper than the limit, told without parsing (no recursion)."""
    brackets = STRINGS.sub(b"", body).translate(AS_SQUARE, NOT_BRACKETS)
    if brackets.count(b"[") <= limit:
        return False
    depth = 0
    for char in brackets:
        depth += 1 if char == ord("[") else -1
        if depth > limit:
            return True
    return False


def too_large(request: HttpRequest, limit: int | None) -> HttpResponse:
    message = _("The request body is larger than %(limit)s bytes.") % {"limit": limit}
    if not request.path_info.startswith(API_PREFIX):
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
    return JsonResponse({"detail": message}, status=413)


def file_too_large(request: HttpRequest) -> HttpResponse:
    """An upload over the file limit: its page shows it as the form's error; the API names the field."""
    if not request.path_info.startswith(API_PREFIX):
        return HttpResponseRedirect(f"{request.path}?{REFUSED}=too_large", status=303)
    message = FILE_TOO_LARGE % {"limit": settings.FILE_UPLOAD_MAX_SIZE // 2**20}
    return JsonResponse({"file": [message]}, status=413)


def is_json(content_type: str | None) -> bool:
    return content_type == "application/json" or bool(content_type and content_type.endswith("+json"))


class BoundedInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.refusal(request) or self.get_response(request)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        upload = request.path_info in settings.FILE_UPLOAD_PATHS and request.content_type == "multipart/form-data"
        if upload:
            limit = settings.FILE_UPLOAD_MAX_BODY  # an uploaded file (an import) is checked against its own limit
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isascii() or not length.isdigit():
            return JsonResponse({"detail": _("The Content-Length header is not a number.")}, status=400)
        if limit is not None and int(length) > limit:
            return file_too_large(request) if upload else too_large(request, limit)
        if is_json(request.content_type) and int(length):
            try:
                body = request.body
            except RequestDataTooBig:
                return too_large(request, limit)
            if json_depth_exceeds(body, MAX_JSON_DEPTH):
                message = _("The JSON body is nested deeper than %(limit)s levels.") % {"limit": MAX_JSON_DEPTH}
                return JsonResponse({"detail": message}, status=400)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A page's out-of-range parameter, or a form over Django's limits read by its view (the API answers these
        itself, with the field named; read before the view, by the CSRF check, they reach handler400)."""
        if isinstance(exception, BadParameter):
            return refusal_page(request, exception.messages)
        if (refusal := input_refusal(exception)) is not None:
            return refusal_page(request, [refusal])
        return None
