"""REST endpoints for the team's ideal customer profile and a client's scorecard (QUAL-1..4)."""

from __future__ import annotations

from collections.abc import Callable

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.accounts import access
from keepwarm.accounts.models import Team
from keepwarm.clients.access import client_for_user
from keepwarm.core.api import request_user
from keepwarm.flows import qualification as qualification_flows
from keepwarm.flows import teams as team_flows
from keepwarm.qualification import selectors, services
from keepwarm.qualification.scorecards import profile_row
from keepwarm.qualification.serializers import MarkInput, ProfileSerializer, ReasonInput, ScorecardOutput


def settings_team(request: Request) -> Team:
    return access.settings_team(request_user(request), request.query_params.get("team"))


@extend_schema(
    parameters=[OpenApiParameter("team", OpenApiTypes.INT, description="Admins: which team.")],
    request=ProfileSerializer,
    responses=ProfileSerializer,
    summary="The team's ideal customer profile (QUAL-2); a change rescores the team's clients",
)
@api_view(["GET", "PATCH"])
def team_profile(request: Request) -> Response:
    team = settings_team(request)
    row = profile_row(team)
    if request.method == "PATCH":
        serializer = ProfileSerializer(row, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        row = team_flows.profile_update(team=team, by=request_user(request), **serializer.validated_data)
    return Response(ProfileSerializer(row).data)


def _card(request: Request, pk: int, status: int = 200) -> Response:
    client = client_for_user(request_user(request), pk)
    return Response(ScorecardOutput(selectors.scorecard_for(client)).data, status=status)


@extend_schema(responses=ScorecardOutput, summary="The client's scorecard by stage, with verdict and drivers")
@api_view(["GET"])
def scorecard(request: Request, pk: int) -> Response:
    return _card(request, pk)


@extend_schema(
    request=MarkInput, responses={201: ScorecardOutput}, summary="Mark indicator 7–20 with date and evidence"
)
@api_view(["POST"])
def scorecard_marks(request: Request, pk: int) -> Response:
    client = client_for_user(request_user(request), pk)
    data = MarkInput(data=request.data)
    data.is_valid(raise_exception=True)
    services.indicator_mark(client=client, by=request_user(request), **data.validated_data)
    return _card(request, pk, status=201)


@extend_schema(request=None, responses=ScorecardOutput, summary="Unmark an indicator (history is kept)")
@api_view(["DELETE"])
def scorecard_mark(request: Request, pk: int, number: int) -> Response:
    client = client_for_user(request_user(request), pk)
    services.indicator_unmark(client=client, by=request_user(request), number=number)
    return _card(request, pk)


def _with_reason(request: Request, pk: int, service: Callable[..., object]) -> Response:
    """Both QUAL-4 decisions take a reason and answer with the scorecard."""
    client = client_for_user(request_user(request), pk)
    data = ReasonInput(data=request.data)
    data.is_valid(raise_exception=True)
    service(client=client, by=request_user(request), **data.validated_data)
    return _card(request, pk)


@extend_schema(request=ReasonInput, responses=ScorecardOutput, summary="Confirm a suggested disqualification")
@api_view(["POST"])
def confirm_disqualification(request: Request, pk: int) -> Response:
    return _with_reason(request, pk, qualification_flows.disqualification_confirm)


@extend_schema(request=ReasonInput, responses=ScorecardOutput, summary="Undo a disqualification (re-qualify)")
@api_view(["POST"])
def requalify(request: Request, pk: int) -> Response:
    return _with_reason(request, pk, qualification_flows.disqualification_undo)
