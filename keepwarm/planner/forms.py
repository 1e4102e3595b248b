"""The team's planner settings form (every METHOD number is a team default)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts.models import CAPACITY_MAX
from keepwarm.core.forms import WorkdaysField
from keepwarm.planner.calendars import GREETING_KEYS
from keepwarm.planner.models import SETTINGS_FIELDS, TeamPlannerSettings

GREETING_LABELS = {
    "new_year": _("New Year"),
    "christmas": _("Christmas (25 December)"),
    "orthodox_christmas": _("Orthodox Christmas (7 January)"),
    "easter": _("Easter"),
    "orthodox_easter": _("Orthodox Easter"),
    "womens_day": _("International Women's Day (8 March)"),
    "national_day": _("The client's national day"),
}
TIME = forms.TimeInput(attrs={"type": "time"})


class TeamSettingsForm(forms.ModelForm[TeamPlannerSettings]):
    workdays = WorkdaysField(label=_("Working days"))
    greeting_holidays = forms.MultipleChoiceField(
        label=_("Holidays to greet clients on (POST-5)"),
        choices=[(key, GREETING_LABELS.get(key, key)) for key in GREETING_KEYS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = TeamPlannerSettings
        fields = SETTINGS_FIELDS
        widgets = {
            "work_start": TIME, "work_end": TIME, "lunch_start": TIME, "lunch_end": TIME,
            "pre_weekend_afternoon_from": TIME,
        }  # fmt: skip

    def changed_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class MemberCapacityForm(forms.Form):
    """PLAN-1: a manager's own daily capacity; empty uses the team's."""

    daily_capacity = forms.IntegerField(
        label=_("Sales contacts in a day"), required=False, min_value=1, max_value=CAPACITY_MAX
    )
