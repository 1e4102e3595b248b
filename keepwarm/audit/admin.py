from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from keepwarm.accounts.models import User
from keepwarm.audit.models import FieldChange


@admin.register(FieldChange)
class FieldChangeAdmin(admin.ModelAdmin[FieldChange]):
    """The whole trail for admins: read only, as history must be."""

    list_display = ["at", "by", "source", "model", "object_id", "field", "old", "new"]
    list_filter = ["source", "model"]
    search_fields = ["field", "=object_id", "=client_id", "=organization_id"]
    list_select_related = ["by"]
    date_hierarchy = "at"

    def has_module_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return isinstance(user, User) and user.is_active and user.is_admin_role

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
