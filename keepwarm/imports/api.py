"""REST endpoints for imports (OWN-1: one's own imports, a lead's team's, an admin's all)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.core.api import request_user
from keepwarm.core.api_errors import NOT_FOUND, detail, field_errors
from keepwarm.flows.imports_queue import import_undo, import_upload_and_start
from keepwarm.imports import downloads, services
from keepwarm.imports.access import import_jobs_visible_to
from keepwarm.imports.models import ImportJob
from keepwarm.imports.serializers import FileTooLarge, ImportInput, ImportOutput


class FileRenderer(BaseRenderer):
    """The errors file is built by the view; these only let `?format=csv|xlsx` pick it (DRF reads `format`)."""

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> Any:
        if isinstance(data, dict):  # an error's answer (403, 404, 406): JSON as everywhere in the API, not "detail"
            response = (renderer_context or {}).get("response")
            if response is not None:
                response["Content-Type"] = JSONRenderer.media_type
            return JSONRenderer().render(data)
        return data


class CsvRenderer(FileRenderer):
    media_type, format = "text/csv", "csv"


class XlsxRenderer(FileRenderer):
    media_type, format = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"


@extend_schema_view(
    list=extend_schema(summary="The imports the user may see, newest first"),
    retrieve=extend_schema(summary="An import: status, progress (rows done of total, time left), counts, problems"),
)
class ImportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[ImportJob]):
    queryset = ImportJob.objects.none()
    serializer_class = ImportOutput
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[ImportJob]:
        return import_jobs_visible_to(request_user(self.request)).order_by("-created_at", "-id")

    @extend_schema(
        request={"multipart/form-data": ImportInput},
        responses={
            201: ImportOutput,
            400: field_errors(
                "A file that is empty, not what its name says or has no rows (on `file`); a bad "
                "mapping or option (on its field)."
            ),
            413: OpenApiResponse(FileTooLarge, description="The file is over the limit (20 MB), on `file`."),
        },
        summary="Upload a file and start importing it (in the background; follow it with GET)",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ImportInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        user = request_user(request)
        job = import_upload_and_start(by=user, upload=data.pop("file"), mapping=data.pop("mapping", None), **data)
        return Response(ImportOutput(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["csv", "xlsx"], description="csv (default) or xlsx")],
        responses={
            (200, CsvRenderer.media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The bad rows file"),
            (200, XlsxRenderer.media_type): OpenApiResponse(OpenApiTypes.BINARY, description="The same as a workbook"),
            # Refusals are JSON (FileRenderer), as everywhere in the API.
            (400, JSONRenderer.media_type): field_errors("A `format` other than csv or xlsx (on `format`)."),
            (404, JSONRenderer.media_type): NOT_FOUND,
        },
        summary="The rows that were not imported: the original columns plus an error column, to fix and re-import",
    )
    @action(detail=True, methods=["get"], renderer_classes=[CsvRenderer, XlsxRenderer])
    def errors(self, request: Request, pk: str | None = None) -> Any:
        job = self.get_object()
        if request.accepted_renderer.format == "xlsx":
            return downloads.errors_xlsx(job)
        return downloads.errors_csv(job)

    @extend_schema(
        request=None,
        responses={200: ImportOutput, 400: field_errors("The import is not running."), 404: NOT_FOUND},
        summary="Stop the import after its current batch",
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        job = services.import_job_cancel(job=self.get_object(), by=request_user(request))
        return Response(ImportOutput(job).data)

    @extend_schema(
        request=None,
        responses={
            202: OpenApiResponse(
                ImportOutput,
                description='Accepted: the job, "undoing"; the worker takes it back. Follow `undo_rows_done` of '
                '`undo_rows_total` with GET until the status is "undone".',
            ),
            400: field_errors("Not undoable: a dry run, not finished, being or already undone, or past its 30 days."),
            403: detail("Only the importer, their team lead or an admin undoes an import."),
            404: NOT_FOUND,
        },
        summary="Undo a finished import (within 30 days), in the background: created clients to the recycle bin, "
        "updates reverted",
    )
    @action(detail=True, methods=["post"])
    def undo(self, request: Request, pk: str | None = None) -> Response:
        job = import_undo(job=self.get_object(), by=request_user(request))
        return Response(ImportOutput(job).data, status=status.HTTP_202_ACCEPTED)
