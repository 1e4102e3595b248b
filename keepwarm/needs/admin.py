"""Back-office pages for questionnaires and interviews; writes go through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet

from keepwarm.accounts.models import User
from keepwarm.clients.access import client_rows_scope
from keepwarm.core.admin import FormWithUserMixin, HistoryInline, ReadOnlyAdmin, ScopedAdmin, ServiceAdminForm
from keepwarm.needs import selectors, services
from keepwarm.needs.forms import QuestionForm, QuestionnaireForm
from keepwarm.needs.models import Answer, NeedsInterview, Question, Questionnaire


class QuestionnaireAdminForm(ServiceAdminForm, QuestionnaireForm):
    def call_service(self) -> Questionnaire:
        data = {name: self.cleaned_data[name] for name in ("title", "active")}
        if self.instance.pk:
            return services.questionnaire_update(questionnaire=self.instance, by=self.request_user, **data)
        return services.questionnaire_create(by=self.request_user, **data)


class QuestionAdminForm(ServiceAdminForm, QuestionForm):
    class Meta(QuestionForm.Meta):
        fields = ["questionnaire", *QuestionForm.Meta.fields]

    def call_service(self) -> Question:
        return services.question_save(
            questionnaire=self.cleaned_data["questionnaire"],
            by=self.request_user,
            question=self.instance if self.instance.pk else None,
            **self.service_fields(),
        )


class AnswerInline(HistoryInline):
    model = Answer
    fields = readonly_fields = ("question", "text", "positive", "need_status", "answered_at")


@admin.register(Questionnaire)
class QuestionnaireAdmin(FormWithUserMixin, ScopedAdmin):
    scope = selectors.questionnaires_visible_to
    form = QuestionnaireAdminForm
    list_display = ["title", "team", "active"]


@admin.register(Question)
class QuestionAdmin(FormWithUserMixin, ScopedAdmin):
    form = QuestionAdminForm
    list_display = ["text", "questionnaire", "order", "type", "need_class"]
    list_select_related = ["questionnaire"]

    @staticmethod
    def scope(user: User) -> QuerySet[Question]:
        return Question.objects.filter(questionnaire__in=selectors.questionnaires_visible_to(user))

    def formfield_for_foreignkey(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if db_field.name == "questionnaire":
            kwargs["queryset"] = selectors.questionnaires_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(NeedsInterview)
class NeedsInterviewAdmin(ReadOnlyAdmin):
    list_display = ["client", "questionnaire", "by", "updated_at"]
    list_select_related = ["client", "questionnaire", "by"]
    inlines = [AnswerInline]
    scope = client_rows_scope(NeedsInterview)
