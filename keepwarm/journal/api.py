"""REST endpoints for the achievements journal (JOUR-1)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.core.api import request_user
from keepwarm.core.viewsets import ScopedViewSet
from keepwarm.journal import selectors, services
from keepwarm.journal.models import JournalEntry
from keepwarm.journal.serializers import EntryInput, EntryOutput


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="Words to find.")]),
    create=extend_schema(request=EntryInput, responses=EntryOutput),
    partial_update=extend_schema(request=EntryInput, responses=EntryOutput),
)
class JournalViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    queryset = JournalEntry.objects.none()
    serializer_class = EntryOutput
    input_serializer = EntryInput
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[JournalEntry]:
        queryset = selectors.journal_visible_to(request_user(self.request))
        return selectors.journal_search(queryset, q=self.request.query_params.get("q", ""))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = services.journal_create(by=request_user(request), **self.input(request.data).validated_data)
        return Response(EntryOutput(entry).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        entry = self.get_object()
        data = self.input(request.data, partial=True).validated_data
        services.journal_update(entry=entry, by=request_user(request), **data)
        return Response(EntryOutput(entry).data)

    @extend_schema(request=None, responses=EntryOutput, summary="Tick the entry off as reviewed")
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        entry = services.journal_mark_reviewed(entry=self.get_object(), by=request_user(request))
        return Response(EntryOutput(entry).data)
