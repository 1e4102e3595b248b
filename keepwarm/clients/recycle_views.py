"""Pages of the recycle bin and of "forget this person": a confirmation, then the flow; leads and admins only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from keepwarm.accounts import access
from keepwarm.clients.access import (
    client_for_user,
    clients_in_bin_visible_to,
    organizations_in_bin_visible_to,
    organizations_visible_to,
)
from keepwarm.clients.binnable import RECYCLE_DAYS
from keepwarm.core.requests import AuthedRequest
from keepwarm.flows import recycle


@dataclass(frozen=True)
class Confirmation:
    question: str
    warning: str
    button: str
    cancel_url: str
    danger: bool = False


def _check_allowed(request: AuthedRequest) -> None:
    if not access.can_use_recycle_bin(request.user):
        raise PermissionDenied(recycle.NOT_ALLOWED_MESSAGE)


def _confirm_then(
    request: AuthedRequest, confirmation: Confirmation, act: Callable[[], object], *, done: str, then: str
) -> HttpResponse:
    """GET asks; POST acts. A refusal from the flow (say, already erased) is shown on the page, never a 500."""
    _check_allowed(request)
    if request.method == "POST":
        try:
            act()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
            return redirect(then)
    return render(request, "clients/confirm.html", {"confirmation": confirmation})


@login_required
def client_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    client = client_for_user(request.user, pk)
    confirmation = Confirmation(
        question=_("Move %(name)s to the recycle bin?") % {"name": client.full_name},
        warning=_(
            "Nobody will see this client or be asked to contact them. A team lead or an admin can restore them "
            "with all their history for %(days)s days; after that they are deleted for good."
        )
        % {"days": RECYCLE_DAYS},
        button=_("Move to the recycle bin"),
        cancel_url=reverse("clients:detail", args=[client.pk]),
    )
    act = partial(recycle.client_delete, client=client, by=request.user)
    done = _("%(name)s is in the recycle bin.") % {"name": client.full_name}
    return _confirm_then(request, confirmation, act, done=done, then=reverse("clients:list"))


@login_required
def client_forget(request: AuthedRequest, pk: int) -> HttpResponse:
    client = client_for_user(request.user, pk)
    confirmation = Confirmation(
        question=_("Erase the personal data of %(name)s?") % {"name": client.full_name},
        warning=_(
            "For a request to be forgotten: the name, phones, e-mails, birthday, notes, interests, answers and the "
            "notes of every contact are erased and cannot be brought back. The client becomes “Never” (contact "
            "gone); the contacts, orders and deals stay as anonymous counts in reports."
        ),
        button=_("Erase for good"),
        cancel_url=reverse("clients:detail", args=[client.pk]),
        danger=True,
    )
    act = partial(recycle.client_forget, client=client, by=request.user)
    done = _("The personal data is erased.")
    return _confirm_then(request, confirmation, act, done=done, then=reverse("clients:detail", args=[client.pk]))


@login_required
def organization_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = organizations_visible_to(request.user).filter(pk=pk).first()
    if organization is None:
        raise Http404
    people = organization.people.count()
    confirmation = Confirmation(
        question=_("Move %(name)s to the recycle bin?") % {"name": organization.name},
        warning=ngettext(
            "Its %(people)s person goes with it. A team lead or an admin can restore them together for %(days)s "
            "days; after that they are deleted for good.",
            "Its %(people)s people go with it. A team lead or an admin can restore them together for %(days)s "
            "days; after that they are deleted for good.",
            people,
        )
        % {"people": people, "days": RECYCLE_DAYS},
        button=_("Move to the recycle bin"),
        cancel_url=reverse("clients:organization-edit", args=[organization.pk]),
    )
    act = partial(recycle.organization_delete, organization=organization, by=request.user)
    done = _("%(name)s is in the recycle bin.") % {"name": organization.name}
    return _confirm_then(request, confirmation, act, done=done, then=reverse("clients:organizations"))


@login_required
def recycle_bin(request: AuthedRequest) -> HttpResponse:
    _check_allowed(request)
    user = request.user
    clients = clients_in_bin_visible_to(user).select_related("deleted_by", "organization")
    organizations = organizations_in_bin_visible_to(user).select_related("deleted_by")
    context = {
        "clients": clients.order_by("-deleted_at")[: recycle.BIN_LISTED],
        "organizations": organizations.order_by("-deleted_at")[: recycle.BIN_LISTED],
        "days": RECYCLE_DAYS,
    }
    return render(request, "clients/recycle_bin.html", context)


def _restore(request: AuthedRequest, act: Callable[[], object], done: str) -> HttpResponse:
    try:
        act()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("clients:recycle-bin")


@login_required
@require_POST
def client_restore(request: AuthedRequest, pk: int) -> HttpResponse:
    _check_allowed(request)
    client = clients_in_bin_visible_to(request.user).filter(pk=pk).first()
    if client is None:
        raise Http404
    act = partial(recycle.client_restore, client=client, by=request.user)
    return _restore(request, act, _("%(name)s is back, with a new next step.") % {"name": client.full_name})


@login_required
@require_POST
def organization_restore(request: AuthedRequest, pk: int) -> HttpResponse:
    _check_allowed(request)
    organization = organizations_in_bin_visible_to(request.user).filter(pk=pk).first()
    if organization is None:
        raise Http404
    act = partial(recycle.organization_restore, organization=organization, by=request.user)
    return _restore(request, act, _("%(name)s is back with its people.") % {"name": organization.name})
