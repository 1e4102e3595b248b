"""Logging a touch from the card, a list row or Today: a dialog form whose fields follow the outcome."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keepwarm.accounts import access
from keepwarm.clients import selectors
from keepwarm.clients.access import client_for_user, clients_visible_to
from keepwarm.clients.models import Client
from keepwarm.clients.views import card_context, card_page
from keepwarm.core.forms import add_service_error
from keepwarm.core.htmx import page_or_part, with_event
from keepwarm.core.params import query_id
from keepwarm.core.requests import AuthedRequest
from keepwarm.flows.plans import planned_touch_reschedule
from keepwarm.flows.touches import TouchResult, client_log_touch
from keepwarm.planner.agenda import volume_for
from keepwarm.touches.access import planned_touches_visible_to
from keepwarm.touches.forms import MoveForm, TouchForm
from keepwarm.touches.models import PlannedTouch
from keepwarm.touches.selectors import open_next_step

CONTEXTS = {"card", "list", "today", "page"}


def _initial(client: Client, params: QueryDict) -> dict[str, Any]:
    """Start from the planned touch being done (Today) or the client's next step: fewer keystrokes."""
    initial: dict[str, Any] = {"outcome": params.get("outcome", "")}
    planned = None
    if (planned_id := query_id(params, "planned")) is not None:
        planned = PlannedTouch.objects.filter(client=client, pk=planned_id, status="open").first()
        initial["planned_touch"] = planned.pk if planned is not None else None
    defaults = planned or open_next_step(client)
    if defaults is not None:
        initial.update(channel=defaults.channel, goal=defaults.goal)
    return initial


@login_required
def touch_log(request: AuthedRequest, pk: int) -> HttpResponse:
    client = client_for_user(request.user, pk)
    params = request.POST if request.method == "POST" else request.GET
    where = str(params.get("context", ""))
    where = where if where in CONTEXTS else "page"
    if request.method == "POST":
        form = TouchForm(request.POST, client_id=client.pk)
        if form.is_valid():
            try:
                result = client_log_touch(client=client, by=request.user, **form.touch_fields())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                return _logged(request, result, where, form.cleaned_data.get("planned_touch"))
    else:
        form = TouchForm(initial=_initial(client, request.GET), client_id=client.pk)
    context = {"form": form, "client": client, "where": where}
    return page_or_part(request, "touches/log.html", context, part="dialog")


@login_required
def touch_outcome_fields(request: AuthedRequest, pk: int) -> HttpResponse:
    """The outcome's own fields, swapped in when the outcome changes (hx-get)."""
    client = client_for_user(request.user, pk)
    form = TouchForm(initial=request.GET.dict(), client_id=client.pk)
    return render(request, "touches/log.html#outcome-fields", {"form": form, "client": client})


def _logged(request: AuthedRequest, result: TouchResult, where: str, plan: PlannedTouch | None) -> HttpResponse:
    """Close the dialog and swap in what changed: the card header and timeline, the list row or Today's row.

    The confirmation names the new next step and why it sits there (TACT-7), where the manager is looking: in the
    dialog, and on Today in place of the row done."""
    pk = result.client.pk
    if not request.htmx:
        messages.success(request, _("Touch logged."))
        return redirect("clients:detail", pk=pk)
    client = client_for_user(request.user, pk)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "client": client,
        "where": where,
        "plan": plan if where == "today" else None,
        "result": result,
        "today": today,
    }
    if where == "today" and plan is not None:  # the row leaves Today: the counts on the page (CAT-7) follow
        context.update(
            volume=volume_for(request.user, day=today),
            was_overdue=plan.due_date < today,
            show_owner=access.can_reassign(request.user),
        )
    if where == "card":
        context.update(card_context(client))
    elif where == "list":
        visible = clients_visible_to(request.user).select_related("organization", "owner")
        context["row"] = selectors.with_next_step(visible.filter(pk=pk)).get()
        context.update(can_reassign=access.can_reassign(request.user))
    return with_event(render(request, "touches/logged.html", context), "kw:touch-logged")


@login_required
@require_POST
def planned_move(request: AuthedRequest, pk: int) -> HttpResponse:
    """Move a planned contact from the card (TACT-7); htmx swaps the card header with the moved step and why."""
    planned = get_object_or_404(planned_touches_visible_to(request.user), pk=pk, status="open")
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            planned_touch_reschedule(planned=planned, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
    moved = not form.errors
    if moved and not request.htmx:
        messages.success(request, _("Planned contact moved."))
        return redirect("clients:detail", pk=planned.client_id)
    client = client_for_user(request.user, planned.client_id)
    # On an error the card shows it beside the field (the whole card without JavaScript, its header with htmx).
    if not request.htmx:
        return card_page(request, client, move_form=None if moved else form)
    context = {**card_context(client), "move_form": None if moved else form}
    response = render(request, "touches/moved.html", context)
    return with_event(response, "kw:touch-moved") if moved else response
