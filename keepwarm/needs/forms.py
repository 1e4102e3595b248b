"""Web forms for questionnaires; answers are read per question from the interview page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from keepwarm.catalog.tags import tag_names
from keepwarm.needs.models import Answer, Question, Questionnaire
from keepwarm.needs.services import AnswerData


class QuestionnaireForm(forms.ModelForm[Questionnaire]):
    class Meta:
        model = Questionnaire
        fields = ["title", "active"]


class QuestionForm(forms.ModelForm[Question]):
    tags_text = forms.CharField(
        label=_("Interests a “yes” adds"), required=False, help_text=_("Comma-separated, e.g. logistics.")
    )

    class Meta:
        model = Question
        fields = ["order", "text", "type", "need_class"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        if self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(t.name for t in self.instance.interest_tags.all())

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in ("order", "text", "type", "need_class")}
        data["tags"] = tag_names(self.cleaned_data.get("tags_text", ""))
        return data


def answer_from(data: QueryDict, question: Question) -> AnswerData | None:
    """One question's fields on the interview page (`a-<id>`, `need-<id>`); None when not sent."""
    key = f"a-{question.pk}"
    if key not in data:
        return None
    need = data.get(f"need-{question.pk}", "")
    return AnswerData(
        question=question,
        text=data.get(key, "")[:5000],
        need_status=need if need in Answer.NeedStatus.values else "",
    )
