"""REST endpoints for organizations, clients, categories and orders; every write calls a service."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from keepwarm.accounts import access
from keepwarm.clients import selectors, services
from keepwarm.clients.access import client_for_user, clients_visible_to, orders_visible_to, organizations_visible_to
from keepwarm.clients.models import CategoryChange, Client, Order, Organization
from keepwarm.clients.serializers import (
    CategoryChangeOutput,
    CategoryInput,
    ClientDetailOutput,
    ClientInput,
    ClientListQuery,
    ClientOutput,
    OrderInput,
    OrderOutput,
    OrganizationInput,
    OrganizationOutput,
    ReassignInput,
    ReassignOutput,
)
from keepwarm.clients.zone_source import CONFIRMED
from keepwarm.core.api import request_user
from keepwarm.core.params import BoundedPagination, query_id
from keepwarm.core.viewsets import ScopedViewSet
from keepwarm.flows import clients as client_flows
from keepwarm.flows import orders as order_flows
from keepwarm.flows import recycle
from keepwarm.planner.requests import NextStepRequest


def required_version(data: dict[str, Any]) -> int:
    version = data.pop("version", None)
    if version is None:
        raise ValidationError({"version": [_("Send the version you read, so a concurrent edit is not overwritten.")]})
    return int(version)


class HasNextPagination(BoundedPagination):
    """limit/offset without COUNT(*): one row more than the page tells whether there is a next one, so a list of a
    million clients costs what one page costs."""

    template = None

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        self.request = request
        limit, offset = self.get_limit(request), self.get_offset(request)
        self.limit, self.offset = limit, offset
        rows = list(queryset[offset : offset + limit + 1])
        self.next_offset = offset + limit if len(rows) > limit else None
        return rows[:limit]

    def get_paginated_response(self, data: Any) -> Response:
        return Response({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})

    def get_next_link(self) -> str | None:
        if self.next_offset is None or self.request is None:
            return None
        url = replace_query_param(self.request.build_absolute_uri(), self.limit_query_param, self.limit)
        return replace_query_param(url, self.offset_query_param, self.next_offset)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paginated = super().get_paginated_response_schema(schema)
        del paginated["properties"]["count"]
        paginated["required"] = ["results"]
        return paginated


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
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Organization]:
        queryset = organizations_visible_to(request_user(self.request))
        return selectors.organization_search(queryset, q=self.request.query_params.get("q", ""))

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
        client_flows.organization_update(
            organization=organization, by=request_user(request), expected_version=version, **data
        )
        return Response(OrganizationOutput(organization).data)

    @extend_schema(responses={204: None}, summary="Move to the recycle bin with its people (team leads and admins)")
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        recycle.organization_delete(organization=self.get_object(), by=request_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        parameters=[ClientListQuery],
        description="The web page's client list: the same filters and sorts (selectors.clients_listed). "
        "Pages have `next`/`previous` links and no total count. A wrong or unknown parameter is a 400.",
    ),
    retrieve=extend_schema(responses=ClientDetailOutput),
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
    pagination_class = HasNextPagination
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    list_parameters = frozenset({"limit", "offset", "format"})  # besides the filters

    def get_queryset(self) -> QuerySet[Client]:
        queryset = clients_visible_to(request_user(self.request)).select_related("owner__team", "organization")
        return selectors.with_next_step(queryset.prefetch_related("interests"))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = request_user(request)
        query = ClientListQuery(data=request.query_params, user=user)
        unknown = set(request.query_params) - set(query.fields) - self.list_parameters
        if not query.is_valid() or unknown:
            errors = {name: [_("Unknown parameter.")] for name in sorted(unknown)}
            raise exceptions.ValidationError({**query.errors, **errors})
        clients = selectors.clients_listed(user=user, filters=query.filters(), today=timezone.localdate())
        page = self.paginate_queryset(selectors.with_next_step(clients.prefetch_related("interests")))
        return self.get_paginated_response(ClientOutput(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ClientDetailOutput(self.get_object()).data)

    def _fresh(self, client: Client) -> Client:
        return self.get_queryset().get(pk=client.pk)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.input(request.data).validated_data)
        data.pop("version", None)
        next_step_on = data.pop("next_step_on", None)
        client = client_flows.client_create(
            by=request_user(request),
            next_step=NextStepRequest(due_date=next_step_on) if next_step_on else None,
            **data,
        )
        return Response(ClientOutput(self._fresh(client)).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        client = self.get_object()
        data = dict(self.input(request.data, partial=True, instance=client).validated_data)
        for ignored in ("owner", "category", "next_step_on"):
            data.pop(ignored, None)
        version = required_version(data)
        if "time_zone" in data:  # the sender's zone, even unchanged: a derived one is confirmed (TIME-1)
            data.update(CONFIRMED)
        client_flows.client_update(client=client, by=request_user(request), expected_version=version, **data)
        return Response(ClientOutput(self._fresh(client)).data)

    @extend_schema(responses={204: None}, summary="Move to the recycle bin (team leads and admins; restorable)")
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        recycle.client_delete(client=self.get_object(), by=request_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses=ClientOutput, summary="Erase the person's personal data (GDPR; final)")
    @action(detail=True, methods=["post"])
    def forget(self, request: Request, pk: str | None = None) -> Response:
        client = recycle.client_forget(client=self.get_object(), by=request_user(request))
        return Response(ClientOutput(self._fresh(client)).data)

    @extend_schema(request=CategoryInput, responses=ClientOutput, summary="Change the category (CAT-2, CAT-4)")
    @action(detail=True, methods=["post"])
    def category(self, request: Request, pk: str | None = None) -> Response:
        client = self.get_object()
        serializer = CategoryInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        next_step_on = data.pop("next_step_on", None)
        client_flows.client_set_category(
            client=client,
            by=request_user(request),
            expected_version=data.pop("version", None),
            next_step=NextStepRequest(due_date=next_step_on) if next_step_on else None,
            **data,
        )
        return Response(ClientOutput(self._fresh(client)).data)

    @extend_schema(responses=CategoryChangeOutput(many=True), summary="The category history, newest first (CAT-6)")
    @action(detail=True, methods=["get"], url_path="category-changes")
    def category_changes(self, request: Request, pk: str | None = None) -> Response:
        client = client_for_user(request_user(request), pk or "")
        changes = CategoryChange.objects.filter(client=client).order_by("-changed_at", "-id")
        return self.get_paginated_response(CategoryChangeOutput(self.paginate_queryset(changes), many=True).data)

    @extend_schema(request=ReassignInput, responses=ReassignOutput, summary="Give clients to another manager (OWN-1)")
    @action(detail=False, methods=["post"])
    def reassign(self, request: Request) -> Response:
        """What a team lead does with the selected rows of the client list; history stays with the clients."""
        user = request_user(request)
        if not access.can_reassign(user):
            raise exceptions.PermissionDenied(_("Only team leads and admins reassign clients."))
        serializer = ReassignInput(data=request.data)
        serializer.fields["to_owner"].queryset = access.users_assignable_by(user)  # type: ignore[attr-defined]
        serializer.is_valid(raise_exception=True)
        wanted = set(serializer.validated_data["clients"])
        clients = list(clients_visible_to(user).filter(pk__in=wanted).order_by("pk"))
        missing = sorted(wanted - {client.pk for client in clients})
        if missing:
            message = _("These clients do not exist or are not yours to see: %(ids)s.")
            raise exceptions.ValidationError({"clients": [message % {"ids": ", ".join(map(str, missing))}]})
        moved = client_flows.clients_reassign(clients=clients, to_owner=serializer.validated_data["to_owner"], by=user)
        return Response({"reassigned": moved})


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("client", OpenApiTypes.INT)]),
    create=extend_schema(request=OrderInput, responses=OrderOutput),
)
class OrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = Order.objects.none()
    serializer_class = OrderOutput
    input_serializer = OrderInput

    def get_queryset(self) -> QuerySet[Order]:
        queryset = orders_visible_to(request_user(self.request))
        client = query_id(self.request.query_params, "client")
        return queryset if client is None else queryset.filter(client_id=client)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.input(request.data).validated_data)
        order = order_flows.order_record(by=request_user(request), **data)
        return Response(OrderOutput(order).data, status=status.HTTP_201_CREATED)
