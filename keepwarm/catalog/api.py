"""REST endpoints for products, their matches, events with invitations, and POST-6 suggestions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.catalog import selectors, services
from keepwarm.catalog.models import Event, Product
from keepwarm.catalog.serializers import (
    EventCandidateOutput,
    EventInput,
    EventOutput,
    InvitationOutput,
    InviteInput,
    ProductInput,
    ProductMatchOutput,
    ProductOutput,
    SuggestionOutput,
)
from keepwarm.clients.access import client_for_user
from keepwarm.core.api import request_user
from keepwarm.core.viewsets import ScopedViewSet
from keepwarm.flows import catalog as catalog_flows


class _TeamRowsViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    http_method_names = ["get", "post", "patch", "head", "options"]


@extend_schema_view(
    create=extend_schema(request=ProductInput, responses=ProductOutput),
    partial_update=extend_schema(request=ProductInput, responses=ProductOutput),
)
class ProductViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, _TeamRowsViewSet):
    """POST-3: creating or tagging a product plans offers for the matching clients, within ANNOY-1."""

    queryset = Product.objects.none()
    serializer_class = ProductOutput
    input_serializer = ProductInput

    def get_queryset(self) -> QuerySet[Product]:
        return selectors.products_visible_to(request_user(self.request)).prefetch_related("tags", "related")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.input(request.data).validated_data)
        product = catalog_flows.product_create(by=request_user(request), **data)
        return Response(ProductOutput(product).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        product = self.get_object()
        data = dict(self.input(request.data, partial=True).validated_data)
        data.pop("team", None)
        catalog_flows.product_update(product=product, by=request_user(request), **data)
        return Response(ProductOutput(self.get_queryset().get(pk=product.pk)).data)

    @extend_schema(responses=ProductMatchOutput(many=True), summary="Matched clients: planned or waiting")
    # a plain list, as it always answered: without pagination_class=None the schema claimed a paginated page
    @action(detail=True, methods=["get"], pagination_class=None)
    def matches(self, request: Request, pk: str | None = None) -> Response:
        rows = selectors.product_matches(self.get_object(), user=request_user(request))
        return Response(ProductMatchOutput(rows, many=True).data)

    @extend_schema(
        request=None,
        responses=ProductMatchOutput(many=True),
        summary="Plan waiting offers now (POST-3, ANNOY-1)",
        description="Re-checks the clients whose offer waited for the contact caps; the ones now within them get "
        "the offer planned. A big team is re-checked in a task, so its rows change shortly after.",
    )
    @action(detail=True, methods=["post"], pagination_class=None)
    def retry(self, request: Request, pk: str | None = None) -> Response:
        user = request_user(request)
        product = self.get_object()
        catalog_flows.product_retry_waiting(product=product, by=user)
        return Response(ProductMatchOutput(selectors.product_matches(product, user=user), many=True).data)


@extend_schema_view(
    create=extend_schema(request=EventInput, responses=EventOutput),
    partial_update=extend_schema(request=EventInput, responses=EventOutput),
)
class EventViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, _TeamRowsViewSet):
    queryset = Event.objects.none()
    serializer_class = EventOutput
    input_serializer = EventInput

    def get_queryset(self) -> QuerySet[Event]:
        return selectors.events_visible_to(request_user(self.request)).prefetch_related("tags")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.input(request.data).validated_data)
        event = services.event_create(by=request_user(request), **data)
        return Response(EventOutput(event).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        event = self.get_object()
        data = dict(self.input(request.data, partial=True).validated_data)
        data.pop("team", None)
        services.event_update(event=event, by=request_user(request), **data)
        return Response(EventOutput(self.get_queryset().get(pk=event.pk)).data)

    @extend_schema(responses=EventCandidateOutput(many=True), summary="Clients to invite (POST-7)")
    @action(detail=True, methods=["get"])
    def candidates(self, request: Request, pk: str | None = None) -> Response:
        rows = selectors.event_candidates(self.get_object(), user=request_user(request))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(EventCandidateOutput(page, many=True).data)

    @extend_schema(request=InviteInput, responses={201: InvitationOutput}, summary="Invite a client (POST-7)")
    @action(detail=True, methods=["post"])
    def invite(self, request: Request, pk: str | None = None) -> Response:
        event = self.get_object()
        serializer = InviteInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = request_user(request)
        client = client_for_user(user, serializer.validated_data["client"])
        invitation = catalog_flows.event_invite(event=event, client=client, by=user)
        return Response(InvitationOutput(invitation).data, status=status.HTTP_201_CREATED)


@extend_schema(responses=SuggestionOutput(many=True), summary="POST-6: this month's 1–2 offers, with reasons")
@api_view(["GET"])
def client_suggestions(request: Request, pk: int) -> Response:
    client = client_for_user(request_user(request), pk)
    return Response(SuggestionOutput(selectors.client_suggestions(client), many=True).data)
