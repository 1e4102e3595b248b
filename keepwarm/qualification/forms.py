"""Forms for the scorecard page and the profile settings; they validate input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keepwarm.core.renderer import FAST_RENDERER
from keepwarm.qualification.models import IdealCustomerProfile
from keepwarm.qualification.services import PROFILE_FIELDS

LIST_FIELDS = ("target_verticals", "other_scheme_verticals", "territories", "countries")


class MarkForm(forms.Form):
    """QUAL-3: ticked with a date and the evidence; unticked removes the mark (history is kept)."""

    default_renderer = FAST_RENDERER

    on = forms.BooleanField(label=_("Seen"), required=False)
    marked_on = forms.DateField(label=_("Seen on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    evidence = forms.CharField(label=_("Evidence"), required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["marked_on"].initial = timezone.localdate()


class ReasonForm(forms.Form):
    default_renderer = FAST_RENDERER

    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "scorecard_%s")  # unique ids beside the ladder partial on the card
        super().__init__(*args, **kwargs)


class ProfileForm(forms.ModelForm[IdealCustomerProfile]):
    """Lists are typed comma-separated; the service trims and de-duplicates them."""

    class Meta:
        model = IdealCustomerProfile
        fields = list(PROFILE_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in LIST_FIELDS:
            self.fields[name] = forms.CharField(
                label=self.fields[name].label,
                required=False,
                help_text=_("Comma-separated."),
            )
            # The form's initial data, not the field's: a ModelForm's (the instance's list) would win, and the
            # page showed "['MD', 'RO']", which a save then split into garbage.
            self.initial[name] = ", ".join(getattr(self.instance, name) or [])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in LIST_FIELDS:
            cleaned[name] = [part.strip() for part in (cleaned.get(name) or "").split(",") if part.strip()]
        return cleaned

    def _post_clean(self) -> None:
        """The service validates and saves; the instance is not touched here."""

    def changed_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}
