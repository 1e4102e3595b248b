"""Touches and planned touches are read in the back office; they are logged through the UI and API."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from keepwarm.accounts import access
from keepwarm.clients.admin import ScopedAdmin
from keepwarm.touches.models import PlannedTouch, Touch


class ReadOnlyScopedAdmin(ScopedAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Touch)
class TouchAdmin(ReadOnlyScopedAdmin):
    scope = access.touches_visible_to
    list_display = ["happened_at", "client", "channel", "direction", "goal", "outcome", "by"]
    list_filter = ["channel", "outcome", "goal"]
    list_select_related = ["client", "by"]
    date_hierarchy = "happened_at"


@admin.register(PlannedTouch)
class PlannedTouchAdmin(ReadOnlyScopedAdmin):
    scope = access.planned_touches_visible_to
    list_display = ["due_date", "client", "channel", "goal", "kind", "is_next_step", "status"]
    list_filter = ["status", "kind", "is_next_step"]
    list_select_related = ["client"]
    date_hierarchy = "due_date"
