"""REST endpoints of the recycle bin: what team leads and admins deleted, and restoring it (OWN-1 scoped)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients.access import clients_in_bin_visible_to, organizations_in_bin_visible_to
from keepwarm.clients.models import Client, Organization
from keepwarm.clients.selectors import with_next_step
from keepwarm.clients.serializers import ClientOutput, OrganizationOutput
from keepwarm.core.api import request_user
from keepwarm.flows import recycle


class BinnedOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    deleted_at = serializers.DateTimeField()
    deleted_by = serializers.CharField(allow_null=True, help_text="Who deleted it (username).")
    purge_on = serializers.DateField(help_text="The day it is deleted for good; restore it before then.")


class BinOutput(serializers.Serializer[Any]):
    clients = BinnedOutput(many=True)
    organizations = BinnedOutput(many=True)


def binned_row(row: Client | Organization) -> dict[str, Any]:
    assert row.deleted_at is not None
    return {
        "id": row.pk,
        "name": row.full_name if isinstance(row, Client) else row.name,
        "deleted_at": row.deleted_at,
        "deleted_by": row.deleted_by.username if row.deleted_by is not None else None,
        "purge_on": row.purge_on,
    }


def _bin_user(request: Request) -> User:
    user = request_user(request)
    if not access.can_use_recycle_bin(user):
        raise exceptions.PermissionDenied(recycle.NOT_ALLOWED_MESSAGE)
    return user


def _one(queryset: Any, pk: int) -> Any:
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


@extend_schema(responses=BinOutput, summary="The recycle bin: what was deleted, by whom, and when it is purged")
@api_view(["GET"])
def recycle_bin(request: Request) -> Response:
    user = _bin_user(request)
    clients = clients_in_bin_visible_to(user).select_related("deleted_by").order_by("-deleted_at")
    organizations = organizations_in_bin_visible_to(user).select_related("deleted_by").order_by("-deleted_at")
    body = {
        "clients": [binned_row(client) for client in clients[: recycle.BIN_LISTED]],
        "organizations": [binned_row(organization) for organization in organizations[: recycle.BIN_LISTED]],
    }
    return Response(BinOutput(body).data)


@extend_schema(request=None, responses=ClientOutput, summary="Bring a client back from the bin, re-planned (CAT-5)")
@api_view(["POST"])
def client_restore(request: Request, pk: int) -> Response:
    user = _bin_user(request)
    client = recycle.client_restore(client=_one(clients_in_bin_visible_to(user), pk), by=user)
    return Response(ClientOutput(with_next_step(Client.objects.filter(pk=client.pk)).get()).data)


@extend_schema(request=None, responses=OrganizationOutput, summary="Bring an organization back with its people")
@api_view(["POST"])
def organization_restore(request: Request, pk: int) -> Response:
    user = _bin_user(request)
    organization = _one(organizations_in_bin_visible_to(user), pk)
    return Response(OrganizationOutput(recycle.organization_restore(organization=organization, by=user)).data)
