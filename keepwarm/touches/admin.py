"""Touches and planned touches are read in the back office; they are logged through the UI and API."""

from __future__ import annotations

from django.contrib import admin

from keepwarm.core.admin import ReadOnlyAdmin
from keepwarm.touches.access import planned_touches_visible_to, touches_visible_to
from keepwarm.touches.models import PlannedTouch, Touch


@admin.register(Touch)
class TouchAdmin(ReadOnlyAdmin):
    scope = touches_visible_to
    list_display = ["happened_at", "client", "channel", "direction", "goal", "outcome", "by"]
    list_filter = ["channel", "outcome", "goal"]
    list_select_related = ["client", "by"]
    date_hierarchy = "happened_at"


@admin.register(PlannedTouch)
class PlannedTouchAdmin(ReadOnlyAdmin):
    scope = planned_touches_visible_to
    list_display = ["due_date", "client", "channel", "goal", "kind", "is_next_step", "status"]
    list_filter = ["status", "kind", "is_next_step"]
    list_select_related = ["client"]
    date_hierarchy = "due_date"
