"""Back-office pages for the ladder: scoped like the clients (OWN-1); writes go through the services."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from keepwarm.accounts.admin import TeamSettingsAdmin
from keepwarm.clients.access import client_rows_scope
from keepwarm.core.admin import FormWithUserMixin, ReadOnlyAdmin, ScopedAdmin, ServiceAdminForm
from keepwarm.ladder import services
from keepwarm.ladder.models import CONFIRMATIONS, ClientLadder, LadderChange, LevelPrivileges, PrivilegeOverride


class LadderForm(ServiceAdminForm):
    validate_model = False

    class Meta:
        model = ClientLadder
        fields = ["prospect_behaviour", *CONFIRMATIONS, "partnership"]

    def call_service(self) -> ClientLadder:
        return services.ladder_update(client=self.instance.client, by=self.request_user, **self.cleaned_data)


@admin.register(ClientLadder)
class ClientLadderAdmin(FormWithUserMixin, ScopedAdmin):
    """The level moves only by a confirmation (LAD-6); here the manager's judgements are edited."""

    scope = client_rows_scope(ClientLadder)
    form = LadderForm
    list_display = ["client", "level", "prospect_behaviour", "partnership", "updated_at"]
    list_filter = ["level", "prospect_behaviour", "partnership"]
    readonly_fields = ["client", "level"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # rows appear with the client's first ladder action


class PrivilegesForm(ServiceAdminForm):
    validate_model = False

    class Meta:
        model = LevelPrivileges
        fields = ["team", "level", *services.PRIVILEGE_FIELDS]

    def call_service(self) -> LevelPrivileges:
        data = dict(self.cleaned_data)
        team, level = data.pop("team"), data.pop("level")
        return services.privileges_update(team=team, by=self.request_user, level=level, **data)


@admin.register(LevelPrivileges)
class LevelPrivilegesAdmin(TeamSettingsAdmin):
    form = PrivilegesForm
    list_display = ["team", "level", "discount_pct", "payment_terms_days", "service_priority", "personal_manager"]
    list_filter = ["level"]


@admin.register(LadderChange)
class LadderChangeAdmin(ReadOnlyAdmin):
    scope = client_rows_scope(LadderChange)
    list_display = ["client", "from_level", "to_level", "by", "at", "reason"]
    list_filter = ["to_level"]


@admin.register(PrivilegeOverride)
class PrivilegeOverrideAdmin(ReadOnlyAdmin):
    scope = client_rows_scope(PrivilegeOverride)
    list_display = ["client", "what", "level", "offered", "allowed", "reason", "by", "at"]
    list_filter = ["what", "level"]
    date_hierarchy = "at"
