"""Forms for the scorecard page and the profile settings; they validate input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keepwarm.core import places
from keepwarm.core.renderer import FAST_RENDERER
from keepwarm.qualification.models import IdealCustomerProfile
from keepwarm.qualification.services import PROFILE_FIELDS

TYPED_LISTS = ("target_verticals", "other_scheme_verticals", "territories")  # typed comma-separated


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
    """Lists are typed comma-separated (the service trims and de-duplicates them); countries are picked."""

    class Meta:
        model = IdealCustomerProfile
        fields = list(PROFILE_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in TYPED_LISTS:
            self.fields[name] = forms.CharField(
                label=self.fields[name].label,
                required=False,
                help_text=_("Comma-separated."),
            )
            # The form's initial data, not the field's: a ModelForm's (the instance's list) would win, and the
            # page showed "['MD', 'RO']", which a save then split into garbage.
            self.initial[name] = ", ".join(getattr(self.instance, name) or [])
        # Countries are picked by name (core.places), as on the client's form; the codes the clients keep are saved.
        # The chosen ones lead the list, so the page shows them without scrolling.
        chosen = list(self.instance.countries or [])
        named = places.country_choices()
        self.fields["countries"] = forms.MultipleChoiceField(
            label=self.fields["countries"].label,
            required=False,
            choices=sorted(named, key=lambda item: item[0] not in chosen),  # a stable sort: each part in order
            widget=forms.SelectMultiple(attrs={"size": 8}),
            help_text=_("Hold Ctrl (⌘ on a Mac) to pick several."),
        )
        self.initial["countries"] = chosen

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in TYPED_LISTS:
            cleaned[name] = [part.strip() for part in (cleaned.get(name) or "").split(",") if part.strip()]
        return cleaned

    def _post_clean(self) -> None:
        """The service validates and saves; the instance is not touched here."""

    def changed_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PROFILE_FIELDS}
