"""GET /api/reports/<name>/?from=&to=&team=&manager= — exactly the numbers the report pages show."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.core.api import request_user
from keepwarm.reports import selectors

PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="First day (default: 29 days before `to`)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day, included (default: today)."),
    OpenApiParameter("team", OpenApiTypes.INT, description="A team (admins; a lead only their own)."),
    OpenApiParameter("manager", OpenApiTypes.INT, description="One manager the viewer may see (OWN-1)."),
]


@extend_schema(
    parameters=PARAMETERS,
    responses=OpenApiTypes.OBJECT,
    summary="A report for a period with the previous period beside it",
)
@api_view(["GET"])
def report(request: Request, name: str) -> Response:
    if name not in selectors.REPORTS:
        raise Http404
    return Response(selectors.report(request_user(request), name, request.query_params.dict()))
