"""Web forms of the letters pages: write a letter, filter the outbox, a team's templates and setting.

They check only the shape of what is typed; what may be sent, and when, is the services' to say (run_service).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts.models import User
from keepwarm.clients.access import clients_visible_to
from keepwarm.clients.forms import CLIENT_PICKER
from keepwarm.clients.models import Client
from keepwarm.clients.pickers import SearchPickerForm
from keepwarm.core.l10n import Language
from keepwarm.core.places import zone_name
from keepwarm.letters.models import Letter, LetterKind, LetterTemplate

LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # what <input type="datetime-local"> sends


class LetterForm(forms.Form):
    """The letter as the manager edits it; `action` is the button pressed: send now, send at a time, keep a draft."""

    SEND, SCHEDULE, DRAFT = "send", "schedule", "draft"

    subject = forms.CharField(label=_("Subject"), max_length=250)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}))
    send_at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        input_formats=[LOCAL_INPUT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
    )
    action = forms.ChoiceField(
        choices=[(SEND, _("Send now")), (SCHEDULE, _("Send at")), (DRAFT, _("Save as draft"))],
        initial=SEND,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, time_zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(time_zone)
        self.fields["send_at"].help_text = _("The client's time (%(zone)s).") % {"zone": zone_name(time_zone)}

    def clean_send_at(self) -> dt.datetime | None:
        """The typed wall time is the client's (the letter arrives then in the client's day), kept aware."""
        value: dt.datetime | None = self.cleaned_data.get("send_at")
        if value is None:
            return None
        return value.replace(tzinfo=self.zone) if value.tzinfo is None else value.astimezone(self.zone)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == self.SCHEDULE and not data.get("send_at") and "send_at" not in self.errors:
            self.add_error("send_at", _("Say when to send it."))
        return data

    @property
    def draft(self) -> bool:
        return self.cleaned_data.get("action") == self.DRAFT

    @property
    def when(self) -> dt.datetime | None:
        """Send at the chosen time only when that is the button pressed."""
        return self.cleaned_data.get("send_at") if self.cleaned_data.get("action") == self.SCHEDULE else None


class TemplatePickForm(forms.Form):
    """Which template a new letter starts from: the kind and the language (a GET form that refills the letter)."""

    kind = forms.ChoiceField(label=_("Kind of letter"), choices=LetterKind.choices, initial=LetterKind.FREE)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)


class OutboxFilterForm(forms.Form):
    """The outbox's tabs and filters; a wrong value is shown with its error and the others still apply."""

    DRAFTS = "draft"

    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Letter.Status.choices])
    q = forms.CharField(label=_("Client"), required=False, max_length=100)
    day = forms.DateField(label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return dict(self.cleaned_data)


class IdsField(forms.Field):
    """Several ids sent under one name (ticked checkboxes)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        if not all(str(item).isdigit() for item in values):
            raise forms.ValidationError(_("Pick letters from the list."), code="invalid")
        return [int(item) for item in values][:500]


class ApproveForm(forms.Form):
    """Today's "Approve selected": the ids of the prepared letters ticked (the service checks each)."""

    letters = IdsField(error_messages={"required": _("Tick the letters to approve.")})


class TemplateForm(forms.ModelForm[LetterTemplate]):
    """A team's own wording of one kind in one language; the placeholders are checked by template_save."""

    class Meta:
        model = LetterTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16})}


class PreviewClientForm(SearchPickerForm, forms.Form):
    """The client a template is previewed with, picked by search among those the reader may see (OWN-1)."""

    client: forms.ModelChoiceField[Client] = forms.ModelChoiceField(
        label=_("Client"), queryset=Client.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_picker(CLIENT_PICKER, clients_visible_to(user))


class LetterSettingsForm(forms.Form):
    auto_send_courtesy = forms.BooleanField(
        label=_("Send greetings and thank-yous by themselves"),
        required=False,
        help_text=_("Off: prepared letters wait on Today for the manager's approval."),
    )
