"""Achievements journal pages (JOUR-1): searchable list, create and edit, tick off as reviewed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keepwarm.core.forms import run_service
from keepwarm.core.htmx import page_or_part
from keepwarm.core.requests import AuthedRequest
from keepwarm.journal import selectors, services
from keepwarm.journal.forms import EntryForm

LIST_LIMIT = 200


@login_required
def journal_list(request: AuthedRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    entries = selectors.journal_search(selectors.journal_visible_to(request.user), q=q)
    context = {"entries": entries.select_related("client", "author")[:LIST_LIMIT], "q": q}
    return page_or_part(request, "journal/list.html", context, part="entries", target="journal-entries")


@login_required
def journal_edit(request: AuthedRequest, pk: int | None = None) -> HttpResponse:
    entry = selectors.entry_for_user(request.user, pk) if pk else None
    initial = {"client": request.GET.get("client")} if request.GET.get("client", "").isdigit() else None
    form = EntryForm(request.POST or None, instance=entry, initial=initial, user=request.user)
    if request.method == "POST":
        if entry is None:
            saved = run_service(form, lambda: services.journal_create(by=request.user, **form.service_fields()))
        else:
            saved = run_service(
                form, lambda: services.journal_update(entry=entry, by=request.user, **form.service_fields())
            )
        if saved is not None:
            return redirect("journal:list")
    title = _("Edit journal entry") if entry else _("New journal entry")
    return render(request, "catalog/form.html", {"form": form, "title": title})


@login_required
@require_POST
def journal_review(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = services.journal_mark_reviewed(entry=selectors.entry_for_user(request.user, pk), by=request.user)
    if request.htmx:
        return render(request, "journal/list.html#entry", {"entry": entry})
    return redirect("journal:list")
