"""Back-office pages. OWN-1 scopes every list and page; every write goes through the same services.

Admin forms call the service from clean(): the admin already wraps the request in a transaction,
and a refused write then shows on the form with the user's input intact.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients import services
from keepwarm.clients.access import clients_visible_to, orders_visible_to, organizations_visible_to
from keepwarm.clients.choices import Category, NeverReason
from keepwarm.clients.models import CategoryChange, Client, Order, Organization
from keepwarm.clients.zone_source import CONFIRMED, confirmation_field
from keepwarm.core.admin import FormWithUserMixin, HistoryInline, ScopedAdmin
from keepwarm.core.forms import add_service_error
from keepwarm.flows import clients as client_flows
from keepwarm.flows import orders as order_flows
from keepwarm.ladder.privileges import MAX_PAYMENT_TERMS_DAYS


class ServiceForm(forms.ModelForm[Any]):
    """A ModelForm whose save is a service call made during validation."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    request_user: User
    service_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and "expected_version" in self.fields:
            self.fields["expected_version"].initial = self.instance.version

    def call_service(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        data = {name: cleaned[name] for name in self.service_fields if name in cleaned}
        try:
            with transaction.atomic():  # a refusal half-way undoes the whole save
                self.instance = self.call_service(data)
        except ValidationError as error:
            add_service_error(self, error)
        return cleaned

    def save(self, commit: bool = True) -> Any:
        """The service saved everything during clean()."""
        return self.instance


class OrganizationForm(ServiceForm):
    service_fields = ("team", *services.ORGANIZATION_EDITABLE_FIELDS)

    class Meta:
        model = Organization
        fields = ["team", *services.ORGANIZATION_EDITABLE_FIELDS]

    def call_service(self, data: dict[str, Any]) -> Organization:
        if self.instance.pk:
            data.pop("team", None)
            return client_flows.organization_update(
                organization=self.instance,
                by=self.request_user,
                expected_version=self.cleaned_data.get("expected_version") or 0,
                **data,
            )
        return services.organization_create(by=self.request_user, **data)


class ClientForm(ServiceForm):
    interest_names = forms.CharField(label=capfirst(_("interests")), required=False, help_text=_("Comma-separated."))
    phones_text = forms.CharField(
        label=capfirst(_("phones")), required=False, help_text=_("Comma-separated, any format.")
    )
    emails_text = forms.CharField(label=capfirst(_("emails")), required=False, help_text=_("Comma-separated."))
    new_category = forms.ChoiceField(label=capfirst(_("category")), choices=Category.choices, required=False)
    never_reason = forms.ChoiceField(
        label=capfirst(_("reason for Never")), choices=[("", "—"), *NeverReason.choices], required=False
    )
    category_reason = forms.CharField(label=capfirst(_("why the category changes")), required=False)
    correction = forms.BooleanField(label=capfirst(_("correction of a “Never”")), required=False)
    time_zone_confirmed = forms.BooleanField(required=False)  # shown for a derived zone only (ClientAdmin.get_fields)
    service_fields = ("owner", *(f for f in services.CLIENT_EDITABLE_FIELDS if f not in {"phones", "emails"}))

    class Meta:
        model = Client
        fields = ["owner", *(f for f in services.CLIENT_EDITABLE_FIELDS if f not in {"phones", "emails"})]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        client = self.instance
        self.fields["new_category"].initial = client.category if client.pk else Category.FUTURE
        if client.pk:
            self.fields["interest_names"].initial = ", ".join(t.name for t in client.interests.all())
            self.fields["phones_text"].initial = ", ".join(client.phones)
            self.fields["emails_text"].initial = ", ".join(client.emails)
        confirm = confirmation_field(client.time_zone_source, client.time_zone_evidence) if client.pk else None
        if confirm is not None:
            self.fields["time_zone_confirmed"] = confirm

    @staticmethod
    def split(text: str) -> list[str]:
        return [part.strip() for part in text.split(",") if part.strip()]

    def call_service(self, data: dict[str, Any]) -> Client:
        extra = self.cleaned_data
        data["phones"] = self.split(extra.get("phones_text", ""))
        data["emails"] = self.split(extra.get("emails_text", ""))
        interests = self.split(extra.get("interest_names", ""))
        if extra.get("time_zone_confirmed"):
            data.update(CONFIRMED)
        owner = data.pop("owner")
        category = extra.get("new_category") or Category.FUTURE
        if not self.instance.pk:
            return client_flows.client_create(
                by=self.request_user, owner=owner, category=category, interests=interests, **data
            )
        client = client_flows.client_update(
            client=self.instance,
            by=self.request_user,
            expected_version=extra.get("expected_version") or 0,
            interests=interests,
            **data,
        )
        if owner != client.owner:
            client_flows.clients_reassign(clients=[client], to_owner=owner, by=self.request_user)
        if category != client.category:
            client_flows.client_set_category(
                client=client,
                by=self.request_user,
                category=category,
                reason=extra.get("category_reason", ""),
                never_reason=extra.get("never_reason", ""),
                correction=extra.get("correction", False),
            )
        return client


class CategoryChangeInline(HistoryInline):
    model = CategoryChange
    fields = readonly_fields = (
        "changed_at",
        "changed_by",
        "from_category",
        "to_category",
        "worded_reason",
        "is_correction",
    )

    @admin.display(description=_("reason"))
    def worded_reason(self, change: CategoryChange) -> str:
        return change.reason_text


@admin.register(Organization)
class OrganizationAdmin(FormWithUserMixin, ScopedAdmin):
    scope = organizations_visible_to
    form = OrganizationForm
    list_display = ["name", "vertical", "country", "territory", "employees"]
    list_filter = ["country"]
    search_fields = ["name", "vertical", "territory"]


@admin.register(Client)
class ClientAdmin(FormWithUserMixin, ScopedAdmin):
    scope = clients_visible_to
    form = ClientForm
    list_display = ["__str__", "organization", "category", "owner", "relationship_group", "last_touch_at"]
    list_filter = ["category", "relationship_group", "language", "time_zone_source"]
    search_fields = ["search_text"]
    list_select_related = ["organization", "owner"]
    autocomplete_fields = ["organization", "referred_by"]
    inlines = [CategoryChangeInline]

    def get_fields(self, request: HttpRequest, obj: Client | None = None) -> Any:
        """TIME-1: the box confirming a derived zone sits under the zone, and only where an import derived it."""
        fields = [name for name in super().get_fields(request, obj) if name != "time_zone_confirmed"]
        if obj is not None and obj.time_zone_source and "time_zone" in fields:
            fields.insert(fields.index("time_zone") + 1, "time_zone_confirmed")
        return fields

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        assert isinstance(request.user, User)
        scopes = {
            "owner": access.users_assignable_by,
            "organization": organizations_visible_to,
            "referred_by": clients_visible_to,
        }
        if db_field.name in scopes:
            kwargs["queryset"] = scopes[db_field.name](request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Any], search_term: str) -> Any:
        from keepwarm.clients.selectors import client_search

        return client_search(queryset, q=search_term), False


class OrderForm(ServiceForm):
    """An order with the terms given (LAD-5: more than the client's level allows needs a reason)."""

    discount_pct = forms.DecimalField(
        label=capfirst(_("discount, %")), min_value=0, max_value=100, max_digits=5, decimal_places=2, initial=0
    )
    payment_terms_days = forms.IntegerField(
        label=capfirst(_("payment terms, days")), min_value=0, max_value=MAX_PAYMENT_TERMS_DAYS, initial=0
    )
    override_reason = forms.CharField(label=_("Why more than the level allows"), required=False, widget=forms.Textarea)
    expected_version = None  # type: ignore[assignment]  # recorded once, never edited: no version to compare
    service_fields = services.ORDER_FIELDS

    class Meta:
        model = Order
        fields = ["client", "ordered_on", "amount", "currency", "items", "amount_paid", "delivered_on"]

    def call_service(self, data: dict[str, Any]) -> Order:
        return order_flows.order_record(by=self.request_user, **data)


@admin.register(Order)
class OrderAdmin(FormWithUserMixin, ScopedAdmin):
    scope = orders_visible_to
    form = OrderForm
    list_display = ["client", "ordered_on", "amount", "currency", "amount_paid", "delivered_on"]
    list_select_related = ["client"]
    autocomplete_fields = ["client"]
    date_hierarchy = "ordered_on"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Recorded orders are history: opened here, never edited (record a new order instead)."""
        return obj is None and super().has_change_permission(request)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        assert isinstance(request.user, User)
        if db_field.name == "client":
            kwargs["queryset"] = clients_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
