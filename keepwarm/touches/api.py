"""REST endpoints for logging touches and handling planned touches."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.clients.access import client_for_user
from keepwarm.core.api import request_user
from keepwarm.core.params import query_id
from keepwarm.flows.plans import planned_touch_reschedule
from keepwarm.flows.touches import client_log_touch
from keepwarm.touches import services
from keepwarm.touches.access import planned_touches_visible_to
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch
from keepwarm.touches.serializers import (
    CourtesyInput,
    PlannedTouchOutput,
    RescheduleInput,
    TouchInput,
    TouchLogged,
    TouchOutput,
)


class ClientTouchesView(generics.ListAPIView[Touch]):
    """GET: the client's touches, newest first. POST: log a touch (CAT-3, CAT-4, CAT-5), a purchase with its order."""

    serializer_class = TouchOutput

    def get_queryset(self) -> QuerySet[Touch]:
        client = client_for_user(request_user(self.request), self.kwargs["pk"])
        return Touch.objects.filter(client=client).order_by("-happened_at", "-id")

    @extend_schema(request=TouchInput, responses={201: TouchLogged})
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        client = client_for_user(user, pk)
        serializer = TouchInput(data=request.data, client=client)
        serializer.is_valid(raise_exception=True)
        result = client_log_touch(client=client, by=user, **serializer.service_fields())
        body = TouchLogged(
            {
                "touch": result.touch,
                "category": result.client.category,
                "next_step": result.next_step,
                "next_step_moved": result.pick_moved,
                "order": result.order,
            }
        )
        return Response(body.data, status=status.HTTP_201_CREATED)


@extend_schema(
    parameters=[
        OpenApiParameter("client", OpenApiTypes.INT),
        OpenApiParameter("status", OpenApiTypes.STR, enum=PlanStatus.values),
        OpenApiParameter("due_before", OpenApiTypes.DATE, description="Due on or before this date."),
        OpenApiParameter("next_step", OpenApiTypes.BOOL),
    ]
)
class PlannedTouchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[PlannedTouch]):
    queryset = PlannedTouch.objects.none()
    serializer_class = PlannedTouchOutput

    def get_queryset(self) -> QuerySet[PlannedTouch]:
        queryset = planned_touches_visible_to(request_user(self.request)).select_related("client")
        params = self.request.query_params
        if (client := query_id(params, "client")) is not None:
            queryset = queryset.filter(client_id=client)
        if status_filter := params.get("status"):
            queryset = queryset.filter(status=status_filter)
        if due_before := params.get("due_before"):
            try:
                queryset = queryset.filter(due_date__lte=dt.date.fromisoformat(due_before))
            except ValueError:
                queryset = queryset.none()
        if (next_step := params.get("next_step")) in {"true", "false"}:
            queryset = queryset.filter(is_next_step=next_step == "true")
        return queryset

    @extend_schema(request=CourtesyInput, responses={201: PlannedTouchOutput}, summary="Plan a greeting or thank-you")
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = request_user(request)
        serializer = CourtesyInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        client = client_for_user(user, data.pop("client"))
        planned = services.planned_touch_add_courtesy(client=client, by=user, **data)
        return Response(PlannedTouchOutput(planned).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RescheduleInput,
        responses=PlannedTouchOutput,
        summary="Move to another date (TACT-7)",
        description="A day or time that breaks tact moves to the nearest allowed slot; `explanation` says why. "
        "Moving the next step re-plans it: the answer is the new open row (its `id` changes).",
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        planned = self.get_object()
        serializer = RescheduleInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        moved = planned_touch_reschedule(planned=planned, by=request_user(request), **serializer.validated_data)
        return Response(PlannedTouchOutput(moved).data)

    @extend_schema(request=None, responses={204: None}, summary="Cancel a courtesy touch (never the next step)")
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        services.planned_touch_cancel(planned=self.get_object(), by=request_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)
