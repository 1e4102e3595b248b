"""The API's content negotiation."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import exceptions, negotiation, serializers


class ContentNegotiation(negotiation.DefaultContentNegotiation):
    """DRF's, answering at once what most API calls ask (no Accept, `*/*`, or the first renderer's own type, and no
    `?format=`): the first renderer, as DRF would choose it. Parsing the header and matching it against every
    renderer was ~3 % of a small API call's CPU (issue 12)."""

    def select_renderer(self, request: Any, renderers: Any, format_suffix: str | None = None) -> Any:
        if renderers and format_suffix is None and self.settings.URL_FORMAT_OVERRIDE not in request.query_params:
            first = renderers[0]
            plain = "*" not in first.media_type and ";" not in first.media_type
            if plain and request.META.get("HTTP_ACCEPT", "*/*") in ("*/*", first.media_type):
                return first, first.media_type
        return super().select_renderer(request, renderers, format_suffix)

    def filter_renderers(self, renderers: Any, format: str) -> Any:
        """A `?format=` no renderer of the view writes is a 400 naming the parameter, as any other wrong choice
        (DRF answers a bare 404, "Not found.", as if the row were missing)."""
        try:
            return super().filter_renderers(renderers, format)
        except Http404:
            message = serializers.ChoiceField(choices=[]).error_messages["invalid_choice"].format(input=format)
            raise exceptions.ValidationError({self.settings.URL_FORMAT_OVERRIDE: [message]}) from None
