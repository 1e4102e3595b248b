"""Forms for the ladder card and the privileges settings; they validate input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from keepwarm.core.forms import blank_choice_as_dash
from keepwarm.core.renderer import FAST_RENDERER
from keepwarm.ladder.criteria import Level
from keepwarm.ladder.models import CONFIRMATIONS, ClientLadder, LevelPrivileges
from keepwarm.ladder.services import PRIVILEGE_FIELDS


class LadderForm(forms.ModelForm[ClientLadder]):
    """What the manager judges (LAD-2/3/6); the level moves only through a confirmation."""

    default_renderer = FAST_RENDERER

    class Meta:
        model = ClientLadder
        fields = ["prospect_behaviour", *CONFIRMATIONS, "partnership"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "ladder_%s")  # unique ids beside the scorecard partial on the card
        super().__init__(*args, **kwargs)
        blank_choice_as_dash(self)

    def _post_clean(self) -> None:
        """The service saves; the instance is not touched here."""


class ConfirmForm(forms.Form):
    default_renderer = FAST_RENDERER

    level = forms.TypedChoiceField(label=_("Level"), choices=Level.choices, coerce=int)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
    confirmations = forms.MultipleChoiceField(
        label=_("Confirmed by you"),
        required=False,
        choices=[(name, ClientLadder._meta.get_field(name).verbose_name) for name in CONFIRMATIONS],  # type: ignore[union-attr]
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "ladder_confirm_%s")
        super().__init__(*args, **kwargs)


class PrivilegesForm(forms.ModelForm[LevelPrivileges]):
    class Meta:
        model = LevelPrivileges
        fields = list(PRIVILEGE_FIELDS)

    def _post_clean(self) -> None:
        """The service validates and saves."""


def privileges_forms(table: dict[Level, Any], data: Any = None) -> list[tuple[Level, PrivilegesForm]]:
    """One form per level, prefixed by the level, initialised from the team's table (defaults included)."""
    return [
        (level, PrivilegesForm(data, prefix=f"level{int(level)}", initial=vars(privileges)))
        for level, privileges in table.items()
    ]
