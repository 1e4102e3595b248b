"""Deal board (SALE-1), an organization's people (CORP-1) and the corporate grid."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keepwarm.clients.access import organizations_visible_to
from keepwarm.core.forms import run_service
from keepwarm.core.htmx import page_or_part
from keepwarm.core.requests import AuthedRequest
from keepwarm.deals import selectors, services
from keepwarm.deals.forms import AssessmentForm, DealForm, MoveForm
from keepwarm.deals.models import OrganizationAssessment


@login_required
def deal_board(request: AuthedRequest) -> HttpResponse:
    return render(request, "deals/board.html", {"columns": selectors.deal_board(request.user)})


@login_required
def deal_create(request: AuthedRequest) -> HttpResponse:
    initial = {"client": request.GET.get("client")} if request.GET.get("client", "").isdigit() else None
    form = DealForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST":
        deal = run_service(form, lambda: services.deal_create(by=request.user, **form.service_fields()))
        if deal is not None:
            return redirect("deals:board")
    return render(request, "catalog/form.html", {"form": form, "title": _("New deal")})


@login_required
@require_POST
def deal_move(request: AuthedRequest, pk: int) -> HttpResponse:
    deal = selectors.deal_for_user(request.user, pk)
    form = MoveForm(request.POST)
    action = request.POST.get("action", "move")
    error = ""
    try:
        if action in ("won", "lost"):
            services.deal_close(deal=deal, by=request.user, won=action == "won")
        elif form.is_valid():
            services.deal_move(deal=deal, by=request.user, stage=form.cleaned_data["stage"])
    except ValidationError as refused:
        error = " ".join(refused.messages)
    if request.htmx:  # the refusal on the board itself (htmx swaps only a 2xx): a message would wait for the next page
        context = {"columns": selectors.deal_board(request.user), "error": error}
        return render(request, "deals/board.html#board", context)
    if error:
        messages.error(request, error)
    return redirect("deals:board")


@login_required
def organization_people(request: AuthedRequest, pk: int) -> HttpResponse:
    """CORP-1: the people and their decision roles, a warning without a decision-maker, and the grid cell."""
    organization = get_object_or_404(organizations_visible_to(request.user), pk=pk)
    assessment = OrganizationAssessment.objects.filter(organization=organization).first()
    form = AssessmentForm(request.POST or None, instance=assessment)
    if request.method == "POST":
        saved = run_service(
            form,
            lambda: services.organization_assess(organization=organization, by=request.user, **form.cleaned_data),
        )
        if saved is not None:
            assessment = saved
    context = {
        "organization": organization,
        "people": selectors.organization_people(organization, user=request.user),
        "has_decision_maker": selectors.has_decision_maker(organization),
        "assessment": assessment,
        "form": form,
    }
    return page_or_part(request, "deals/people.html", context, part="people")


@login_required
def corporate_grid(request: AuthedRequest) -> HttpResponse:
    return render(request, "deals/grid.html", {"grid": selectors.corporate_grid(request.user)})
