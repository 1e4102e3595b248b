"""Ladder pages: the card partial, suggestions to confirm, overrides report, privileges settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keepwarm.accounts.access import settings_team
from keepwarm.clients.access import client_for_user
from keepwarm.clients.models import Client
from keepwarm.core.forms import add_service_error
from keepwarm.core.htmx import page_or_part
from keepwarm.core.requests import AuthedRequest
from keepwarm.ladder import selectors, services
from keepwarm.ladder.forms import ConfirmForm, LadderForm, privileges_forms

OVERRIDES_PAGE = 50


def ladder_part(client: Client, *, fresh: bool = True) -> dict[str, Any]:
    """What the ladder partial shows: on the client card's page, and alone after a save or a confirmation.
    `fresh=False`: the client was read just now with its ladder row (select_related("ladder"))."""
    card = selectors.card_for(client, fresh=fresh)
    return {
        "card": card,
        "form": LadderForm(instance=card.row),
        "confirm": ConfirmForm(initial={"level": card.suggestion.level}),
    }


def _render(request: AuthedRequest, client: Client, **extra: object) -> HttpResponse:
    context = {**ladder_part(client), "client": client, **extra}
    return page_or_part(request, "ladder/card.html", context, part="ladder")


@login_required
def card(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET the card; POST what the manager judges (prospect's behaviour, confirmations, partnership)."""
    client = client_for_user(request.user, pk)
    if request.method != "POST":
        return _render(request, client)
    form = LadderForm(request.POST)
    if form.is_valid():
        try:
            services.ladder_update(client=client, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        return _render(request, client, form=form)
    return _render(request, client) if request.htmx else redirect("ladder:card", pk=pk)


@login_required
@require_POST
def confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    """LAD-6: the manager confirms the suggested move, from the card or the suggestions list."""
    client = client_for_user(request.user, pk)
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.ladder_confirm(client=client, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
    if request.htmx:
        return _render(request, client, **({"confirm": form} if form.errors else {}))
    for field_errors in form.errors.values():
        for message in field_errors:
            messages.error(request, str(message))
    if not form.errors:
        messages.success(request, _("Level confirmed."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(next_url)
    return redirect("ladder:card", pk=pk)


@login_required
def suggestions(request: AuthedRequest) -> HttpResponse:
    return render(request, "ladder/suggestions.html", {"rows": selectors.suggestions_for(request.user)})


@login_required
def overrides(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.overrides_visible_to(request.user), OVERRIDES_PAGE).get_page(request.GET.get("page"))
    return render(request, "ladder/overrides.html", {"page": page})


@login_required
def privileges_settings(request: AuthedRequest) -> HttpResponse:
    team = settings_team(request.user, request.GET.get("team"))
    forms = privileges_forms(selectors.team_privileges(team), request.POST or None)
    if request.method == "POST" and all(form.is_valid() for _level, form in forms):
        changes = {int(level): form.cleaned_data for level, form in forms if form.has_changed()}
        try:
            services.privileges_table_update(team=team, by=request.user, changes=changes)
        except ValidationError as error:
            add_service_error(forms[0][1], error)
        else:
            messages.success(request, _("Saved."))
            return redirect(request.get_full_path())
    return render(request, "ladder/privileges.html", {"forms": forms, "team": team})
