"""The API's content negotiation (core.negotiation.ContentNegotiation) answers the common requests at once and chooses
exactly what DRF's own negotiation would, for every Accept header and renderer list; an unknown `?format=` is a
400 naming it (DRF: a 404)."""

from __future__ import annotations

import pytest
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from keepwarm.core.negotiation import ContentNegotiation
from keepwarm.imports.api import CsvRenderer, XlsxRenderer

pytestmark = pytest.mark.pure

ACCEPTS = [None, "*/*", "application/json", "application/json; indent=4", "text/html", "text/csv",
           "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/*", "image/png"]  # fmt: skip
RENDERER_LISTS = [[JSONRenderer(), BrowsableAPIRenderer()], [CsvRenderer(), XlsxRenderer()]]


def _choice(negotiation, accept, renderers, query):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    request = Request(APIRequestFactory().get(f"/api/x/{query}", **headers))
    try:
        renderer, media_type = negotiation.select_renderer(request, renderers)
    except Exception as error:  # DRF's NotAcceptable / Http404 for an unknown format
        return type(error).__name__
    return type(renderer).__name__, media_type


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize("renderers", RENDERER_LISTS, ids=["json", "csv"])
@pytest.mark.parametrize("query", ["", "?format=api", "?format=json", "?format=csv"])
def test_the_renderer_chosen_is_drfs(accept, renderers, query):
    ours = _choice(ContentNegotiation(), accept, renderers, query)
    drfs = _choice(DefaultContentNegotiation(), accept, renderers, query)
    assert ours == ("ValidationError" if drfs == "Http404" else drfs)  # an unknown ?format= is a 400 naming it
