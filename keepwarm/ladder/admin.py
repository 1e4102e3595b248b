"""Back-office pages for the ladder: scoped like the clients (OWN-1); writes go through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from keepwarm.clients.admin import FormWithUserMixin, ScopedAdmin
from keepwarm.ladder import services
from keepwarm.ladder.models import CONFIRMATIONS, ClientLadder, LadderChange, LevelPrivileges, PrivilegeOverride
from keepwarm.qualification.admin import CallServiceForm, ReadOnlyHistoryAdmin, TeamSettingsAdmin, through_clients


class LadderForm(CallServiceForm):
    class Meta:
        model = ClientLadder
        fields = ["prospect_behaviour", *CONFIRMATIONS, "partnership"]

    def call_service(self, data: dict[str, Any]) -> ClientLadder:
        return services.ladder_update(client=self.instance.client, by=self.request_user, **data)


@admin.register(ClientLadder)
class ClientLadderAdmin(FormWithUserMixin, ScopedAdmin):
    """The level moves only by a confirmation (LAD-6); here the manager's judgements are edited."""

    scope = through_clients(ClientLadder)
    form = LadderForm
    list_display = ["client", "level", "prospect_behaviour", "partnership", "updated_at"]
    list_filter = ["level", "prospect_behaviour", "partnership"]
    readonly_fields = ["client", "level"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # rows appear with the client's first ladder action


class PrivilegesForm(CallServiceForm):
    class Meta:
        model = LevelPrivileges
        fields = ["team", "level", *services.PRIVILEGE_FIELDS]

    def call_service(self, data: dict[str, Any]) -> LevelPrivileges:
        team, level = data.pop("team"), data.pop("level")
        return services.privileges_update(team=team, by=self.request_user, level=level, **data)


@admin.register(LevelPrivileges)
class LevelPrivilegesAdmin(TeamSettingsAdmin):
    form = PrivilegesForm
    list_display = ["team", "level", "discount_pct", "payment_terms_days", "service_priority", "personal_manager"]
    list_filter = ["level"]


@admin.register(LadderChange)
class LadderChangeAdmin(ReadOnlyHistoryAdmin):
    scope = through_clients(LadderChange)
    list_display = ["client", "from_level", "to_level", "by", "at", "reason"]
    list_filter = ["to_level"]


@admin.register(PrivilegeOverride)
class PrivilegeOverrideAdmin(ReadOnlyHistoryAdmin):
    scope = through_clients(PrivilegeOverride)
    list_display = ["client", "what", "level", "offered", "allowed", "reason", "by", "at"]
    list_filter = ["what", "level"]
    date_hierarchy = "at"
