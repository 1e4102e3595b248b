"""Back-office pages for deals and assessments; writes go through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts.models import User
from keepwarm.clients.access import clients_visible_to, organizations_visible_to
from keepwarm.core.admin import FormWithUserMixin, HistoryInline, ScopedAdmin, ServiceAdminForm
from keepwarm.deals import selectors, services
from keepwarm.deals.forms import DEAL_FIELDS, AssessmentForm
from keepwarm.deals.models import Deal, DealStageChange, OrganizationAssessment


class DealAdminForm(ServiceAdminForm):
    """New deals are created; an existing one only moves stage or closes (its history is written then)."""

    close_as = forms.ChoiceField(
        label=_("close as"), choices=[("", "—"), ("won", _("Won")), ("lost", _("Lost"))], required=False
    )

    class Meta:
        model = Deal
        fields = list(DEAL_FIELDS)

    def call_service(self) -> Deal:
        data = {name: self.cleaned_data[name] for name in DEAL_FIELDS if name in self.cleaned_data}
        if not self.instance.pk:
            return services.deal_create(by=self.request_user, **data)
        deal = Deal.objects.get(pk=self.instance.pk)
        if data.get("stage") and data["stage"] != deal.stage:
            deal = services.deal_move(deal=deal, by=self.request_user, stage=data["stage"])
        if self.cleaned_data.get("close_as"):
            deal = services.deal_close(deal=deal, by=self.request_user, won=self.cleaned_data["close_as"] == "won")
        return deal


class StageChangeInline(HistoryInline):
    model = DealStageChange
    fields = readonly_fields = ("changed_at", "changed_by", "from_stage", "to_stage", "result", "note")


@admin.register(Deal)
class DealAdmin(FormWithUserMixin, ScopedAdmin):
    scope = selectors.deals_visible_to
    form = DealAdminForm
    list_display = ["title", "client", "stage", "result", "amount", "currency", "opened_on"]
    list_filter = ["stage", "result"]
    list_select_related = ["client"]
    autocomplete_fields = ["client"]
    inlines = [StageChangeInline]

    def formfield_for_foreignkey(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if db_field.name == "client":
            kwargs["queryset"] = clients_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AssessmentAdminForm(ServiceAdminForm, AssessmentForm):
    class Meta(AssessmentForm.Meta):
        fields = ["organization", "interest", "capacity"]

    def call_service(self) -> OrganizationAssessment:
        return services.organization_assess(by=self.request_user, **self.cleaned_data)


@admin.register(OrganizationAssessment)
class OrganizationAssessmentAdmin(FormWithUserMixin, ScopedAdmin):
    form = AssessmentAdminForm
    list_display = ["organization", "interest", "capacity", "assessed_at"]
    list_filter = ["interest", "capacity"]

    @staticmethod
    def scope(user: User) -> QuerySet[OrganizationAssessment]:
        return OrganizationAssessment.objects.filter(organization__in=organizations_visible_to(user))

    def formfield_for_foreignkey(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        if db_field.name == "organization":
            kwargs["queryset"] = organizations_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
