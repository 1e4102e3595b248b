"""Web forms for deals and the corporate assessment."""

from __future__ import annotations

from typing import Any

from django import forms

from keepwarm.accounts.models import User
from keepwarm.clients.access import clients_visible_to
from keepwarm.clients.forms import CLIENT_PICKER
from keepwarm.clients.pickers import SearchPickerForm
from keepwarm.deals.models import Deal, OrganizationAssessment
from keepwarm.qualification.indicators import DealStage

DEAL_FIELDS = ("client", "title", "amount", "currency", "stage", "opened_on")


class DealForm(SearchPickerForm, forms.ModelForm[Deal]):
    class Meta:
        model = Deal
        fields = list(DEAL_FIELDS)
        widgets = {"opened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_picker(CLIENT_PICKER, clients_visible_to(user))
        self.fields["opened_on"].required = False

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in DEAL_FIELDS}


class MoveForm(forms.Form):
    stage = forms.ChoiceField(choices=DealStage.choices)


class AssessmentForm(forms.ModelForm[OrganizationAssessment]):
    class Meta:
        model = OrganizationAssessment
        fields = ["interest", "capacity"]
