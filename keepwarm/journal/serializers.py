"""API shapes for the achievements journal (JOUR-1)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from keepwarm.clients.access import clients_visible_to
from keepwarm.deals.selectors import deals_visible_to
from keepwarm.journal.models import JournalEntry
from keepwarm.journal.services import ENTRY_FIELDS


class EntryOutput(serializers.ModelSerializer[JournalEntry]):
    class Meta:
        model = JournalEntry
        fields = ["id", "author", *ENTRY_FIELDS, "reviewed_at", "reviewed_by", "created_at"]


class EntryInput(serializers.ModelSerializer[JournalEntry]):
    class Meta:
        model = JournalEntry
        fields = list(ENTRY_FIELDS)
        extra_kwargs = {"date": {"required": False}}

    def scope_relations(self, user: Any) -> None:
        self.fields["client"].queryset = clients_visible_to(user)  # type: ignore[attr-defined]
        self.fields["deal"].queryset = deals_visible_to(user)  # type: ignore[attr-defined]
