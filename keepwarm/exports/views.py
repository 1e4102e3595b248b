"""Downloads from the web pages: the client list with its filters, a client's timeline, a team's full export."""

from __future__ import annotations

import zoneinfo

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients.access import client_for_user
from keepwarm.clients.forms import ClientFilterForm
from keepwarm.clients.selectors import ClientFilters
from keepwarm.core.error_pages import refusal_page
from keepwarm.core.requests import AuthedRequest
from keepwarm.exports import clients, responses, team, timeline

FILE_PARAMETERS = ("format", "delimiter")


def client_list_export(user: User, filters: ClientFilters, *, fmt: str, delimiter: str) -> HttpResponseBase:
    """Shared with the API: the list's clients (OWN-1, the same filters) as a file."""
    queryset = clients.clients_exported(user=user, filters=filters, today=timezone.localdate())
    export = responses.Export(
        name="clients",
        header=clients.headers(),
        rows=lambda: clients.rows(queryset),
        cards=lambda: clients.vcards(queryset),
    )
    return responses.response(export, fmt=fmt, delimiter=delimiter, zone=zoneinfo.ZoneInfo(user.time_zone))


@login_required
def clients_export(request: AuthedRequest) -> HttpResponseBase:
    """The client list's "Export": the filters of the page it was pressed on, in the chosen format. A wrong
    filter is refused, as the API refuses it: the list leaves it out and says so, a file of all the clients would
    pass for the filtered list."""
    form = ClientFilterForm(request.GET, user=request.user)
    problems = [f"{label}: {message}" for label, message in form.filter_errors()]
    try:
        fmt, delimiter = responses.parsed(
            request.GET.get("format", "csv"), request.GET.get("delimiter", ""), formats=("csv", "xlsx", "vcf")
        )
    except ValidationError as error:
        problems = [*error.messages, *problems]
    if problems:
        query = request.GET.copy()
        for name in FILE_PARAMETERS:
            query.pop(name, None)
        back = f"{reverse('clients:list')}?{query.urlencode()}" if query else reverse("clients:list")
        return refusal_page(request, problems, back=back, back_label=_("Back to the client list"))
    return client_list_export(request.user, form.filters(), fmt=fmt, delimiter=delimiter)


def timeline_export(client_pk: int | str, user: User, *, fmt: str, delimiter: str) -> HttpResponseBase:
    client = client_for_user(user, client_pk)
    export = responses.Export(
        name=f"client-{client.pk}-timeline", header=timeline.headers(), rows=lambda: timeline.rows(client)
    )
    return responses.response(export, fmt=fmt, delimiter=delimiter, zone=zoneinfo.ZoneInfo(user.time_zone))


@login_required
def client_timeline_export(request: AuthedRequest, pk: int) -> HttpResponseBase:
    try:
        fmt, delimiter = responses.parsed(request.GET.get("format", "csv"), request.GET.get("delimiter", ""))
    except ValidationError as error:
        back = reverse("clients:detail", args=[pk])
        return refusal_page(request, error.messages, back=back, back_label=_("Back to the client"))
    return timeline_export(pk, request.user, fmt=fmt, delimiter=delimiter)


def team_zip(team_pk: int | str, user: User) -> HttpResponseBase:
    """OWN-1: an admin exports any team, a team lead their own; anyone else is refused."""
    if not access.can_reassign(user):
        raise PermissionDenied
    exported = get_object_or_404(access.teams_editable_by(user), pk=team_pk)
    filename = f"keepwarm-team-{exported.pk}-{timezone.localdate().isoformat()}.zip"
    return responses.streamed(team.zip_chunks(exported), content_type="application/zip", filename=filename)


@login_required
def team_exports(request: AuthedRequest) -> HttpResponse:
    """The page of full exports: the teams the user may take out."""
    if not access.can_reassign(request.user):
        raise PermissionDenied
    return render(request, "exports/team.html", {"teams": access.teams_editable_by(request.user).order_by("name")})


@login_required
def team_export(request: AuthedRequest, pk: int) -> HttpResponseBase:
    return team_zip(pk, request.user)
