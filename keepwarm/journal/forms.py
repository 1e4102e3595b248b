"""Web forms for the achievements journal."""

from __future__ import annotations

from typing import Any

from django import forms

from keepwarm.accounts.models import User
from keepwarm.clients.access import clients_visible_to
from keepwarm.clients.forms import CLIENT_PICKER
from keepwarm.clients.pickers import SearchPickerForm
from keepwarm.deals.selectors import deals_visible_to
from keepwarm.journal.models import JournalEntry
from keepwarm.journal.services import ENTRY_FIELDS


class EntryForm(SearchPickerForm, forms.ModelForm[JournalEntry]):
    class Meta:
        model = JournalEntry
        fields = list(ENTRY_FIELDS)
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{name: forms.Textarea(attrs={"rows": 2}) for name in ("conditions", "method", "result", "feedback")},
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The admin opens someone else's entry read-only, with none of these fields.
        if "client" in self.fields:
            self.add_picker(CLIENT_PICKER, clients_visible_to(user))
        deal = self.fields.get("deal")
        if isinstance(deal, forms.ModelChoiceField):
            deals = deals_visible_to(user)
            client = self.initial.get("client") or (self.instance.client_id if self.instance.pk else None)
            # The client's deals when the client is known (the card's "Journal entry"); the service refuses another's.
            deal.queryset = deals.filter(client_id=getattr(client, "pk", client)) if client else deals
        if "date" in self.fields:
            self.fields["date"].required = False

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in ENTRY_FIELDS}
        if data["date"] is None:
            data.pop("date")
        return data
