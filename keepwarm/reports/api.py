"""GET /api/reports/<name>/?from=&to=&team=&manager= — exactly the numbers the report pages show — and
GET /api/reports/<name>/clients/?measure=... — the clients behind one of them (drill-down)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.core.api import request_user
from keepwarm.core.params import BoundedPagination
from keepwarm.reports import drill, selectors

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


class DrilledClientSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="full_name")
    owner = serializers.IntegerField(source="owner_id")
    owner_name = serializers.CharField(source="owner.display_name")
    category = serializers.CharField()


MEASURE_PARAMETER = OpenApiParameter(
    "measure",
    OpenApiTypes.STR,
    required=True,
    description="The number to drill into: flows future_to_now, now_to_future, to_never; refusals refusals, "
    "refusers, refusers_later_bought; six clients, compliant, below_six, passive; activity touches, hang_ups, "
    "hung_up_clients, on_time, late, missed; deals reached_<stage>, won, lost; ladder level_<1..5>, promotions, "
    "demotions, overrides. Rows are one per counted item, so `count` equals the report's number.",
)


@extend_schema(
    parameters=[MEASURE_PARAMETER, *PARAMETERS],
    responses=inline_serializer(
        "DrilledClients",
        {"count": serializers.IntegerField(), "results": DrilledClientSerializer(many=True)},
    ),
    summary="The clients behind one number of a report (drill-down), paginated by limit/offset",
)
@api_view(["GET"])
def clients(request: Request, name: str) -> Response:
    """The list's length is the report's number for the same period, team and manager (OWN-1 scoped)."""
    queryset, _period, _measure = drill.clients_behind(request_user(request), name, request.query_params.dict())
    paginator = BoundedPagination()
    page = paginator.paginate_queryset(queryset, request)
    return paginator.get_paginated_response(DrilledClientSerializer(page, many=True).data)
