"""Writing letters (issue 10): compose from a template in the client's language (LANG-1), the planned letter of
Today, edit, send now or at a time in the client's zone (TIME-1), cancel, approve, and the courtesy letters KeepWarm
prepares for the coming day (LET-1, POST-5). Delivery and the touch a sent letter logs are flows.letters_outbox's.

A letter never closes or replaces a planned touch here: the client keeps its next step whatever is composed or
cancelled (CAT-5); the outbox logs the touch when the letter is sent, which closes it and re-plans.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.catalog.models import Product
from keepwarm.clients.access import clients_visible_to
from keepwarm.clients.models import Client
from keepwarm.core.l10n import Language
from keepwarm.flows.letters_courtesy import courtesy_letters_prepare
from keepwarm.flows.letters_outbox import queue_delivery
from keepwarm.flows.letters_writing import (
    Draft,
    client_day,
    greeting_day_passed,
    letter_row,
    next_working_moment,
    planned_letter,
    send_moment,
    written,
)
from keepwarm.letters import rendering, services
from keepwarm.letters.access import letters_visible_to
from keepwarm.letters.kinds import is_sales
from keepwarm.letters.models import Letter, LetterKind, LetterTemplate
from keepwarm.planner.calendars import GREETING_KEYS
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch

__all__ = [
    "courtesy_letters_prepare", "letter_cancel", "letter_compose", "letter_for_plan", "letter_send", "letter_update",
    "letters_approve",
]  # fmt: skip
logger = logging.getLogger(__name__)
Status = Letter.Status
EDITABLE = frozenset({Status.DRAFT, Status.QUEUED})
SENDABLE = frozenset({Status.DRAFT, Status.QUEUED, Status.FAILED})
CANCELLABLE = SENDABLE


def _check_client(by: User, client: Client) -> None:
    """OWN-1: a manager writes to their own clients only (a lead to the team's, an admin to all)."""
    if not clients_visible_to(by).filter(pk=client.pk).exists():
        raise PermissionDenied(_("You can only write to your own clients."))


def _compose_errors(
    client: Client, kind: str, language: str, template: LetterTemplate | None, planned: PlannedTouch | None,
    product: Product | None, holiday: str,
) -> dict[str, list[str]]:  # fmt: skip
    errors: dict[str, list[str]] = {}
    team_id = client.owner.team_id
    if kind not in LetterKind.values:
        errors["kind"] = [_("Choose a kind of letter.")]
    if language not in Language.values:
        errors["language"] = [_("Choose Russian, Romanian or English.")]
    if template is not None and template.team_id != team_id:
        errors["template"] = [_("Choose one of your team's templates.")]
    if planned is not None and (planned.client_id != client.pk or planned.status != PlanStatus.OPEN):
        errors["planned_touch"] = [_("Choose an open planned contact of this client.")]
    if product is not None and product.team_id != team_id:
        errors["product"] = [_("Choose a product of your team's catalog.")]
    if holiday and holiday not in GREETING_KEYS:
        errors["holiday"] = [_("Choose one of the greeting days.")]
    return errors


@transaction.atomic
def letter_compose(
    *,
    by: User,
    client: Client,
    kind: str,
    template: LetterTemplate | None = None,
    subject: str | None = None,
    body: str | None = None,
    language: str | None = None,
    send_at: dt.datetime | None = None,
    planned_touch: PlannedTouch | None = None,
    product: Product | None = None,
    holiday: str = "",
    draft: bool = False,
    years: int | None = None,
) -> Letter:
    """A letter to the client from a template (the team's, else KeepWarm's) or from the given subject and body
    (placeholders are filled in either way), in the client's language unless told otherwise; queued to go now or
    at `send_at`, or kept as a draft. A field error names whatever stops it (LANG-1, ANNOY-1, do-not-contact).
    `years`: an organization anniversary's, when not counted from its founding date."""
    _check_client(by, client)
    language = language or services.letter_language(client)
    errors = _compose_errors(client, kind, language, template, planned_touch, product, holiday)
    if errors:
        raise ValidationError(errors)
    chosen = template or services.template_for(client.owner.team, kind, language, holiday=holiday)
    draft_of = Draft(
        client=client, kind=kind, language=language, template=chosen,
        subject=chosen.subject if subject is None else subject, body=chosen.body if body is None else body,
        moment=send_moment(client, send_at), product=product, holiday=holiday, years=years, planned=planned_touch,
    )  # fmt: skip
    text = written(draft_of)
    local_day = client_day(client, draft_of.moment)
    problems = services.letter_problems(client, sales=is_sales(kind, planned_touch), on=local_day)
    if draft:  # ANNOY-1 is asked again when the draft is sent
        problems = [code for code in problems if code != "too_often"]
    if problems:
        raise services.problems_error(client, problems)
    letter = letter_row(
        draft_of, text, by=by, recipient=services.letter_recipient(client), queued=not draft, auto=False
    )
    services.letters_create([letter])
    if letter.status == Status.QUEUED:
        queue_delivery(letter)
    return letter


@transaction.atomic
def letter_for_plan(*, by: User, planned_touch: PlannedTouch) -> Letter:
    """Today's planned letter: the draft for this planned touch (reused when there is one), filled in, in the
    client's language, to go out at the planned time."""
    planned = PlannedTouch.objects.select_for_update().get(pk=planned_touch.pk)
    client = Client.objects.select_related("owner__team", "organization").get(pk=planned.client_id)
    _check_client(by, client)
    existing = planned.letters.filter(status__in=EDITABLE).order_by("-pk").first()
    if existing is not None:
        return existing
    wanted, product = planned_letter(client, planned, has_order=client.orders.exists())
    return letter_compose(
        by=by, client=client, kind=wanted.kind, holiday=wanted.holiday, years=wanted.years, product=product,
        planned_touch=planned, send_at=planned.due_at, draft=True,
    )  # fmt: skip


def _locked(by: User, letter: Letter, statuses: frozenset[str], message: str) -> Letter:
    """The letter, locked, if the user may change it and it is still in one of `statuses`."""
    found = letters_visible_to(by).select_for_update(of=("self",)).filter(pk=letter.pk).first()
    if found is None:
        raise PermissionDenied(_("You can only change your own clients' letters."))
    if found.status not in statuses:
        raise ValidationError({"status": [message]})
    return found


@transaction.atomic
def letter_update(*, by: User, letter: Letter, subject: str, body: str, send_at: dt.datetime | None = None) -> Letter:
    """Edit a letter not yet being sent: its final text (no placeholders any more) and maybe its time."""
    letter = _locked(by, letter, EDITABLE, _("This letter is already on its way and can no longer be edited."))
    subject = rendering.one_line(subject)
    errors = {}
    if not subject:
        errors["subject"] = [_("This field is required.")]
    elif len(subject) > Letter._meta.get_field("subject").max_length:  # type: ignore[operator]
        errors["subject"] = [_("The subject is too long.")]
    if not body.strip():
        errors["body"] = [_("This field is required.")]
    if errors:
        raise ValidationError(errors)
    text = body.replace("\r\n", "\n").strip("\n") + "\n"
    fields: dict[str, object] = {"subject": subject, "body_text": text}
    fields["body_html"] = rendering.text_html(text, letter.language)
    moved = send_at is not None
    if moved:
        fields["send_at"] = send_moment(letter.client, send_at)
    services.letter_set(letter, statuses=EDITABLE, **fields)
    if moved and letter.status == Status.QUEUED:
        queue_delivery(letter)  # at its new time
    return letter


@transaction.atomic
def letter_send(*, by: User, letter: Letter, send_at: dt.datetime | None = None) -> Letter:
    """Queue the letter: now, or at `send_at` (a time without a zone is the client's). A failed letter is tried
    again from the start. The rules are asked again: the client may have unsubscribed since it was written."""
    letter = _locked(by, letter, SENDABLE, _("This letter has already been sent or cancelled."))
    client = Client.objects.select_related("owner__team", "organization").get(pk=letter.client_id)
    letter.client = client
    moment = send_moment(client, send_at)
    if greeting_day_passed(letter.kind, letter.planned_touch, client, moment):
        raise ValidationError({"send_at": [_("The day of this greeting has passed in the client's time zone.")]})
    local_day = client_day(client, moment)
    if problems := services.letter_problems(client, sales=is_sales(letter.kind, letter.planned_touch), on=local_day):
        raise services.problems_error(client, problems)
    services.letter_set(
        letter, statuses=SENDABLE, status=Status.QUEUED, send_at=moment, recipient=services.letter_recipient(client),
        attempts=0, error_code="", error_detail="", lease_until=None, claimed_by="",
    )  # fmt: skip
    queue_delivery(letter)
    return letter


@transaction.atomic
def letter_cancel(*, by: User, letter: Letter) -> Letter:
    """Stop a letter not yet being sent. Its planned touch stays planned: the client keeps its next step (CAT-5)."""
    letter = _locked(by, letter, CANCELLABLE, _("This letter has already been sent or cancelled."))
    services.letter_set(letter, statuses=CANCELLABLE, status=Status.CANCELLED, lease_until=None)
    return letter


def letters_approve(*, by: User, letter_ids: Iterable[int]) -> list[Letter]:
    """Approve several prepared letters at once (from Today): each goes out at its planned time, or at the client's
    next working moment if that has passed (not at night where the client is). Letters the rules stop now (an
    opt-out since, a greeting's day gone) stay drafts."""
    ids = [pk for pk in letter_ids if isinstance(pk, int)]
    drafts = letters_visible_to(by).filter(pk__in=ids, status=Status.DRAFT).order_by("send_at", "pk")
    now = timezone.now()
    approved = []
    for letter in drafts.select_related("client__owner__team__planner_settings", "client__organization"):
        send_at = letter.send_at
        if send_at is None or send_at <= now:
            send_at = next_working_moment(letter.client, now)
            if greeting_day_passed(letter.kind, letter.planned_touch, letter.client, send_at):
                send_at = now  # POST-5: a greeting late in its day still goes on its day
        try:
            approved.append(letter_send(by=by, letter=letter, send_at=send_at))
        except (ValidationError, PermissionDenied) as error:
            logger.info("letter %s not approved: %s", letter.pk, error)
    return approved
