"""Client and organization pages: list with search and filters, the card, create and edit (OWN-1 via access)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keepwarm.accounts import access
from keepwarm.clients import selectors, services
from keepwarm.clients.access import client_for_user, clients_visible_to, organizations_visible_to
from keepwarm.clients.choices import Category
from keepwarm.clients.forms import (
    CLIENT_PICKER,
    ORGANIZATION_PICKER,
    CategoryForm,
    ClientFilterForm,
    ClientForm,
    OrganizationForm,
    ReassignForm,
)
from keepwarm.clients.models import Client
from keepwarm.clients.moment import client_moment
from keepwarm.clients.pickers import options_response
from keepwarm.core.errors import StaleEditError
from keepwarm.core.forms import add_service_error
from keepwarm.core.htmx import page_or_part, with_event
from keepwarm.core.params import MAX_PAGE, query_int
from keepwarm.core.requests import AuthedRequest
from keepwarm.flows import clients as client_flows
from keepwarm.ladder.criteria import Level
from keepwarm.ladder.models import ClientLadder
from keepwarm.ladder.views import ladder_part
from keepwarm.letters import listing as letter_listing
from keepwarm.planner.inputs import settings_read_with

PAGE_SIZE = 50
# What a row shows (clients_ui.client_row): reading the clients' forty other columns cost the list more than its rows.
ROW_COLUMNS = (
    *("last_name", "first_name", "patronymic", "category", "do_not_contact", "last_touch_at"),
    *("organization", "organization__name", "owner", "owner__username", "owner__first_name", "owner__last_name"),
)


def _results(request: AuthedRequest, form: ClientFilterForm, **extra: Any) -> dict[str, Any]:
    """The page of clients the valid filters select; a wrong filter is shown with its error, the rest apply."""
    today = timezone.localdate()
    clients = selectors.clients_listed(user=request.user, filters=form.filters(), today=today)
    clients = clients.select_related("organization", "owner").only(*ROW_COLUMNS)
    clients = selectors.with_next_step(clients, step_columns=("due_date", "goal"))
    page = selectors.page_of(clients, number=form.page_number(), size=PAGE_SIZE)
    can_reassign = access.can_reassign(request.user)
    reassign = ReassignForm(user=request.user) if can_reassign else None
    return {
        "form": form,
        "page": page,
        "can_reassign": can_reassign,
        "reassign": reassign,
        "today": today,
        **extra,
    }


@login_required
def client_list(request: AuthedRequest) -> HttpResponse:
    form = ClientFilterForm(request.GET, user=request.user)
    context = _results(request, form)
    return page_or_part(request, "clients/list.html", context, part="results", target="client-results")


@login_required
@require_POST
def clients_reassign(request: AuthedRequest) -> HttpResponse:
    """OWN-1: a lead gives the selected clients to another manager; history stays with the clients."""
    form = ReassignForm(request.POST, user=request.user)
    notice = ""
    if form.is_valid():
        try:
            moved = client_flows.clients_reassign(
                clients=form.cleaned_data["clients"], to_owner=form.cleaned_data["to_owner"], by=request.user
            )
        except ValidationError as error:
            notice = " ".join(error.messages)
        else:
            notice = _("%(count)d clients reassigned.") % {"count": moved}
    else:
        notice = _("Select clients and the manager to give them to.")
    filters = ClientFilterForm(request.GET, user=request.user)
    if request.htmx:
        return render(request, "clients/list.html#results", _results(request, filters, notice=notice))
    messages.info(request, notice)
    return redirect("clients:list")


@login_required
def client_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return card_page(request, client_for_user(request.user, pk, with_team=True, also=CARD_ROWS), loaded=True)


# The client's one-to-one rows the card's sections show, read with the client (a query each less).
CARD_ROWS = ("ladder", "letter_opt_out", "owner__team__planner_settings")


def card_page(request: AuthedRequest, client: Client, *, loaded: bool = False, **extra: Any) -> HttpResponse:
    """The whole card; `loaded`: the client was read just now with CARD_ROWS; `extra` overrides a part of it
    (a refused form shown with its errors)."""
    # The ladder and the letters sections are on the page itself: as parts loaded after it, each cost a request.
    ladder = ladder_part(client, fresh=not loaded)
    context = card_context(client, ladder_level=ladder["card"].level)
    letters = {"letters": letter_listing.letters_of_client(client), **letter_listing.warnings(client)}
    return render(request, "clients/detail.html", {**context, **letters, "ladder": ladder, **extra})


def card_context(client: Client, *, ladder_level: Level | None = None) -> dict[str, Any]:
    """Everything the card and its htmx partials show, in a bounded number of queries."""
    if ladder_level is None:
        ladder_level = Level(ClientLadder.objects.filter(client=client).values_list("level", flat=True).first() or 1)
    timeline = selectors.client_timeline(client)
    settings = settings_read_with(client.owner.team)  # with the client when read with CARD_ROWS
    hung_up = None if client.category == Category.NEVER else selectors.card_hangup_warning(client, timeline, settings)
    return {
        "client": client,
        "next_step": selectors.card_next_step(client, timeline),
        "hung_up": hung_up,
        "moment": client_moment(client, timezone.now(), settings),
        "timeline": timeline,
        "interests": selectors.interest_names(client),
        "today": timezone.localdate(),
        "ladder_level": ladder_level,
        "category_form": CategoryForm(client=client),
    }


@login_required
@require_POST
def client_category(request: AuthedRequest, pk: int) -> HttpResponse:
    """CAT-2, CAT-4: change or correct the category from the card; htmx swaps the header with the new category and
    next step (and the timeline with its history row), or shows the refusal beside the field."""
    client = client_for_user(request.user, pk)
    form = CategoryForm(request.POST, client=client)
    if form.is_valid():
        try:
            client_flows.client_set_category(client=client, by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_error(form, error)
    changed = not form.errors
    if changed and not request.htmx:
        messages.success(request, _("Category changed."))
        return redirect("clients:detail", pk=pk)
    client = client_for_user(request.user, pk, with_team=True)
    refused: dict[str, Any] = {} if changed else {"category_form": form, "category_refused": True}
    if request.htmx:
        response = render(request, "clients/category_changed.html", {**card_context(client), **refused})
    else:
        response = card_page(request, client, **refused)
    # the card's coming year follows the new category
    return with_event(response, "kw:category-changed") if changed else response


@login_required
def client_create(request: AuthedRequest) -> HttpResponse:
    form = ClientForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            client = client_flows.client_create(by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Client created."))
            return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/form.html", {"form": form})


@login_required
def client_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    client = client_for_user(request.user, pk)
    form = ClientForm(request.POST or None, instance=client, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, client_flows.client_update, client=client, by=request.user)
    ):
        messages.success(request, _("Saved."))
        return redirect("clients:detail", pk=client.pk)
    return render(request, "clients/form.html", {"form": form, "client": client})


def _saved(form: ClientForm | OrganizationForm, update: Any, **target: Any) -> bool:
    """Run an update service with the version the user started from; errors land on the form."""
    try:
        update(expected_version=form.cleaned_data["version"] or 0, **target, **form.service_fields())
    except StaleEditError as error:
        add_service_error(form, error)
        form.stale = True
        return False
    except ValidationError as error:
        add_service_error(form, error)
        return False
    return True


@login_required
def organization_list(request: AuthedRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    organizations = organizations_visible_to(request.user).order_by("name", "id")
    organizations = selectors.organization_search(organizations, q=q)
    number = query_int(request.GET, "page", default=1, minimum=1, maximum=MAX_PAGE) or 1
    page = selectors.page_of(organizations, number=number, size=PAGE_SIZE)
    return render(request, "clients/organizations.html", {"page": page, "q": q})


@login_required
def organization_options(request: AuthedRequest) -> HttpResponse:
    """The client form's organization picker asks here as the user types (OWN-1: the team's organizations)."""
    return options_response(request, ORGANIZATION_PICKER, organizations_visible_to(request.user))


@login_required
def client_options(request: AuthedRequest) -> HttpResponse:
    """The deal and journal forms' client picker asks here as the user types (OWN-1: the clients they see)."""
    return options_response(request, CLIENT_PICKER, clients_visible_to(request.user))


@login_required
def organization_create(request: AuthedRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_create(by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Organization created."))
            return redirect("clients:organizations")
    return render(request, "clients/organization_form.html", {"form": form})


@login_required
def organization_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(organizations_visible_to(request.user), pk=pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, client_flows.organization_update, organization=organization, by=request.user)
    ):
        messages.success(request, _("Saved."))
        return redirect("clients:organizations")
    return render(request, "clients/organization_form.html", {"form": form, "organization": organization})
