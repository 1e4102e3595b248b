"""Back-office page for the achievements journal; writes go through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts.models import User
from keepwarm.core.admin import FormWithUserMixin, ScopedAdmin, ServiceAdminForm
from keepwarm.journal import selectors, services
from keepwarm.journal.forms import EntryForm
from keepwarm.journal.models import JournalEntry


class EntryAdminForm(ServiceAdminForm, EntryForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=self.request_user, **kwargs)
        if "date" in self.fields:
            self.fields["date"].required = True

    def call_service(self) -> JournalEntry:
        if self.instance.pk:
            return services.journal_update(entry=self.instance, by=self.request_user, **self.service_fields())
        return services.journal_create(by=self.request_user, **self.service_fields())


@admin.register(JournalEntry)
class JournalEntryAdmin(FormWithUserMixin, ScopedAdmin):
    scope = selectors.journal_visible_to
    form = EntryAdminForm
    list_display = ["date", "author", "client", "method", "reviewed_at"]
    list_filter = ["reviewed_at"]
    search_fields = ["method", "conditions", "result", "feedback"]
    list_select_related = ["author", "client"]
    actions = ["mark_reviewed"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Only the author edits an entry (journal_update refuses others): theirs open read-only here."""
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.author_id == request.user.pk)

    @admin.action(description=_("Mark reviewed"))
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[JournalEntry]) -> None:
        assert isinstance(request.user, User)
        for entry in queryset:
            services.journal_mark_reviewed(entry=entry, by=request.user)
