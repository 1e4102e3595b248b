"""Form helpers shared by the UI and the admin."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import BLANK_CHOICE_DASH, QuerySet
from django.utils.choices import CallableChoiceIterator
from django.utils.translation import gettext_lazy as _

from keepwarm.core import places

T = TypeVar("T")


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names, else at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        target = field if field in form.fields else None
        if field == NON_FIELD_ERRORS:
            target = None
        form.add_error(target, messages)


def run_service(form: forms.BaseForm, call: Callable[..., T], **kwargs: Any) -> T | None:
    """Call the service if the form is valid; a refusal lands on the form and gives None."""
    if not form.is_valid():
        return None
    try:
        return call(**kwargs)
    except ValidationError as error:
        add_service_error(form, error)
        return None


def set_queryset(field: forms.Field, queryset: QuerySet[Any]) -> None:
    """Narrow a model choice field to what the user may pick (OWN-1 querysets from access)."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class NamedCodeSelect(forms.Select):
    """A code (a country, a time zone) picked by its name in the reader's language (core.places). The names are
    read at each render, in the request's language; a stored code the list lacks stays offered, so saving a form
    never changes it silently."""

    def __init__(self, named: Callable[[], Iterable[tuple[str, str]]], attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, choices=CallableChoiceIterator(lambda: [("", "—"), *named()]))

    def build_attrs(self, base_attrs: dict[str, Any], extra_attrs: dict[str, Any] | None = None) -> dict[str, Any]:
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.pop("maxlength", None)  # the model field's length, which a CharField puts on any widget
        return attrs

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> list[Any]:
        groups = super().optgroups(name, value, attrs)
        offered = {str(option["value"]) for _group, options, _index in groups for option in options}
        for code in value:
            if code is not None and str(code) not in offered:
                option = self.create_option(name, code, code, True, len(groups), attrs=attrs)
                groups.append((None, [option], len(groups)))
        return groups


def country_select() -> NamedCodeSelect:
    return NamedCodeSelect(places.country_choices)


def time_zone_select() -> NamedCodeSelect:
    return NamedCodeSelect(places.zone_choices)


# Model fields of these names hold a country's ISO code or a zone id wherever they are (clients, organizations,
# teams, users): every form that edits them picks by name.
PLACE_WIDGETS: dict[str, Callable[[], NamedCodeSelect]] = {"country": country_select, "time_zone": time_zone_select}


def blank_choice_as_dash(form: forms.BaseForm) -> None:
    """A model field's empty choice reads "—", as the app's own lists do, not Django's "---------"."""
    dashes = BLANK_CHOICE_DASH[0][1]
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == dashes:
                field.empty_label = "—"
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.widget.choices)  # the field's, normalised
            if choices and choices[0] == ("", dashes):
                field.choices = [("", "—"), *choices[1:]]


WEEKDAYS = [
    ("1", _("Monday")), ("2", _("Tuesday")), ("3", _("Wednesday")), ("4", _("Thursday")),
    ("5", _("Friday")), ("6", _("Saturday")), ("7", _("Sunday")),
]  # fmt: skip


class WorkdaysField(forms.MultipleChoiceField):
    """Working days ticked by name, kept as the digits 1 (Monday) to 7 (Sunday) the models store ("12345")."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=WEEKDAYS, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return list(value) if isinstance(value, str) else value

    def to_python(self, value: Any) -> list[str]:
        """An empty value sent (a program posting the form's initial "") is no day, not a wrong one."""
        return [day for day in super().to_python(value) if day]

    def clean(self, value: Any) -> str:
        return "".join(sorted(super().clean(value)))
