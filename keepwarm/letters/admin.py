"""Back-office pages for letters: listed and opened, never edited here (templates and letters have their services,
the outbox its worker)."""

from __future__ import annotations

from django.contrib import admin

from keepwarm.core.admin import ReadOnlyAdmin
from keepwarm.letters.access import letters_visible_to, templates_visible_to
from keepwarm.letters.models import Letter, LetterTemplate


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    scope = letters_visible_to
    list_display = ["subject", "client", "owner", "kind", "status", "send_at", "sent_at", "error_code"]
    list_filter = ["status", "kind", "language", "auto"]
    search_fields = ["subject", "recipient", "message_id"]
    list_select_related = ["client", "owner"]
    raw_id_fields = ["client", "planned_touch", "touch", "template", "product"]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(ReadOnlyAdmin):
    scope = templates_visible_to
    list_display = ["kind", "holiday", "name", "language", "subject", "team", "updated_at"]
    list_filter = ["kind", "language"]
    list_select_related = ["team"]
