"""Letters pages: write and edit a letter, send it now or at the client's time, approve prepared ones (OWN-1).

Thin: every rule (who may be written to, when, what a template may say) is the letters services' and flows'.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from keepwarm.clients.access import client_for_user
from keepwarm.clients.models import Client
from keepwarm.core.forms import run_service
from keepwarm.core.params import bounded_int
from keepwarm.core.requests import AuthedRequest
from keepwarm.flows import letters as letter_flows
from keepwarm.flows.letters_writing import client_zone
from keepwarm.letters import kinds, listing, services
from keepwarm.letters.access import letter_for_user
from keepwarm.letters.forms import ApproveForm, LetterForm, TemplatePickForm
from keepwarm.letters.models import Letter, LetterKind
from keepwarm.touches.access import planned_touches_visible_to
from keepwarm.touches.models import PlannedTouch


def _zone(client: Client) -> str:
    return client_zone(client).key


def _next(request: AuthedRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if safe and target.startswith("/") else default


def _plan(request: AuthedRequest, client: Client) -> PlannedTouch | None:
    raw = request.GET.get("plan", "")
    if not raw:
        return None
    return planned_touches_visible_to(request.user).filter(client=client, pk=bounded_int(raw) or 0).first()


def _picked(request: AuthedRequest, client: Client, kind: str) -> tuple[TemplatePickForm, str, str]:
    """The kind and language the letter starts from: the ones asked for, else the planned touch's kind (or a free
    letter) in the client's language (LANG-1)."""
    initial = {"kind": kind, "language": services.letter_language(client)}
    pick = TemplatePickForm({**initial, **request.GET.dict()}, initial=initial)
    if pick.is_valid():
        return pick, pick.cleaned_data["kind"], pick.cleaned_data["language"]
    return pick, initial["kind"], initial["language"]


def _context(client: Client, form: LetterForm, *, kind: str, language: str, **extra: Any) -> dict[str, Any]:
    sales = kinds.is_sales(kind, extra.get("plan"))
    return {
        "client": client,
        "form": form,
        "kind": kind,
        "language": language,
        "zone": form.zone,
        "problems": listing.problem_texts(client, sales=sales),
        **extra,
    }


def _done(request: AuthedRequest, letter: Letter) -> HttpResponse:
    """Say what happened to the letter, then show it."""
    if letter.status == Letter.Status.DRAFT:
        messages.success(request, _("The draft is saved."))
    elif letter.status == Letter.Status.QUEUED and letter.send_at > timezone.now() + dt.timedelta(minutes=1):
        local = timezone.localtime(letter.send_at, client_zone(letter.client))
        messages.success(request, _("The letter will go at %(time)s, the client's time.") % {
            "time": formats.date_format(local, "SHORT_DATETIME_FORMAT")
        })  # fmt: skip
    else:
        messages.success(request, _("The letter is on its way."))
    return redirect("letters:detail", pk=letter.pk)


@login_required
def letter_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """Write a letter to the client: the template of the kind and language picked, filled in for this client."""
    client = client_for_user(request.user, pk)
    plan = _plan(request, client)
    planned = kinds.kind_for_plan(plan) if plan is not None else kinds.PlannedKind(LetterKind.FREE)
    pick, kind, language = _picked(request, client, planned.kind)
    holiday = planned.holiday if kind == planned.kind else ""
    prefill = listing.prefill(client=client, kind=kind, language=language, holiday=holiday)
    initial = {"subject": prefill.subject, "body": prefill.text}
    form = LetterForm(request.POST or None, initial=initial, time_zone=_zone(client))
    if request.method == "POST":
        letter = run_service(
            form,
            lambda: letter_flows.letter_compose(
                by=request.user, client=client, kind=kind, language=language, planned_touch=plan, holiday=holiday,
                subject=form.cleaned_data["subject"], body=form.cleaned_data["body"], send_at=form.when,
                draft=form.draft,
            ),
        )  # fmt: skip
        if letter is not None:
            return _done(request, letter)
    context = _context(client, form, kind=kind, language=language, pick=pick, plan=plan)
    return render(request, "letters/compose.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def letter_preview(request: AuthedRequest, pk: int) -> HttpResponse:
    """The letter as the client will see it, while it is written (htmx)."""
    client = client_for_user(request.user, pk)
    language = request.POST.get("language", "")
    rendered = listing.preview(
        client=client,
        subject=request.POST.get("subject", "")[:250],
        body=request.POST.get("body", "")[:20000],
        language=language if language in dict(TemplatePickForm.base_fields["language"].choices) else "",  # type: ignore[attr-defined]
    )
    return render(request, "letters/_preview.html", {"rendered": rendered})


@login_required
@require_POST
def letter_for_plan(request: AuthedRequest, plan_pk: int) -> HttpResponse:
    """Today's "Write" on a planned letter: that letter, filled in, in the client's language."""
    plan = get_object_or_404(planned_touches_visible_to(request.user).select_related("client"), pk=plan_pk)
    try:
        letter = letter_flows.letter_for_plan(by=request.user, planned_touch=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_next(request, reverse("home")))
    return redirect("letters:detail", pk=letter.pk)


@login_required
def letter_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A letter: editable while it waits (a draft, or queued for later), else as it stands in the outbox."""
    letter = letter_for_user(request.user, pk)
    client = letter.client
    editable = letter.status in letter_flows.EDITABLE and request.user.pk == letter.owner_id
    initial = {
        "subject": letter.subject,
        "body": letter.body_text,
        "send_at": timezone.localtime(letter.send_at, client_zone(client)).replace(tzinfo=None),
        "action": LetterForm.DRAFT if letter.status == Letter.Status.DRAFT else LetterForm.SEND,
    }
    form = LetterForm(request.POST or None, initial=initial, time_zone=_zone(client))
    if request.method == "POST" and editable:
        saved = run_service(form, lambda: _save(request, letter, form))
        if saved is not None:
            return _done(request, saved)
    context = _context(
        client, form, kind=letter.kind, language=letter.language, plan=letter.planned_touch, letter=letter,
        editable=editable, reason=listing.failure_text(letter),
    )  # fmt: skip
    return render(request, "letters/detail.html", context, status=400 if form.errors else 200)


def _save(request: AuthedRequest, letter: Letter, form: LetterForm) -> Letter:
    data = form.cleaned_data
    letter = letter_flows.letter_update(
        by=request.user, letter=letter, subject=data["subject"], body=data["body"], send_at=form.when
    )
    if form.draft:
        return letter
    return letter_flows.letter_send(by=request.user, letter=letter, send_at=form.when)


@login_required
@require_POST
def letter_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    letter = letter_for_user(request.user, pk)
    try:
        letter_flows.letter_cancel(by=request.user, letter=letter)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The letter is cancelled."))
    return redirect(_next(request, reverse("letters:detail", args=[letter.pk])))


@login_required
def letter_sent(request: AuthedRequest, pk: int) -> HttpResponse:
    """The message as it was sent: its headers, and its text and HTML parts (the HTML in a sandboxed frame)."""
    letter = letter_for_user(request.user, pk)
    context = {"letter": letter, "message": listing.message_parts(letter.sent_message)}
    return render(request, "letters/sent.html", context, status=200 if letter.sent_message else 404)


@login_required
def outbox_list(request: AuthedRequest) -> HttpResponse:
    """The outbox: the reader's letters (a lead's team's, an admin's all) by status, client and day."""
    form, page = listing.outbox_page(request.user, request.GET)
    rows = [(letter, listing.failure_text(letter)) for letter in page.rows]
    context = {"form": form, "page": page, "rows": rows, "counts": listing.status_counts(request.user)}
    return render(request, "letters/outbox.html", context, status=400 if form.errors else 200)


@login_required
def today_drafts(request: AuthedRequest) -> HttpResponse:
    """Today's prepared letters awaiting approval (loaded into Today)."""
    drafts = listing.drafts_awaiting(request.user)
    # A letter whose planned time has passed goes when it is approved (flows.letters.letters_approve).
    return render(request, "letters/_today_drafts.html", {"drafts": drafts, "now": timezone.now()})


@login_required
@require_POST
def letters_approve(request: AuthedRequest) -> HttpResponse:
    """Approve the ticked prepared letters: each goes at its planned slot (the service checks every one)."""
    form = ApproveForm(request.POST)
    approved = run_service(
        form, lambda: letter_flows.letters_approve(by=request.user, letter_ids=form.cleaned_data["letters"])
    )
    if approved is None:
        for error in form.errors.get("letters", []) + list(form.non_field_errors()):
            messages.error(request, str(error))
    else:
        count = len(approved)
        messages.success(request, ngettext("%(count)d letter approved.", "%(count)d letters approved.", count) % {
            "count": count
        })  # fmt: skip
        if left := len(set(form.cleaned_data["letters"])) - count:
            text = ngettext("%(count)d letter cannot go now: open it to see why.",
                            "%(count)d letters cannot go now: open them to see why.", left)  # fmt: skip
            messages.warning(request, text % {"count": left})
    return redirect(_next(request, reverse("home")))
