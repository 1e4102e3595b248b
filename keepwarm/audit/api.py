"""The audit trail in the API: a client's or an organization's field changes, newest first (OWN-1 scoped)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.accounts.models import User
from keepwarm.audit.models import FieldChange
from keepwarm.audit.selectors import SHOWN_AT_MOST, ChangeRow, change_rows, changes_for
from keepwarm.clients.access import client_for_user, organizations_visible_to


class FieldChangeOutput(serializers.Serializer[Any]):
    at = serializers.DateTimeField(source="change.at")
    by = serializers.CharField(source="change.by.username", allow_null=True, default=None)
    through = serializers.ChoiceField(
        source="change.source", choices=FieldChange.Source.choices, help_text="The web page, the API, ..."
    )
    model = serializers.CharField(source="change.model", help_text="app_label.model_name, e.g. clients.client")
    object_id = serializers.IntegerField(source="change.object_id")
    field = serializers.CharField(source="change.field")
    old = serializers.JSONField(source="change.old", allow_null=True, help_text="The stored value (codes, ISO).")
    new = serializers.JSONField(source="change.new", allow_null=True)
    record_label = serializers.CharField(source="record")
    field_label = serializers.CharField(source="field")
    old_text = serializers.CharField(source="old", help_text="The old value as the reader's language shows it.")
    new_text = serializers.CharField(source="new")


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


def _changes(rows: list[ChangeRow]) -> Response:
    data: Any = FieldChangeOutput(rows, many=True).data
    return Response(data)


@extend_schema(
    responses=FieldChangeOutput(many=True),
    summary=f"The client's audit trail: fields of the client and its planned contacts (latest {SHOWN_AT_MOST})",
)
@api_view(["GET"])
def client_changes(request: Request, pk: int) -> Response:
    client = client_for_user(_user(request), pk)
    return _changes(change_rows(changes_for(client_id=client.pk)))


@extend_schema(
    responses=FieldChangeOutput(many=True),
    summary=f"The organization's audit trail (latest {SHOWN_AT_MOST})",
)
@api_view(["GET"])
def organization_changes(request: Request, pk: int) -> Response:
    if not organizations_visible_to(_user(request)).filter(pk=pk).exists():
        raise Http404
    return _changes(change_rows(changes_for(organization_id=pk)))
