"""Scorecard pages (a card partial via htmx, or a page) and the profile settings: access -> form -> service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keepwarm.accounts import access
from keepwarm.clients.access import client_for_user
from keepwarm.clients.models import Client
from keepwarm.core.forms import add_service_error
from keepwarm.core.htmx import page_or_part
from keepwarm.core.requests import AuthedRequest
from keepwarm.flows import qualification as qualification_flows
from keepwarm.flows import teams as team_flows
from keepwarm.qualification import selectors, services
from keepwarm.qualification.forms import MarkForm, ProfileForm, ReasonForm
from keepwarm.qualification.scorecards import profile_row


def _render(request: AuthedRequest, client: Client, **extra: object) -> HttpResponse:
    """The same block is the whole page's body and the htmx swap (django-template-partials)."""
    context = {"card": selectors.scorecard_for(client), "client": client, "reason_form": ReasonForm(), **extra}
    return page_or_part(request, "qualification/scorecard.html", context, part="scorecard")


@login_required
def scorecard(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render(request, client_for_user(request.user, pk))


@login_required
@require_POST
def scorecard_mark(request: AuthedRequest, pk: int, number: int) -> HttpResponse:
    client = client_for_user(request.user, pk)
    form = MarkForm(request.POST)
    errors: dict[int, list[str]] = {}
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["on"]:
                services.indicator_mark(
                    client=client,
                    by=request.user,
                    number=number,
                    marked_on=data["marked_on"] or form.fields["marked_on"].initial,
                    evidence=data["evidence"],
                )
            else:
                services.indicator_unmark(client=client, by=request.user, number=number)
        except ValidationError as error:
            errors[number] = error.messages
    else:
        errors[number] = [str(message) for field_errors in form.errors.values() for message in field_errors]
    if not request.htmx:
        return redirect("qualification:scorecard", pk=pk)
    return _render(request, client, errors=errors)


@login_required
@require_POST
def disqualification(request: AuthedRequest, pk: int, undo: bool = False) -> HttpResponse:
    """QUAL-4: confirm a suggested disqualification, or undo one (re-qualify)."""
    client = client_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        service = qualification_flows.disqualification_undo if undo else qualification_flows.disqualification_confirm
        try:
            service(client=client, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_error(form, error)
    if not request.htmx:
        return redirect("qualification:scorecard", pk=pk)
    return _render(request, client, reason_form=form if form.errors else ReasonForm())


@login_required
def profile_settings(request: AuthedRequest) -> HttpResponse:
    team = access.settings_team(request.user, request.GET.get("team"))
    form = ProfileForm(request.POST or None, instance=profile_row(team))
    if request.method == "POST" and form.is_valid():
        try:
            team_flows.profile_update(team=team, by=request.user, **form.changed_values())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved. The team's scorecards are being recomputed."))
            return redirect(request.get_full_path())
    return render(request, "qualification/profile.html", {"form": form, "team": team})
