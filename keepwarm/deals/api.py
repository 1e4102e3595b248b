"""REST endpoints for deals (SALE-1), the corporate assessment, grid and an organization's people (CORP-1)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.clients.access import organizations_visible_to
from keepwarm.core.api import request_user
from keepwarm.core.viewsets import ScopedViewSet
from keepwarm.deals import selectors, services
from keepwarm.deals.models import Deal, OrganizationAssessment
from keepwarm.deals.serializers import (
    AssessmentInput,
    AssessmentOutput,
    CloseInput,
    DealInput,
    DealOutput,
    GridCellOutput,
    MoveInput,
    OrganizationPeopleOutput,
)


@extend_schema_view(create=extend_schema(request=DealInput, responses=DealOutput))
class DealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = Deal.objects.none()
    serializer_class = DealOutput
    input_serializer = DealInput

    def get_queryset(self) -> QuerySet[Deal]:
        queryset = selectors.deals_visible_to(request_user(self.request)).prefetch_related("stage_changes")
        result = self.request.query_params.get("result")
        return queryset.filter(result=result) if result else queryset

    def _fresh(self, deal: Deal) -> Response:
        return Response(DealOutput(self.get_queryset().get(pk=deal.pk)).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        deal = services.deal_create(by=request_user(request), **self.input(request.data).validated_data)
        return Response(DealOutput(deal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MoveInput, responses=DealOutput, summary="Move to another stage (SALE-1)")
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        serializer = MoveInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        deal = services.deal_move(deal=self.get_object(), by=request_user(request), **serializer.validated_data)
        return self._fresh(deal)

    @extend_schema(request=CloseInput, responses=DealOutput, summary="Close as won or lost")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        serializer = CloseInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        deal = services.deal_close(deal=self.get_object(), by=request_user(request), **serializer.validated_data)
        return self._fresh(deal)


@extend_schema(methods=["GET"], responses=AssessmentOutput)
@extend_schema(methods=["PUT"], request=AssessmentInput, responses=AssessmentOutput)
@api_view(["GET", "PUT"])
def organization_assessment(request: Request, pk: int) -> Response:
    """CORP-1: the organization's place on the interest x capacity grid, with the suggested strategy."""
    user = request_user(request)
    organization = get_object_or_404(organizations_visible_to(user), pk=pk)
    if request.method == "GET":
        return Response(AssessmentOutput(get_object_or_404(OrganizationAssessment, organization=organization)).data)
    serializer = AssessmentInput(data=request.data)
    serializer.is_valid(raise_exception=True)
    assessment = services.organization_assess(organization=organization, by=user, **serializer.validated_data)
    return Response(AssessmentOutput(assessment).data)


@extend_schema(
    responses=GridCellOutput(many=True),
    summary="The corporate grid (CORP-1)",
    description="Nine cells: interest from high to low, and within each financial capacity from low to high.",
)
@api_view(["GET"])
def corporate_grid(request: Request) -> Response:
    rows = selectors.corporate_grid(request_user(request))
    return Response(GridCellOutput([cell for row in rows for cell in row], many=True).data)


@extend_schema(responses=OrganizationPeopleOutput, summary="People and their decision roles (CORP-1)")
@api_view(["GET"])
def organization_people(request: Request, pk: int) -> Response:
    user = request_user(request)
    organization = get_object_or_404(organizations_visible_to(user), pk=pk)
    known = selectors.has_decision_maker(organization)
    body = {
        "organization": organization.pk,
        "has_decision_maker": known,
        "warning": None if known else str(selectors.NO_DECISION_MAKER),
        "people": selectors.organization_people(organization, user=user),
    }
    return Response(OrganizationPeopleOutput(body).data)
