"""Marks every request's changes with the door they came through (the audit trail's "through")."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from keepwarm.audit.models import FieldChange
from keepwarm.audit.services import changes_through


def _door(path: str) -> str:
    if path.startswith("/api/"):
        return FieldChange.Source.API
    if path.startswith("/admin/"):
        return FieldChange.Source.ADMIN
    return FieldChange.Source.UI


class AuditSourceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with changes_through(_door(request.path_info)):
            return self.get_response(request)
