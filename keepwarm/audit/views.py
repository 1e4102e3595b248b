"""The card's "Changes" section, loaded when opened (it costs nothing until then)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from keepwarm.audit.selectors import change_rows, changes_for
from keepwarm.clients.access import client_for_user, organizations_visible_to
from keepwarm.core.requests import AuthedRequest


@login_required
def client_changes(request: AuthedRequest, pk: int) -> HttpResponse:
    client = client_for_user(request.user, pk)
    return render(request, "audit/changes.html", {"rows": change_rows(changes_for(client_id=client.pk))})


@login_required
def organization_changes(request: AuthedRequest, pk: int) -> HttpResponse:
    if not organizations_visible_to(request.user).filter(pk=pk).exists():
        raise Http404
    return render(request, "audit/changes.html", {"rows": change_rows(changes_for(organization_id=pk))})
