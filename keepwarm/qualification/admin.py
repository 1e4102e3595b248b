"""Back-office pages for qualification: scoped like the clients (OWN-1); writes go through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients.admin import FormWithUserMixin, ScopedAdmin
from keepwarm.core.forms import add_service_error
from keepwarm.flows import teams as team_flows
from keepwarm.qualification import services
from keepwarm.qualification.models import ClientQualification, IdealCustomerProfile, IndicatorMark, QualificationEvent


def through_clients(model: Any) -> Any:
    """An admin scope for rows that belong to a client: the clients the user may see (OWN-1)."""

    def scope(user: User) -> QuerySet[Any]:
        return model.objects.filter(client__in=access.clients_visible_to(user)).select_related("client")

    return scope


class CallServiceForm(forms.ModelForm[Any]):
    """A ModelForm whose save is a service call made in clean(), so a refusal shows on the form."""

    request_user: User

    def call_service(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                with transaction.atomic():
                    self.instance = self.call_service(cleaned)
            except ValidationError as error:
                add_service_error(self, error)
        return cleaned

    def _post_clean(self) -> None:
        """The service validates the model."""

    def save(self, commit: bool = True) -> Any:
        return self.instance


class ReadOnlyHistoryAdmin(ScopedAdmin):
    """History and computed rows: visible, never edited by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TeamSettingsAdmin(FormWithUserMixin, ScopedAdmin):
    """Rows that are a team's settings: leads edit their own team's, admins any (access.teams_editable_by)."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        assert isinstance(request.user, User)
        return self.model.objects.filter(team__in=access.teams_editable_by(request.user))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        assert isinstance(request.user, User)
        if db_field.name == "team":
            kwargs["queryset"] = access.teams_editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProfileForm(CallServiceForm):
    class Meta:
        model = IdealCustomerProfile
        fields = ["team", *services.PROFILE_FIELDS]

    def call_service(self, data: dict[str, Any]) -> IdealCustomerProfile:
        team = data.pop("team")
        return team_flows.profile_update(team=team, by=self.request_user, **data)


@admin.register(IdealCustomerProfile)
class IdealCustomerProfileAdmin(TeamSettingsAdmin):
    form = ProfileForm
    list_display = ["team", "employees_min", "employees_max", "max_tz_offset_hours", "updated_at"]


@admin.register(ClientQualification)
class ClientQualificationAdmin(ReadOnlyHistoryAdmin):
    scope = through_clients(ClientQualification)
    list_display = ["client", "verdict", "total", "disqualified_confirmed_at", "reevaluate_on", "computed_at"]
    list_filter = ["verdict"]


@admin.register(IndicatorMark)
class IndicatorMarkAdmin(ReadOnlyHistoryAdmin):
    scope = through_clients(IndicatorMark)
    list_display = ["client", "number", "marked_on", "evidence", "by", "unmarked_at"]
    list_filter = ["number"]


@admin.register(QualificationEvent)
class QualificationEventAdmin(ReadOnlyHistoryAdmin):
    scope = through_clients(QualificationEvent)
    list_display = ["client", "kind", "at", "by", "reason"]
    list_filter = ["kind"]
