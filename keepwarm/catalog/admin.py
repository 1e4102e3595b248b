"""Back-office pages for the catalog and events; writes go through the services (see clients/admin.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.catalog import selectors, services
from keepwarm.catalog.forms import EventForm, ProductForm
from keepwarm.catalog.models import Event, EventInvitation, Product, ProductMatch
from keepwarm.clients.admin import FormWithUserMixin, ScopedAdmin
from keepwarm.core.forms import add_service_error
from keepwarm.flows import catalog as catalog_flows


class ReadOnlyAdmin(ScopedAdmin):
    """History rows: listed and opened, never edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _visible_client_rows(user: User, queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(client_id__in=access.clients_visible_to(user).values("pk"))


class ServiceAdminForm(forms.ModelForm[Any]):
    """A form whose save is a service call made during validation (like clients.admin.ServiceForm, for rows
    without a version column)."""

    request_user: User

    def call_service(self) -> Any:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                with transaction.atomic():  # a refusal half-way undoes the whole save
                    self.instance = self.call_service()
            except ValidationError as error:
                add_service_error(self, error)
        return cleaned

    def save(self, commit: bool = True) -> Any:
        """The service saved everything during clean()."""
        return self.instance


class ProductAdminForm(ServiceAdminForm, ProductForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=self.request_user, **kwargs)

    def call_service(self) -> Product:
        if self.instance.pk:
            return catalog_flows.product_update(product=self.instance, by=self.request_user, **self.service_fields())
        return catalog_flows.product_create(by=self.request_user, **self.service_fields())


class EventAdminForm(ServiceAdminForm, EventForm):
    def call_service(self) -> Event:
        if self.instance.pk:
            return services.event_update(event=self.instance, by=self.request_user, **self.service_fields())
        return services.event_create(by=self.request_user, **self.service_fields())


@admin.register(Product)
class ProductAdmin(FormWithUserMixin, ScopedAdmin):
    scope = selectors.products_visible_to
    form = ProductAdminForm
    list_display = ["name", "team", "need_class", "active"]
    list_filter = ["active", "need_class"]
    search_fields = ["name"]


@admin.register(Event)
class EventAdmin(FormWithUserMixin, ScopedAdmin):
    scope = selectors.events_visible_to
    form = EventAdminForm
    list_display = ["title", "kind", "date", "team"]
    list_filter = ["kind"]
    date_hierarchy = "date"


@admin.register(ProductMatch)
class ProductMatchAdmin(ReadOnlyAdmin):
    list_display = ["product", "client", "status", "waits_until", "matched_at"]
    list_filter = ["status"]
    list_select_related = ["product", "client"]

    @staticmethod
    def scope(user: User) -> QuerySet[ProductMatch]:
        return _visible_client_rows(user, ProductMatch.objects.all())


@admin.register(EventInvitation)
class EventInvitationAdmin(ReadOnlyAdmin):
    list_display = ["event", "client", "invited_by", "invited_at"]
    list_select_related = ["event", "client", "invited_by"]

    @staticmethod
    def scope(user: User) -> QuerySet[EventInvitation]:
        return _visible_client_rows(user, EventInvitation.objects.all())
