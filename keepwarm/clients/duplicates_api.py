"""GET /api/duplicates/ (likely duplicate pairs, OWN-1) and POST /api/clients/{id}/merge/ (the merge flow)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.clients.access import client_for_user
from keepwarm.clients.duplicates import DuplicateReason, duplicate_pairs
from keepwarm.clients.models import Client
from keepwarm.clients.selectors import with_next_step
from keepwarm.clients.serializers import ClientOutput
from keepwarm.core.api import request_user
from keepwarm.core.api_errors import NOT_FOUND, field_errors
from keepwarm.core.params import id_field
from keepwarm.flows.merge import clients_merge


class DuplicateClientOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")
    organization = serializers.CharField(source="organization.name", allow_null=True, default=None)
    owner = serializers.CharField(source="owner.username")
    phones = serializers.ListField(child=serializers.CharField())
    emails = serializers.ListField(child=serializers.CharField())
    category = serializers.CharField()


class DuplicatePairOutput(serializers.Serializer[Any]):
    first = DuplicateClientOutput()
    second = DuplicateClientOutput()
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=DuplicateReason.choices))


NOT_VISIBLE = _("There is no such client among those you can see.")


class MergeInput(serializers.Serializer[None]):
    """`other` is a client the user sees (OWN-1), else a 400 on it: the client of the URL is there (a 404 says
    it is not)."""

    other = id_field(
        help_text="The duplicate whose history moves here; it is binned.",
        error_messages={"min_value": NOT_VISIBLE, "max_value": NOT_VISIBLE},
    )

    def validate_other(self, value: int) -> Client:
        try:
            return client_for_user(self.context["user"], value)
        except Http404:
            raise serializers.ValidationError(NOT_VISIBLE) from None


@extend_schema(
    responses=DuplicatePairOutput(many=True),
    summary="Likely duplicate clients among yours (OWN-1): same phone, e-mail, or name in one organization",
)
@api_view(["GET"])
def duplicates(request: Request) -> Response:
    return Response(DuplicatePairOutput(duplicate_pairs(user=request_user(request)), many=True).data)


@extend_schema(
    request=MergeInput,
    responses={
        200: ClientOutput,
        400: field_errors(
            "`other` missing, not a number or not a client the user sees, or the client itself (non_field_errors)."
        ),
        404: NOT_FOUND,
    },
    summary="Merge a duplicate into this client: all its history moves here, it goes to the recycle bin (CAT-5)",
)
@api_view(["POST"])
def merge(request: Request, pk: int) -> Response:
    user = request_user(request)
    survivor = client_for_user(user, pk)
    serializer = MergeInput(data=request.data, context={"user": user})
    serializer.is_valid(raise_exception=True)
    merged = clients_merge(survivor=survivor, other=serializer.validated_data["other"], by=user)
    return Response(ClientOutput(with_next_step(Client.objects.filter(pk=merged.pk)).get()).data)
