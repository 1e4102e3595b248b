"""API shapes for questionnaires and needs interviews (NEED-1)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from keepwarm.core.params import id_field
from keepwarm.needs.choices import NeedClass, QuestionType
from keepwarm.needs.models import Answer, NeedsInterview, Question, Questionnaire


class QuestionOutput(serializers.ModelSerializer[Question]):
    interest_tags = serializers.SlugRelatedField[Any](many=True, read_only=True, slug_field="name")

    class Meta:
        model = Question
        fields = ["id", "order", "text", "type", "need_class", "interest_tags"]


class QuestionnaireOutput(serializers.ModelSerializer[Questionnaire]):
    questions = QuestionOutput(many=True, read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["id", "team", "title", "active", "questions", "created_at"]


class QuestionnaireInput(serializers.ModelSerializer[Questionnaire]):
    class Meta:
        model = Questionnaire
        fields = ["team", "title", "active"]
        extra_kwargs = {"team": {"required": False}}


class QuestionInput(serializers.Serializer[None]):
    order = serializers.IntegerField(required=False, min_value=0)
    text = serializers.CharField(max_length=500)
    type = serializers.ChoiceField(choices=QuestionType.choices, default=QuestionType.OPEN)
    need_class = serializers.ChoiceField(choices=NeedClass.choices, required=False, allow_blank=True, default="")
    tags = serializers.ListField(child=serializers.CharField(max_length=60), required=False)


class QuestionOrderInput(serializers.Serializer[None]):
    questions = serializers.ListField(
        child=id_field(), allow_empty=False, help_text="Every question's id once, in the new order."
    )


class AnswerInput(serializers.Serializer[None]):
    question = id_field()
    text = serializers.CharField(required=False, allow_blank=True, default="")
    need_status = serializers.ChoiceField(
        choices=Answer.NeedStatus.choices, required=False, allow_blank=True, default=""
    )
    positive = serializers.BooleanField(required=False, allow_null=True, default=None)


class InterviewInput(serializers.Serializer[None]):
    questionnaire = id_field()
    answers = AnswerInput(many=True)


class AnswerOutput(serializers.ModelSerializer[Answer]):
    class Meta:
        model = Answer
        fields = ["question", "text", "positive", "need_status", "answered_at"]


class InterviewOutput(serializers.ModelSerializer[NeedsInterview]):
    answers = AnswerOutput(many=True, read_only=True)
    interests = serializers.SerializerMethodField()

    class Meta:
        model = NeedsInterview
        fields = ["id", "client", "questionnaire", "by", "answers", "interests", "updated_at"]

    def get_interests(self, interview: NeedsInterview) -> list[str]:
        return sorted(interview.client.interests.values_list("name", flat=True))
