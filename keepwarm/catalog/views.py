"""Catalog pages: products with their matched clients (POST-3), events with invitations (POST-7), and the
client card's offers partial (POST-6)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keepwarm.accounts import access
from keepwarm.catalog import selectors, services
from keepwarm.catalog.forms import EventForm, ProductForm
from keepwarm.clients.access import client_for_user
from keepwarm.core.forms import run_service
from keepwarm.core.htmx import page_or_part
from keepwarm.core.requests import AuthedRequest
from keepwarm.flows import catalog as catalog_flows


def _manager_only(request: AuthedRequest) -> None:
    if not access.can_manage_team_rows(request.user):
        raise PermissionDenied


@login_required
def product_list(request: AuthedRequest) -> HttpResponse:
    products = selectors.products_visible_to(request.user).prefetch_related("tags")
    context = {"products": products, "can_manage": access.can_manage_team_rows(request.user)}
    return render(request, "catalog/products.html", context)


@login_required
def product_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(selectors.products_visible_to(request.user).prefetch_related("tags"), pk=pk)
    context = {
        "product": product,
        "rows": selectors.product_match_rows(product, user=request.user),
        "can_manage": access.can_manage_team_rows(request.user),
    }
    return render(request, "catalog/product.html", context)


@login_required
def product_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    _manager_only(request)
    product = get_object_or_404(selectors.products_visible_to(request.user), pk=pk) if pk else None
    form = ProductForm(request.POST or None, instance=product, user=request.user)
    if request.method == "POST":
        if product is None:
            saved = run_service(form, lambda: catalog_flows.product_create(by=request.user, **form.service_fields()))
        else:
            saved = run_service(
                form, lambda: catalog_flows.product_update(product=product, by=request.user, **form.service_fields())
            )
        if saved is not None:
            messages.success(request, _("Saved. Matching clients get an offer within the contact limits."))
            return redirect("catalog:product", pk=saved.pk)
    title = _("Edit product") if product else _("New product")
    return render(request, "catalog/form.html", {"form": form, "title": title})


@login_required
@require_POST
def product_retry(request: AuthedRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(selectors.products_visible_to(request.user), pk=pk)
    catalog_flows.product_retry_waiting(product=product, by=request.user)
    messages.success(request, _("Waiting offers checked again."))
    return redirect("catalog:product", pk=product.pk)


@login_required
def event_list(request: AuthedRequest) -> HttpResponse:
    events = selectors.events_visible_to(request.user).prefetch_related("tags")
    context = {"events": events, "can_manage": access.can_manage_team_rows(request.user)}
    return render(request, "catalog/events.html", context)


@login_required
def event_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    _manager_only(request)
    event = get_object_or_404(selectors.events_visible_to(request.user), pk=pk) if pk else None
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST":
        if event is None:
            saved = run_service(form, lambda: services.event_create(by=request.user, **form.service_fields()))
        else:
            saved = run_service(
                form, lambda: services.event_update(event=event, by=request.user, **form.service_fields())
            )
        if saved is not None:
            return redirect("catalog:event", pk=saved.pk)
    title = _("Edit event") if event else _("New event")
    return render(request, "catalog/form.html", {"form": form, "title": title})


@login_required
def event_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(selectors.events_visible_to(request.user).prefetch_related("tags"), pk=pk)
    context = {
        "event": event,
        "candidates": selectors.event_candidates(event, user=request.user)[:500],
        "can_manage": access.can_manage_team_rows(request.user),
    }
    return render(request, "catalog/event.html", context)


@login_required
@require_POST
def event_invite(request: AuthedRequest, pk: int, client_pk: int) -> HttpResponse:
    """POST-7: the invitation is logged as a touch; htmx swaps the client's row."""
    event = get_object_or_404(selectors.events_visible_to(request.user), pk=pk)
    client = client_for_user(request.user, client_pk)
    error = ""
    try:
        catalog_flows.event_invite(event=event, client=client, by=request.user)
    except ValidationError as refused:
        error = " ".join(refused.messages)
    row = selectors.event_candidates(event, user=request.user).get(pk=client.pk)
    if request.htmx:
        return render(request, "catalog/event.html#candidate", {"event": event, "client": row, "error": error})
    if error:
        messages.error(request, error)
    return redirect("catalog:event", pk=event.pk)


@login_required
def client_offers(request: AuthedRequest, pk: int) -> HttpResponse:
    """POST-6: this month's suggested items with the reason, for the client card (htmx) or as a page."""
    client = client_for_user(request.user, pk)
    context = {"client": client, "suggestions": selectors.client_suggestions(client)}
    return page_or_part(request, "catalog/offers.html", context, part="offers")
