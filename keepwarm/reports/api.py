"""GET /api/reports/<name>/?period=|from=&to=&team=&manager= — exactly the numbers the report pages show — and
GET /api/reports/<name>/clients/?measure=... — the clients behind one of them (drill-down)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.core.api import request_user
from keepwarm.core.params import BoundedPagination
from keepwarm.reports import drill, schema, selectors
from keepwarm.reports.scope import PRESETS

PARAMETERS = [
    OpenApiParameter(
        "period",
        OpenApiTypes.STR,
        enum=list(PRESETS),
        description="This week, month, quarter or year up to today (server zone), beside the previous one up to the "
        "same day; `from` or `to` other than its own days make the period custom.",
    ),
    OpenApiParameter(
        "from",
        OpenApiTypes.DATE,
        description="First day (default: 29 days before `to`), from 2000-01-01 to the end of the tenth year from "
        "now; at most three years before `to`.",
    ),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Last day, included (default: today); same range."),
    OpenApiParameter("team", OpenApiTypes.INT, description="A team (admins; a lead only their own)."),
    OpenApiParameter("manager", OpenApiTypes.INT, description="One manager the viewer may see (OWN-1)."),
]
FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="Bad input: the field's name (`period`, `from`, `to`, `team`, `manager`, `measure`) with its "
    'messages, e.g. {"to": ["Choose a day from 2000-01-01 to 2036-12-31."]}.',
)
NOT_FOUND = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="An unknown report, or a team or manager that does not exist or is out of the viewer's reach (OWN-1).",
)


def _name(reports: Iterable[str]) -> OpenApiParameter:
    return OpenApiParameter("name", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(reports))


@extend_schema(
    parameters=[_name(selectors.REPORTS), *PARAMETERS],
    responses={200: schema.REPORT, 400: FIELD_ERRORS, 404: NOT_FOUND},
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
    parameters=[_name(drill.MEASURES), MEASURE_PARAMETER, *PARAMETERS],
    responses={
        200: inline_serializer(
            "DrilledClients",
            {"count": serializers.IntegerField(), "results": DrilledClientSerializer(many=True)},
        ),
        400: FIELD_ERRORS,
        404: NOT_FOUND,
    },
    summary="The clients behind one number of a report (drill-down), paginated by limit/offset",
)
@api_view(["GET"])
def clients(request: Request, name: str) -> Response:
    """The list's length is the report's number for the same period, team and manager (OWN-1 scoped)."""
    queryset, _period, _measure = drill.clients_behind(request_user(request), name, request.query_params.dict())
    paginator = BoundedPagination()
    page = paginator.paginate_queryset(queryset, request)
    return paginator.get_paginated_response(DrilledClientSerializer(page, many=True).data)
