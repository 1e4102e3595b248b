"""Today: the overdue contacts on top, then the day's, best moment first, each part paged; with CAT-7 volume."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from keepwarm.accounts import access
from keepwarm.core.params import bounded_int
from keepwarm.core.requests import AuthedRequest
from keepwarm.journal.selectors import journal_review_due
from keepwarm.planner.agenda import AgendaPage, agenda_for, volume_for

# Overdue ones stay on top but a few at a time, so they never push the day's contacts off the screen; the day
# shows a manager's whole day (a lead's team day pages on). Either part has "show more".
PAGE_SIZES = {"overdue": 10, "due": 40}
MAX_SHOWN = 1000  # ids a "show more" may carry: an address of at most about 8 KB, which servers accept
UNREADABLE_ROWS = gettext_lazy("This list of rows cannot be read; showing the first ones.")


def _shown(raw: str) -> list[int] | None:
    """The plans already on the screen, as "show more" sends them ("12,15,19"); None when that is not what came."""
    ids = raw.split(",") if raw else []
    if len(ids) > MAX_SHOWN:
        return None
    numbers = [bounded_int(part, minimum=1) for part in ids]
    return None if None in numbers else [number for number in numbers if number is not None]


def _more_url(part: str, page: AgendaPage, shown: list[int]) -> str:
    """The next rows of one part leave out every row shown so far, so logging some first skips none."""
    if not page.remaining:
        return ""
    ids = [*shown, *(item.planned.pk for item in page.items)]
    return "?" + urlencode({"more": part, "shown": ",".join(map(str, ids))}, safe=",")


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    part = request.GET.get("more", "")
    shown = _shown(request.GET.get("shown", "")) if part in PAGE_SIZES else []
    if request.htmx and part in PAGE_SIZES:
        if shown is None:
            return HttpResponseBadRequest(str(UNREADABLE_ROWS))
        return _more(request, part, shown)
    status = 200
    if shown is None or (part and part not in PAGE_SIZES):
        messages.error(request, str(UNREADABLE_ROWS))
        status, part, shown = 400, "", []
    volume = volume_for(request.user, day=today)
    agenda = agenda_for(
        request.user,
        day=today,
        overdue=slice(0, PAGE_SIZES["overdue"]),
        due=slice(0, PAGE_SIZES["due"]),
        counts=volume,
        shown=shown or (),
    )
    context = {
        "agenda": agenda,
        "more_urls": {
            "overdue": _more_url("overdue", agenda.overdue, shown if part == "overdue" else []),
            "due": _more_url("due", agenda.due, shown if part == "due" else []),
        },
        "volume": volume,
        "journal_review_due": journal_review_due(request.user, today),
        "show_owner": access.can_reassign(request.user),
        "today": today,
    }
    return render(request, "planner/today.html", context, status=status)


def _more(request: AuthedRequest, part: str, shown: list[int]) -> HttpResponse:
    """The next rows of one part, swapped in for its "show more" row (htmx)."""
    today = timezone.localdate()
    empty, size = slice(0, 0), slice(0, PAGE_SIZES[part])
    agenda = agenda_for(
        request.user,
        day=today,
        overdue=size if part == "overdue" else empty,
        due=size if part == "due" else empty,
        shown=shown,
    )
    page = agenda.overdue if part == "overdue" else agenda.due
    context = {
        "page": page,
        "part": part,
        "more_url": _more_url(part, page, shown),
        "show_owner": access.can_reassign(request.user),
        "today": today,
    }
    return render(request, "planner/today.html#part-rows", context)
