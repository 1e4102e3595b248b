"""REST endpoints for organizations, clients, categories and orders; every write calls a service."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients import selectors, services
from keepwarm.clients.models import Client, Order, Organization
from keepwarm.clients.serializers import (
    CategoryInput,
    ClientInput,
    ClientOutput,
    OrderInput,
    OrderOutput,
    OrganizationInput,
    OrganizationOutput,
)
from keepwarm.planner.services import NextStepRequest


def request_user(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def required_version(data: dict[str, Any]) -> int:
    version = data.pop("version", None)
    if version is None:
        raise ValidationError({"version": [_("Send the version you read, so a concurrent edit is not overwritten.")]})
    return int(version)


class ScopedViewSet(viewsets.GenericViewSet[Any]):
    """Input serializers only offer related rows the user may see (OWN-1)."""

    input_serializer: type[BaseSerializer[Any]]

    def input(self, data: Any, **kwargs: Any) -> BaseSerializer[Any]:
        serializer = self.input_serializer(data=data, context=self.get_serializer_context(), **kwargs)
        if hasattr(serializer, "scope_relations"):
            serializer.scope_relations(request_user(self.request))
        serializer.is_valid(raise_exception=True)
        return serializer


@extend_schema_view(
    create=extend_schema(request=OrganizationInput, responses=OrganizationOutput),
    partial_update=extend_schema(request=OrganizationInput, responses=OrganizationOutput),
)
class OrganizationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    queryset = Organization.objects.none()  # the schema's type hints; get_queryset scopes the rows
    serializer_class = OrganizationOutput
    input_serializer = OrganizationInput
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Organization]:
        queryset = access.organizations_visible_to(request_user(self.request))
        q = self.request.query_params.get("q", "").strip()
        return queryset.filter(name__icontains=q) if q else queryset

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.input(request.data).validated_data)
        data.pop("version", None)
        organization = services.organization_create(by=request_user(request), **data)
        return Response(OrganizationOutput(organization).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        organization = self.get_object()
        data = dict(self.input(request.data, partial=True).validated_data)
        data.pop("team", None)
        version = required_version(data)
        services.organization_update(
            organization=organization, by=request_user(request), expected_version=version, **data
        )
        return Response(OrganizationOutput(organization).data)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Name, phone, e-mail or organization."),
            OpenApiParameter("category", OpenApiTypes.STR, enum=["now", "future", "never"]),
            OpenApiParameter("owner", OpenApiTypes.INT),
        ]
    ),
    create=extend_schema(request=ClientInput, responses=ClientOutput),
    partial_update=extend_schema(request=ClientInput, responses=ClientOutput),
)
class ClientViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    queryset = Client.objects.none()
    serializer_class = ClientOutput
    input_serializer = ClientInput
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Client]:
        queryset = access.clients_visible_to(request_user(self.request))
        params = self.request.query_params
        owner = params.get("owner")
        queryset = selectors.client_search(
            queryset,
            q=params.get("q", ""),
            category=params.get("category", ""),
            owner=int(owner) if owner and owner.isdigit() else None,
        )
        return selectors.with_next_step(queryset.prefetch_related("interests"))

    def _fresh(self, client: Client) -> Client:
        return self.get_queryset().get(pk=client.pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.input(request.data).validated_data)
        data.pop("version", None)
        next_step_on = data.pop("next_step_on", None)
        client = services.client_create(
            by=request_user(request),
            next_step=NextStepRequest(due_date=next_step_on) if next_step_on else None,
            **data,
        )
        return Response(ClientOutput(self._fresh(client)).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        client = self.get_object()
        data = dict(self.input(request.data, partial=True).validated_data)
        for ignored in ("owner", "category", "next_step_on"):
            data.pop(ignored, None)
        version = required_version(data)
        services.client_update(client=client, by=request_user(request), expected_version=version, **data)
        return Response(ClientOutput(self._fresh(client)).data)

    @extend_schema(request=CategoryInput, responses=ClientOutput, summary="Change the category (CAT-2, CAT-4)")
    @action(detail=True, methods=["post"])
    def category(self, request: Request, pk: str | None = None) -> Response:
        client = self.get_object()
        serializer = CategoryInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        next_step_on = data.pop("next_step_on", None)
        services.client_set_category(
            client=client,
            by=request_user(request),
            expected_version=data.pop("version", None),
            next_step=NextStepRequest(due_date=next_step_on) if next_step_on else None,
            **data,
        )
        return Response(ClientOutput(self._fresh(client)).data)


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("client", OpenApiTypes.INT)]),
    create=extend_schema(request=OrderInput, responses=OrderOutput),
)
class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = Order.objects.none()
    serializer_class = OrderOutput
    input_serializer = OrderInput

    def get_queryset(self) -> QuerySet[Order]:
        queryset = access.orders_visible_to(request_user(self.request))
        client = self.request.query_params.get("client")
        return queryset.filter(client_id=client) if client and client.isdigit() else queryset

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.input(request.data).validated_data)
        order = services.order_record(by=request_user(request), **data)
        return Response(OrderOutput(order).data, status=status.HTTP_201_CREATED)
