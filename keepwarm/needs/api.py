"""REST endpoints for questionnaires (leads, admins) and a client's needs interviews (NEED-1)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from keepwarm.accounts.models import User
from keepwarm.clients.access import client_for_user
from keepwarm.clients.models import Client
from keepwarm.core.api import request_user
from keepwarm.core.viewsets import ScopedViewSet
from keepwarm.flows import needs as needs_flows
from keepwarm.needs import selectors, services
from keepwarm.needs.models import NeedsInterview, Questionnaire
from keepwarm.needs.serializers import (
    InterviewInput,
    InterviewOutput,
    QuestionInput,
    QuestionnaireInput,
    QuestionnaireOutput,
    QuestionOrderInput,
    QuestionOutput,
)

QUESTION_PK = OpenApiParameter("question_pk", int, OpenApiParameter.PATH, description="The question's id.")


@extend_schema_view(
    create=extend_schema(request=QuestionnaireInput, responses=QuestionnaireOutput),
    partial_update=extend_schema(request=QuestionnaireInput, responses=QuestionnaireOutput),
)
class QuestionnaireViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    queryset = Questionnaire.objects.none()
    serializer_class = QuestionnaireOutput
    input_serializer = QuestionnaireInput
    # DELETE only reaches the question action: there is no destroy for a questionnaire (answers keep it, PROTECT).
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Questionnaire]:
        user = request_user(self.request)
        return selectors.questionnaires_visible_to(user).prefetch_related("questions__interest_tags")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = dict(self.input(request.data).validated_data)
        questionnaire = services.questionnaire_create(by=request_user(request), **data)
        return Response(QuestionnaireOutput(questionnaire).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        questionnaire = self.get_object()
        data = dict(self.input(request.data, partial=True).validated_data)
        data.pop("team", None)
        services.questionnaire_update(questionnaire=questionnaire, by=request_user(request), **data)
        return Response(QuestionnaireOutput(self.get_queryset().get(pk=questionnaire.pk)).data)

    @extend_schema(request=QuestionInput, responses={201: QuestionOutput}, summary="Add a question")
    @action(detail=True, methods=["post"])
    def questions(self, request: Request, pk: str | None = None) -> Response:
        questionnaire = self.get_object()
        serializer = QuestionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        question = services.question_save(
            questionnaire=questionnaire, by=request_user(request), **serializer.validated_data
        )
        return Response(QuestionOutput(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["PATCH"],
        request=QuestionInput,
        responses=QuestionOutput,
        parameters=[QUESTION_PK],
        summary="Edit a question",
    )
    @extend_schema(
        methods=["DELETE"],
        responses={204: None},
        parameters=[QUESTION_PK],
        summary="Delete a question and its answers",
    )
    @action(detail=True, methods=["patch", "delete"], url_path=r"questions/(?P<question_pk>[0-9]+)")
    def question(self, request: Request, pk: str | None = None, question_pk: str | None = None) -> Response:
        questionnaire = self.get_object()
        question = get_object_or_404(questionnaire.questions.all(), pk=question_pk)
        user = request_user(request)
        if request.method == "DELETE":
            services.question_delete(question=question, by=user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = QuestionInput(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        question = services.question_save(
            questionnaire=questionnaire, by=user, question=question, **serializer.validated_data
        )
        return Response(QuestionOutput(question).data)

    @extend_schema(request=QuestionOrderInput, responses=QuestionnaireOutput, summary="Reorder the questions")
    @action(detail=True, methods=["post"], url_path="questions/order")
    def question_order(self, request: Request, pk: str | None = None) -> Response:
        questionnaire = self.get_object()
        serializer = QuestionOrderInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.questions_reorder(
            questionnaire=questionnaire, by=request_user(request), question_ids=serializer.validated_data["questions"]
        )
        return Response(QuestionnaireOutput(self.get_queryset().get(pk=questionnaire.pk)).data)


def _interview_answers(user: User, client: Client, data: dict[str, Any]) -> tuple[Questionnaire, list[Any]]:
    """The questionnaire must be one of the client's team's; each question one of its own."""
    questionnaire = selectors.questionnaires_for(client).filter(pk=data["questionnaire"]).first()
    if questionnaire is None or not selectors.questionnaires_visible_to(user).filter(pk=questionnaire.pk).exists():
        raise Http404
    questions = {q.pk: q for q in questionnaire.questions.prefetch_related("interest_tags")}
    answers = []
    for item in data["answers"]:
        question = questions.get(item.pop("question"))
        if question is None:
            raise Http404
        answers.append(services.AnswerData(question=question, **item))
    return questionnaire, answers


@extend_schema(
    methods=["POST"], request=InterviewInput, responses={201: InterviewOutput}, summary="Record answers (NEED-1)"
)
@extend_schema(methods=["GET"], responses=InterviewOutput(many=True))
@api_view(["GET", "POST"])
def client_interviews(request: Request, pk: int) -> Response:
    user = request_user(request)
    client = client_for_user(user, pk)
    if request.method == "GET":
        interviews = NeedsInterview.objects.filter(client=client).prefetch_related("answers")
        return Response(InterviewOutput(interviews, many=True).data)
    serializer = InterviewInput(data=request.data)
    serializer.is_valid(raise_exception=True)
    questionnaire, answers = _interview_answers(user, client, dict(serializer.validated_data))
    interview = needs_flows.interview_record(client=client, questionnaire=questionnaire, by=user, answers=answers)
    return Response(InterviewOutput(interview).data, status=status.HTTP_201_CREATED)
