"""REST endpoints for letters (issue 10): templates with a preview, the outbox, compose on a client, send, cancel,
approve. OWN-1: another manager's letters and clients are 404s."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.clients.access import client_for_user
from keepwarm.core.api import request_user
from keepwarm.core.params import query_id
from keepwarm.core.viewsets import ScopedViewSet
from keepwarm.flows import letters as flows
from keepwarm.letters import services
from keepwarm.letters.access import letters_visible_to, templates_visible_to
from keepwarm.letters.models import Letter, LetterTemplate
from keepwarm.letters.serializers import (
    ApproveInput,
    ApproveOutput,
    ComposeInput,
    EditInput,
    LetterDetailOutput,
    LetterOutput,
    PreviewInput,
    RenderedOutput,
    SendInput,
    TemplateInput,
    TemplateOutput,
)


@extend_schema_view(
    list=extend_schema(summary="The team's templates, then KeepWarm's defaults the team has not replaced (LANG-1)"),
    retrieve=extend_schema(summary="One of the team's templates"),
    create=extend_schema(request=TemplateInput, responses={201: TemplateOutput}, summary="Add a team template"),
    partial_update=extend_schema(request=TemplateInput, responses=TemplateOutput, summary="Change a team template"),
    destroy=extend_schema(summary="Delete a team template: KeepWarm's default takes its place"),
)
class LetterTemplateViewSet(mixins.RetrieveModelMixin, mixins.DestroyModelMixin, ScopedViewSet):
    queryset = LetterTemplate.objects.none()
    serializer_class = TemplateOutput
    input_serializer = TemplateInput
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[LetterTemplate]:
        return templates_visible_to(request_user(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        templates = services.templates_listed(request_user(request).team)
        page = self.paginate_queryset(templates)
        return self.get_paginated_response(TemplateOutput(page, many=True).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = request_user(request)
        data = self.input(request.data).validated_data
        if user.team is None:
            raise ValidationError(_("Templates belong to a team."))
        template = services.template_save(by=user, team=user.team, **data)
        return Response(TemplateOutput(template).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        template = self.get_object()
        data = self.input(request.data).validated_data
        saved = services.template_save(by=request_user(request), team=template.team, template=template, **data)
        return Response(TemplateOutput(saved).data)

    def perform_destroy(self, instance: LetterTemplate) -> None:
        services.template_delete(by=request_user(self.request), template=instance)

    @extend_schema(
        request=PreviewInput,
        responses=RenderedOutput,
        summary="A template as a real client would read it",
        description="A value the letter lacks (say, a product) shows as [its label].",
    )
    @action(detail=False, methods=["post"], input_serializer=PreviewInput)
    def preview(self, request: Request) -> Response:
        user = request_user(request)
        data = self.input(request.data).validated_data
        client = client_for_user(user, data["client"])
        template = data.get("template") or services.template_for(
            client.owner.team,
            data["kind"],
            data.get("language") or services.letter_language(client),
            holiday=data["holiday"],
        )
        if "subject" in data or "body" in data:
            template = services.draft_template(template, subject=data.get("subject"), body=data.get("body"))
        rendered = services.preview(template, client, product=data.get("product"))
        return Response(RenderedOutput(rendered).data)


@extend_schema_view(
    list=extend_schema(
        summary="The outbox: letters the user may see, newest first",
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=Letter.Status.values),
            OpenApiParameter("client", OpenApiTypes.INT),
        ],
    ),
    retrieve=extend_schema(summary="A letter, with the message as it was sent", responses=LetterDetailOutput),
    partial_update=extend_schema(request=EditInput, responses=LetterOutput, summary="Edit a letter not yet on its way"),
)
class LetterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Letter.objects.none()
    serializer_class = LetterOutput
    input_serializer = EditInput
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Letter]:
        queryset = letters_visible_to(request_user(self.request)).order_by("-created_at", "-id")
        params = self.request.query_params
        if (client := query_id(params, "client")) is not None:
            queryset = queryset.filter(client_id=client)
        if status_filter := params.get("status"):
            queryset = queryset.filter(status=status_filter)
        return queryset

    def get_serializer_class(self) -> Any:
        return LetterDetailOutput if self.action == "retrieve" else LetterOutput

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        letter = self.get_object()
        data = self.input(request.data).validated_data
        edited = flows.letter_update(by=request_user(request), letter=letter, **data)
        return Response(LetterOutput(edited).data)

    @extend_schema(request=SendInput, responses=LetterOutput, summary="Send now, or at a time (TIME-1)")
    @action(detail=True, methods=["post"], input_serializer=SendInput)
    def send(self, request: Request, pk: str | None = None) -> Response:
        letter = self.get_object()
        data = self.input(request.data).validated_data
        sent = flows.letter_send(by=request_user(request), letter=letter, send_at=data.get("send_at"))
        return Response(LetterOutput(sent).data)

    @extend_schema(request=None, responses=LetterOutput, summary="Cancel a letter not yet on its way (CAT-5 holds)")
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        letter = flows.letter_cancel(by=request_user(request), letter=self.get_object())
        return Response(LetterOutput(letter).data)

    @extend_schema(request=ApproveInput, responses=ApproveOutput, summary="Approve several prepared letters")
    @action(detail=False, methods=["post"], input_serializer=ApproveInput)
    def approve(self, request: Request) -> Response:
        ids = self.input(request.data).validated_data["ids"]
        approved = flows.letters_approve(by=request_user(request), letter_ids=ids)
        done = {letter.pk for letter in approved}
        body = {"approved": approved, "not_approved": [pk for pk in dict.fromkeys(ids) if pk not in done]}
        return Response(ApproveOutput(body).data)


@extend_schema(
    methods=["GET"],
    parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=Letter.Status.values)],
    responses=LetterOutput(many=True),
    summary="The client's letters, newest first",
)
@extend_schema(
    methods=["POST"],
    request=ComposeInput,
    responses={201: LetterOutput},
    summary="Compose a letter to the client (queued, or a draft)",
)
@api_view(["GET", "POST"])
def client_letters(request: Request, pk: int) -> Response:
    user = request_user(request)
    client = client_for_user(user, pk)
    if request.method == "GET":
        letters = letters_visible_to(user).filter(client=client).order_by("-created_at", "-id")
        if status_filter := request.query_params.get("status"):
            letters = letters.filter(status=status_filter)
        return Response(LetterOutput(letters[:200], many=True).data)
    serializer = ComposeInput(data=request.data)
    serializer.scope_relations(user)
    serializer.is_valid(raise_exception=True)
    letter = flows.letter_compose(by=user, client=client, **serializer.validated_data)
    return Response(LetterOutput(letter).data, status=status.HTTP_201_CREATED)
