"""htmx answers: a page or only the part of it a swap replaces, and the events that tell the page what changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from keepwarm.core.requests import AuthedRequest


def page_or_part(
    request: AuthedRequest, template: str, context: Mapping[str, Any], *, part: str, target: str | None = None
) -> HttpResponse:
    """The whole page, or for htmx (aimed at the element `target`, when given) only its `{% partialdef part %}`,
    so a row renders the same in a page and in a swap."""
    swapped = bool(request.htmx) and (target is None or request.htmx.target == target)
    return render(request, f"{template}#{part}" if swapped else template, context)


def with_event(response: HttpResponse, event: str) -> HttpResponse:
    """Raises a client-side event once htmx has swapped the answer in (e.g. "kw:touch-logged")."""
    response["HX-Trigger"] = event
    return response
