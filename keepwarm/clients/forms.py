"""Web forms for clients and organizations; the services validate the rules, the forms the input."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients import selectors
from keepwarm.clients.choices import Category, RelationshipGroup
from keepwarm.clients.contacts import fold
from keepwarm.clients.models import Client, Organization
from keepwarm.clients.services import CLIENT_EDITABLE_FIELDS, ORGANIZATION_EDITABLE_FIELDS
from keepwarm.core.params import MAX_PAGE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
WORK_HOURS = ("work_start", "work_end", "lunch_start", "lunch_end", "workdays")
SORTS = [("name", _("Name")), ("last_contact", _("Last contact")), ("next_step", _("Next step date"))]


def set_queryset(field: forms.Field, queryset: QuerySet[Any]) -> None:
    """Narrow a model choice field to what the user may pick (OWN-1 querysets from access)."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def split_list(text: str) -> list[str]:
    """Phones, e-mails and interests are typed one per line or comma-separated."""
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


class ClientFilterForm(forms.Form):
    """The client list's search box and filters; every field is optional and read from the query string."""

    q = forms.CharField(label=_("Search"), required=False)
    category = forms.ChoiceField(label=_("Category"), choices=[("", _("All")), *Category.choices], required=False)
    group = forms.ChoiceField(
        label=_("Relationship"), choices=[("", _("All")), *RelationshipGroup.choices], required=False
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
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
            managers = access.users_assignable_by(user).order_by("first_name", "username")
            set_queryset(self.fields["owner"], managers)
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
    clients = forms.ModelMultipleChoiceField(queryset=Client.objects.none())
    to_owner = forms.ModelChoiceField(label=_("Give to"), queryset=User.objects.none())

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self.fields["clients"], access.clients_visible_to(user))
        set_queryset(self.fields["to_owner"], access.users_assignable_by(user))


class VersionedForm(forms.ModelForm):
    """Carries the version the user started from, so a stale edit is refused, not overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    stale = False  # set when the service refused the save as stale; the page offers a reload

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields or () if name in self.cleaned_data}


class OrganizationChoices(ModelChoiceIterator):
    """The organization picker's options: the chosen one or a search's matches, never all 10,000 of a team."""

    def __init__(self, field: forms.ModelChoiceField, form: ClientForm) -> None:
        super().__init__(field)
        self.form = form

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        yield ("", self.field.empty_label or "")
        for organization in self.form.organizations_shown():
            yield self.choice(organization)

    def __len__(self) -> int:
        return 1 + len(self.form.organizations_shown())

    def __bool__(self) -> bool:
        return True


class ClientForm(VersionedForm):
    organization_search = forms.CharField(
        label=_("Find an organization"),
        required=False,
        max_length=200,
        help_text=_("Type part of its name, then pick it in the list; with a single match, saving picks it."),
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "aria-controls": "id_organization",
                "hx-trigger": "input changed delay:250ms, search",
                "hx-target": "#id_organization",
                "hx-include": "#id_organization",
                "hx-sync": "this:replace",
            }
        ),
    )
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
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none(), required=False)
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
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: list[Organization] | None = None
        organization = self.fields["organization"]
        assert isinstance(organization, forms.ModelChoiceField)
        set_queryset(organization, access.organizations_visible_to(user).order_by("name"))
        organization.widget.choices = OrganizationChoices(organization, self)
        options_url = reverse("clients:organization-options")
        if self.instance.organization_id:
            options_url += f"?current={self.instance.organization_id}"
        self.fields["organization_search"].widget.attrs["hx-get"] = options_url
        order = [name for name in self.fields if name != "organization_search"]
        order.insert(order.index("organization"), "organization_search")
        self.order_fields(order)
        self.fields["first_name"].widget.attrs["autofocus"] = True
        if self.instance.pk:
            del self.fields["owner"], self.fields["category"]  # changed by their own services
            self.initial.update(
                phones="\n".join(self.instance.phones),
                emails="\n".join(self.instance.emails),
                interests=", ".join(tag.name for tag in self.instance.interests.all()),
            )
        elif access.can_reassign(user):
            set_queryset(self.fields["owner"], access.users_assignable_by(user))
            self.fields["owner"].initial = user.pk if not user.is_admin_role else None
        else:
            del self.fields["owner"]

    def clean_phones(self) -> list[str]:
        return split_list(self.cleaned_data["phones"])

    def clean_emails(self) -> list[str]:
        return split_list(self.cleaned_data["emails"])

    def clean_interests(self) -> list[str]:
        return split_list(self.cleaned_data["interests"])

    def clean(self) -> dict[str, Any]:
        """A search typed in the organization picker decides unless the organization picked matches it: without
        JavaScript (or after Enter) the search is the user's choice, so a single match is taken and several or
        none are an error on the field, never a silent keep of the old organization."""
        cleaned = super().clean() or {}
        search = cleaned.get("organization_search", "")
        picked = cleaned.get("organization")
        if not search or "organization" in self.errors or (picked is not None and _matches(picked, search)):
            return cleaned
        queryset = self.fields["organization"].queryset  # type: ignore[attr-defined]
        matches = selectors.organization_matches(queryset, q=search)
        exact = [match for match in matches if _same_name(match, search)]
        if len(matches) == 1 or len(exact) == 1:
            cleaned["organization"] = exact[0] if len(exact) == 1 else matches[0]
        elif not matches:
            self.add_error("organization", gettext("No organization matches “%(search)s”.") % {"search": search})
        elif len(matches) > selectors.ORGANIZATION_CHOICES_SHOWN:
            message = gettext("Many organizations match “%(search)s”: type more of the name.")
            self.add_error("organization", message % {"search": search})
        else:
            message = gettext("Several organizations match “%(search)s”: pick one in the list.")
            self.add_error("organization", message % {"search": search})
        return cleaned

    def organizations_shown(self) -> list[Organization]:
        """The picker's options, as the htmx picker shows them (selectors.organization_choices)."""
        if self._shown is None:
            picked = str(self["organization"].value() or "")
            self._shown, _more = selectors.organization_choices(
                self.fields["organization"].queryset,  # type: ignore[attr-defined]
                q=self["organization_search"].value() or "",
                picked=int(picked) if picked.isdigit() else None,
            )
        return self._shown

    def _post_clean(self) -> None:
        """Model rules are checked once, by the service, where they see the owner and the organization."""

    def service_fields(self) -> dict[str, Any]:
        fields = super().service_fields()
        fields["interests"] = self.cleaned_data["interests"]
        if not self.instance.pk:
            fields["category"] = self.cleaned_data["category"]
            if self.cleaned_data.get("owner"):
                fields["owner"] = self.cleaned_data["owner"]
        return fields

    def working_hours_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in WORK_HOURS]

    def main_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name not in {*WORK_HOURS, "version"}]


def _matches(organization: Organization, search: str) -> bool:
    return all(term in organization.search_name for term in fold(search).split())


def _same_name(organization: Organization, search: str) -> bool:
    return organization.search_name.split() == fold(search).split()


class OrganizationForm(VersionedForm):
    website = forms.URLField(
        label=Organization._meta.get_field("website").verbose_name, required=False, assume_scheme="https"
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
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autofocus"] = True

    def _post_clean(self) -> None:
        """Model rules are checked by the service (full_clean), not twice."""

    def working_hours_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in WORK_HOURS]

    def main_fields(self) -> list[forms.BoundField]:
        return [field for field in self if field.name not in {*WORK_HOURS, "version"}]
