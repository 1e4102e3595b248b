"""GET /api/clients/export/, /api/clients/{id}/timeline/export/ and /api/team/export/ — files, not JSON.

`format` names the file's format here; DRF would read it as a renderer's name, so these views pick JSON (for
errors) whatever it says."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from keepwarm.clients.serializers import ClientListQuery
from keepwarm.core.api import request_user
from keepwarm.core.params import query_id
from keepwarm.exports import responses, views

ERRORS = {400: OpenApiResponse(OpenApiTypes.OBJECT, description="A wrong parameter, with field messages.")}


def files(*formats: str) -> dict[Any, Any]:
    described = {
        (200, responses.CONTENT_TYPES[fmt].split(";")[0]): OpenApiResponse(OpenApiTypes.BINARY) for fmt in formats
    }
    return {**described, **ERRORS}


class FileNegotiation(DefaultContentNegotiation):
    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        first = next(iter(renderers))
        return first, first.media_type


class ExportQuery(serializers.Serializer[None]):
    format = serializers.ChoiceField(choices=["csv", "xlsx", "vcf"], default="csv")
    delimiter = serializers.ChoiceField(
        choices=["comma", "semicolon"], required=False, help_text="CSV only; semicolon for Excel in many locales."
    )


class FileView(APIView):
    content_negotiation_class = FileNegotiation
    formats: tuple[str, ...] = ("csv", "xlsx")

    def file_format(self, request: Request, *, filters: Iterable[str] = ()) -> tuple[str, str]:
        """(format, delimiter); an unknown parameter or format is a 400 naming it."""
        query = ExportQuery(data=request.query_params)
        unknown = set(request.query_params) - set(query.fields) - set(filters)
        if not query.is_valid() or unknown:
            errors = {name: [_("Unknown parameter.")] for name in sorted(unknown)}
            raise exceptions.ValidationError({**query.errors, **errors})
        return responses.parsed(
            query.validated_data["format"], query.validated_data.get("delimiter", ""), formats=self.formats
        )


class ClientsExport(FileView):
    formats = ("csv", "xlsx", "vcf")

    @extend_schema(
        parameters=[ClientListQuery, ExportQuery],
        responses=files("csv", "xlsx", "vcf"),
        summary="The client list with the list's filters as CSV (UTF-8 with BOM), XLSX or vCard 3.0 (OWN-1)",
    )
    def get(self, request: Request) -> Any:
        user = request_user(request)
        query = ClientListQuery(data=request.query_params, user=user)
        fmt, delimiter = self.file_format(request, filters=set(query.fields))
        if not query.is_valid():
            raise exceptions.ValidationError(query.errors)
        return views.client_list_export(user, query.filters(), fmt=fmt, delimiter=delimiter)


class TimelineExport(FileView):
    @extend_schema(parameters=[ExportQuery], responses=files("csv", "xlsx"), summary="A client's timeline as a file")
    def get(self, request: Request, pk: int) -> Any:
        fmt, delimiter = self.file_format(request)
        return views.timeline_export(pk, request_user(request), fmt=fmt, delimiter=delimiter)


class TeamExport(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("team", OpenApiTypes.INT, description="Admins: which team (a lead: their own).")],
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY), **ERRORS},
        summary="Everything the team holds as a ZIP of CSV files, streamed (admins and the team's lead)",
    )
    def get(self, request: Request) -> Any:
        user = request_user(request)
        team = query_id(request.query_params, "team") or user.team_id
        if team is None:
            raise exceptions.ValidationError({"team": [_("Choose a team.")]})
        return views.team_zip(team, user)
