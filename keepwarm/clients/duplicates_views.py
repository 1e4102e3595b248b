"""The duplicates page and the merge's confirmation (OWN-1: only clients the user manages)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from keepwarm.clients.access import client_for_user
from keepwarm.clients.duplicates import duplicate_pairs
from keepwarm.clients.models import Client
from keepwarm.core.params import query_int
from keepwarm.core.requests import AuthedRequest
from keepwarm.flows.merge import clients_merge, merge_check


@login_required
def duplicates(request: AuthedRequest) -> HttpResponse:
    return render(request, "clients/duplicates.html", {"pairs": duplicate_pairs(user=request.user)})


@login_required
def merge(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET shows both cards and asks which one stays; POST merges the other one into it."""
    source = request.POST if request.method == "POST" else request.GET
    other_pk = query_int(source, "other", default=None, minimum=1)
    survivor = client_for_user(request.user, pk)
    other = client_for_user(request.user, other_pk or 0)
    try:
        if request.method == "POST":
            clients_merge(survivor=survivor, other=other, by=request.user)
            messages.success(request, _("Merged: everything of the duplicate is now on this card."))
            return redirect("clients:detail", pk=survivor.pk)
        merge_check(survivor=survivor, other=other, by=request.user)
    except ValidationError as problem:
        context = {"choices": [], "error": " ".join(problem.messages)}
        return render(request, "clients/merge.html", context, status=400)
    # What each card holds, so the user keeps the one with the history rather than guessing.
    held = {
        row["pk"]: row
        for row in Client.objects.filter(pk__in=[survivor.pk, other.pk])
        .annotate(touch_count=Count("touches", distinct=True), deal_count=Count("deals", distinct=True))
        .values("pk", "touch_count", "deal_count")
    }
    choices = [(survivor, other, held[survivor.pk]), (other, survivor, held[other.pk])]
    return render(request, "clients/merge.html", {"choices": choices})
