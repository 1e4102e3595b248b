"""Back-office pages for qualification: scoped like the clients (OWN-1); writes go through the services."""

from __future__ import annotations

from django.contrib import admin

from keepwarm.accounts.admin import TeamSettingsAdmin
from keepwarm.clients.access import client_rows_scope
from keepwarm.core.admin import ReadOnlyAdmin, ServiceAdminForm
from keepwarm.flows import teams as team_flows
from keepwarm.qualification import services
from keepwarm.qualification.models import ClientQualification, IdealCustomerProfile, IndicatorMark, QualificationEvent


class ProfileForm(ServiceAdminForm):
    validate_model = False

    class Meta:
        model = IdealCustomerProfile
        fields = ["team", *services.PROFILE_FIELDS]

    def call_service(self) -> IdealCustomerProfile:
        data = dict(self.cleaned_data)
        team = data.pop("team")
        return team_flows.profile_update(team=team, by=self.request_user, **data)


@admin.register(IdealCustomerProfile)
class IdealCustomerProfileAdmin(TeamSettingsAdmin):
    form = ProfileForm
    list_display = ["team", "employees_min", "employees_max", "max_tz_offset_hours", "updated_at"]


@admin.register(ClientQualification)
class ClientQualificationAdmin(ReadOnlyAdmin):
    scope = client_rows_scope(ClientQualification)
    list_display = ["client", "verdict", "total", "disqualified_confirmed_at", "reevaluate_on", "computed_at"]
    list_filter = ["verdict"]


@admin.register(IndicatorMark)
class IndicatorMarkAdmin(ReadOnlyAdmin):
    scope = client_rows_scope(IndicatorMark)
    list_display = ["client", "number", "marked_on", "evidence", "by", "unmarked_at"]
    list_filter = ["number"]


@admin.register(QualificationEvent)
class QualificationEventAdmin(ReadOnlyAdmin):
    scope = client_rows_scope(QualificationEvent)
    list_display = ["client", "kind", "at", "by", "reason"]
    list_filter = ["kind"]
