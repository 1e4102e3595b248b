"""Back-office pages for the catalog and events; writes go through the services (see clients/admin.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from keepwarm.catalog import selectors, services
from keepwarm.catalog.forms import EventForm, ProductForm
from keepwarm.catalog.models import Event, EventInvitation, Product, ProductMatch
from keepwarm.clients.access import client_rows_scope
from keepwarm.core.admin import FormWithUserMixin, ReadOnlyAdmin, ScopedAdmin, ServiceAdminForm
from keepwarm.flows import catalog as catalog_flows


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
    scope = client_rows_scope(ProductMatch)


@admin.register(EventInvitation)
class EventInvitationAdmin(ReadOnlyAdmin):
    list_display = ["event", "client", "invited_by", "invited_at"]
    list_select_related = ["event", "client", "invited_by"]
    scope = client_rows_scope(EventInvitation)
