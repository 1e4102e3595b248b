"""Web forms for clients and organizations; the services validate the rules, the forms the input."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients import selectors
from keepwarm.clients.access import clients_visible_to, organizations_visible_to
from keepwarm.clients.choices import Category, NeverReason, RelationshipGroup
from keepwarm.clients.models import Client, Organization
from keepwarm.clients.pickers import SearchPicker, SearchPickerForm
from keepwarm.clients.services import CLIENT_EDITABLE_FIELDS, ORGANIZATION_EDITABLE_FIELDS, contact_errors
from keepwarm.clients.zone_source import CONFIRMED, confirmation_field
from keepwarm.core.collation import users_by_name
from keepwarm.core.forms import PLACE_WIDGETS, WorkdaysField, blank_choice_as_dash, set_queryset
from keepwarm.core.params import MAX_PAGE
from keepwarm.core.renderer import FAST_RENDERER
from keepwarm.planner.requests import NextStepRequest

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
WORK_HOURS = ("work_start", "work_end", "lunch_start", "lunch_end", "workdays")
SORTS = [("name", _("Name")), ("last_contact", _("Last contact")), ("next_step", _("Next step date"))]


class OwnerChoiceField(forms.ModelChoiceField):
    """Managers are picked by their full names (a username means little to the lead picking)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


def owners_for(user: User) -> QuerySet[User]:
    """The managers a user may give clients to (OWN-1), in the order their names are shown."""
    return access.users_assignable_by(user).order_by(*users_by_name(user.language))


def split_list(text: str) -> list[str]:
    """Phones, e-mails and interests are typed one per line or comma-separated."""
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


class ClientFilterForm(forms.Form):
    """The client list's search box and filters; every field is optional and read from the query string."""

    default_renderer = FAST_RENDERER

    q = forms.CharField(label=_("Search"), required=False)
    category = forms.ChoiceField(label=_("Category"), choices=[("", _("All")), *Category.choices], required=False)
    group = forms.ChoiceField(
        label=_("Relationship"), choices=[("", _("All")), *RelationshipGroup.choices], required=False
    )
    owner = OwnerChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False, empty_label=_("All"))
    no_next_step = forms.BooleanField(label=_("No next step"), required=False)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    going_cold = forms.BooleanField(label=_("Going cold"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)
    page = forms.IntegerField(
        label=_("Page"), required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if access.can_reassign(user):
            set_queryset(self.fields["owner"], owners_for(user))
        else:
            del self.fields["owner"]

    def filters(self) -> selectors.ClientFilters:
        """The fields that are valid, as filters: a wrong one is left out and shown, the others still apply."""
        self.is_valid()  # cleaned_data then holds exactly the valid fields
        return selectors.ClientFilters.of(self.cleaned_data)

    def page_number(self) -> int:
        self.is_valid()
        return self.cleaned_data.get("page") or 1

    def filter_errors(self) -> list[tuple[str, str]]:
        """(label, message) of every filter left out, for the notice above the results."""
        return [
            (str(self.fields[name].label or name), " ".join(map(str, errors))) for name, errors in self.errors.items()
        ]


class ReassignForm(forms.Form):
    default_renderer = FAST_RENDERER

    clients = forms.ModelMultipleChoiceField(queryset=Client.objects.none())
    to_owner = OwnerChoiceField(label=_("Give to"), queryset=User.objects.none(), empty_label=_("Choose a manager"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self.fields["clients"], clients_visible_to(user))
        set_queryset(self.fields["to_owner"], owners_for(user))


class VersionedForm(forms.ModelForm):
    """Carries the version the user started from, so a stale edit is refused, not overwritten."""

    default_renderer = FAST_RENDERER

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    stale = False  # set when the service refused the save as stale; the page offers a reload

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        blank_choice_as_dash(self)
        if "workdays" in self.fields:  # ticked by name; none ticked: the level above's (organization, team)
            self.fields["workdays"] = WorkdaysField(
                label=self.fields["workdays"].label,
                required=False,
                help_text=_("None ticked: the organization's days, else the team's."),
            )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or () if name in self.cleaned_data}


ORGANIZATION_PICKER = SearchPicker(
    field="organization",
    url_name="clients:organization-options",
    search=selectors.organization_search,
    order=("name", "id"),
    label=_("Find an organization"),
    help_text=_("Type part of its name, then pick it in the list; with a single match, saving picks it."),
    no_match=_("No organization matches “%(search)s”."),
    many_match=_("Many organizations match “%(search)s”: type more of the name."),
    several_match=_("Several organizations match “%(search)s”: pick one in the list."),
)
CLIENT_PICKER = SearchPicker(
    field="client",
    url_name="clients:client-options",
    search=selectors.client_search,
    order=("last_name", "first_name", "id"),
    label=_("Find a client"),
    help_text=_("Type part of the name or phone, then pick in the list; with a single match, saving picks it."),
    no_match=_("No client matches “%(search)s”."),
    many_match=_("Many clients match “%(search)s”: type more of the name."),
    several_match=_("Several clients match “%(search)s”: pick one in the list."),
)


class ClientForm(SearchPickerForm, VersionedForm):
    phones = forms.CharField(
        label=_("Phones"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line or separated by commas; local numbers are read in the client's country."),
    )
    emails = forms.CharField(label=_("E-mails"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    interests = forms.CharField(
        label=_("Interests"), required=False, help_text=_("Comma-separated, e.g. printers, paper")
    )
    owner = OwnerChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[(Category.FUTURE, Category.FUTURE.label), (Category.NOW, Category.NOW.label)],
    )

    class Meta:
        model = Client
        fields = [name for name in CLIENT_EDITABLE_FIELDS if name != "referred_by"]
        widgets = {
            "birthday": DATE,
            "preferred_call_time": TIME,
            "work_start": TIME,
            "work_end": TIME,
            "lunch_start": TIME,
            "lunch_end": TIME,
            "notes": forms.Textarea(attrs={"rows": 3}),
            **{name: widget() for name, widget in PLACE_WIDGETS.items()},
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.add_picker(ORGANIZATION_PICKER, organizations_visible_to(user))
        self.fields["first_name"].widget.attrs["autofocus"] = True
        if self.instance.pk:
            del self.fields["owner"], self.fields["category"]  # changed by their own services
            self._add_zone_confirmation()
            self.initial.update(
                phones="\n".join(self.instance.phones),
                emails="\n".join(self.instance.emails),
                interests=", ".join(tag.name for tag in self.instance.interests.all()),
            )
        elif access.can_reassign(user):
            set_queryset(self.fields["owner"], owners_for(user))
            self.fields["owner"].initial = user.pk if not user.is_admin_role else None
        else:
            del self.fields["owner"]

    def _add_zone_confirmation(self) -> None:
        confirm = confirmation_field(self.instance.time_zone_source, self.instance.time_zone_evidence)
        if confirm is None or "time_zone" not in self.fields:
            return
        fields = list(self.fields.items())
        fields.insert([name for name, _field in fields].index("time_zone") + 1, ("time_zone_confirmed", confirm))
        self.fields = dict(fields)

    def clean_phones(self) -> list[str]:
        return split_list(self.cleaned_data["phones"])

    def clean_emails(self) -> list[str]:
        return split_list(self.cleaned_data["emails"])

    def clean(self) -> dict[str, Any]:
        """With errors of its own the form never reaches the service: its checks of the phones and e-mails are
        run here then, so that every error shows at once."""
        cleaned = super().clean() or {}
        if self.errors:
            saved = self.instance if self.instance.pk else None
            for name, messages in contact_errors(saved=saved, by=self.user, values=cleaned).items():
                if name in cleaned:
                    self.add_error(name, messages)
        return cleaned

    def clean_interests(self) -> list[str]:
        return split_list(self.cleaned_data["interests"])

    def _post_clean(self) -> None:
        """Model rules are checked once, by the service, where they see the owner and the organization."""

    def service_fields(self) -> dict[str, Any]:
        fields = super().service_fields()
        fields["interests"] = self.cleaned_data["interests"]
        if self.cleaned_data.get("time_zone_confirmed"):
            fields.update(CONFIRMED)
        if not self.instance.pk:
            fields["category"] = self.cleaned_data["category"]
            if self.cleaned_data.get("owner"):
                fields["owner"] = self.cleaned_data["owner"]
        return fields

    def working_hours_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in WORK_HOURS]

    def main_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name not in {*WORK_HOURS, "version"}]


class OrganizationForm(VersionedForm):
    website = forms.URLField(
        label=capfirst(Organization._meta.get_field("website").verbose_name), required=False, assume_scheme="https"
    )

    class Meta:
        model = Organization
        fields = list(ORGANIZATION_EDITABLE_FIELDS)
        widgets = {
            "founded_on": DATE,
            "work_start": TIME,
            "work_end": TIME,
            "lunch_start": TIME,
            "lunch_end": TIME,
            "notes": forms.Textarea(attrs={"rows": 3}),
            **{name: widget() for name, widget in PLACE_WIDGETS.items()},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autofocus"] = True

    def _post_clean(self) -> None:
        """Model rules are checked by the service (full_clean), not twice. With errors of its own the form never
        reaches the service: the model's field rules (country, time zone) then run here, so every error shows at
        once."""
        if self.errors:
            super()._post_clean()  # type: ignore[misc]  # ModelForm's, missing from the stubs

    def working_hours_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in WORK_HOURS]

    def main_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name not in {*WORK_HOURS, "version"}]


class CategoryForm(forms.Form):
    """Change or correct a client's category from the card (CAT-2, CAT-4). The service decides what is allowed: a
    reason that is not on CAT-2's closed list reaches it and is refused there, with its explanation on the field."""

    default_renderer = FAST_RENDERER

    category = forms.ChoiceField(label=_("New category"), choices=Category.choices)
    never_reason = forms.CharField(
        label=_("Why “Never” (CAT-2)"),
        required=False,
        widget=forms.Select(choices=[("", "—"), *NeverReason.choices]),
        help_text=_("Only for a client who no longer exists for us."),
    )
    reason = forms.CharField(label=_("Why"), required=False, max_length=500)
    correction = forms.BooleanField(label=_("This corrects a mistaken “Never”"), required=False)
    next_step_on = forms.DateField(label=_("Next contact on (optional)"), required=False, widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, client: Client, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "category_%s")  # unique beside the touch dialog's fields on the card
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [(value, label) for value, label in Category.choices if value != client.category]
        if client.category != Category.FUTURE:
            category.initial = Category.FUTURE  # where a refusal or a corrected "Never" leads (CAT-2, CAT-4)
        self.fields["version"].initial = client.version
        if client.category == Category.NEVER:
            del self.fields["never_reason"]
        else:
            del self.fields["correction"]

    def service_fields(self) -> dict[str, Any]:
        """The keyword arguments of services.client_set_category."""
        data = self.cleaned_data
        return {
            "category": data["category"],
            "reason": data["reason"],
            "never_reason": data.get("never_reason", ""),
            "correction": data.get("correction", False),
            "next_step": NextStepRequest(due_date=data["next_step_on"]) if data.get("next_step_on") else None,
            "expected_version": data.get("version"),
        }
