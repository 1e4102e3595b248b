"""REST endpoints for the ladder (LAD-1..6): card, confirmations, suggestions, privileges, offer checks."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.accounts import access
from keepwarm.clients.access import client_for_user, orders_visible_to
from keepwarm.core.api import request_user
from keepwarm.ladder import selectors, services
from keepwarm.ladder.models import PrivilegeOverride
from keepwarm.ladder.serializers import (
    LadderCardOutput,
    LadderConfirmInput,
    LadderInput,
    LadderSuggestedOutput,
    LevelPrivilegesOutput,
    LevelPrivilegesSerializer,
    OfferCheckInput,
    OfferExcessOutput,
    PrivilegeOverrideOutput,
)


def _card(request: Request, pk: int) -> Response:
    client = client_for_user(request_user(request), pk)
    return Response(LadderCardOutput(selectors.card_for(client)).data)


@extend_schema(request=LadderInput, responses=LadderCardOutput, summary="The client's level, privileges and criteria")
@api_view(["GET", "PATCH"])
def client_ladder(request: Request, pk: int) -> Response:
    client = client_for_user(request_user(request), pk)
    if request.method == "PATCH":
        data = LadderInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.ladder_update(client=client, by=request_user(request), **data.validated_data)
    return _card(request, pk)


@extend_schema(request=LadderConfirmInput, responses=LadderCardOutput, summary="Confirm the suggested move (LAD-6)")
@api_view(["POST"])
def confirm(request: Request, pk: int) -> Response:
    client = client_for_user(request_user(request), pk)
    data = LadderConfirmInput(data=request.data)
    data.is_valid(raise_exception=True)
    services.ladder_confirm(client=client, by=request_user(request), **data.validated_data)
    return _card(request, pk)


@extend_schema(responses=LadderSuggestedOutput(many=True), summary="Your clients whose criteria say promote or demote")
@api_view(["GET"])
def suggestions(request: Request) -> Response:
    return Response(LadderSuggestedOutput(selectors.suggestions_for(request_user(request)), many=True).data)


@extend_schema(
    parameters=[OpenApiParameter("team", OpenApiTypes.INT, description="Admins: which team.")],
    request=LevelPrivilegesSerializer,
    responses=LevelPrivilegesOutput(many=True),
    summary="The team's privileges per level (LAD-5); PATCH one level at a time",
)
@api_view(["GET", "PATCH"])
def team_privileges(request: Request) -> Response:
    team = access.settings_team(request_user(request), request.query_params.get("team"))
    if request.method == "PATCH":
        data = LevelPrivilegesSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        level = fields.pop("level", None)
        services.privileges_update(team=team, by=request_user(request), level=level or 0, **fields)
    table = selectors.team_privileges(team)
    rows = [{"level": level, **vars(privileges)} for level, privileges in table.items()]
    return Response(LevelPrivilegesOutput(rows, many=True).data)


@extend_schema(
    request=OfferCheckInput, responses=OfferExcessOutput(many=True), summary="Check an offer against the level"
)
@api_view(["POST"])
def offer_check(request: Request, pk: int) -> Response:
    user = request_user(request)
    client = client_for_user(user, pk)
    given = OfferCheckInput(data=request.data)
    given.is_valid(raise_exception=True)
    data = dict(given.validated_data)
    order_id = data.pop("order")
    order = get_object_or_404(orders_visible_to(user), pk=order_id) if order_id else None
    excesses = services.offer_check(client=client, by=user, order=order, **data)
    return Response(OfferExcessOutput(excesses, many=True).data)


@extend_schema(summary="Offers beyond the level, with reasons (reports)")
class OverrideList(generics.ListAPIView[PrivilegeOverride]):
    """A class view, so the schema shows the page (`count`, `next`, `results`) the answer is."""

    serializer_class = PrivilegeOverrideOutput

    def get_queryset(self) -> QuerySet[PrivilegeOverride]:
        return selectors.overrides_visible_to(request_user(self.request))


overrides = OverrideList.as_view()
