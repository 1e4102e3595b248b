"""What composing one letter and preparing a morning's greetings share (flows.letters, flows.letters_courtesy):
the moment it goes out in the client's zone (TIME-1), what a planned touch asks to be written, the filled-in text,
and the unsaved row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.catalog.models import Product
from keepwarm.clients.models import Client
from keepwarm.letters import checks, rendering, services
from keepwarm.letters.defaults import GREETING_KINDS, DefaultTemplate
from keepwarm.letters.kinds import PlannedKind, kind_for_plan
from keepwarm.letters.models import Letter, LetterKind, LetterTemplate
from keepwarm.planner import explain, inputs
from keepwarm.planner.tact import TactCalendar
from keepwarm.touches.models import PlannedTouch


def client_zone(client: Client) -> ZoneInfo:
    return ZoneInfo(inputs.client_time_zone(client))


def client_day(client: Client, moment: dt.datetime) -> dt.date:
    """The day `moment` falls on where the client is (TIME-1): the day a letter's rules and placeholders read."""
    return moment.astimezone(client_zone(client)).date()


def greeting_day_passed(kind: str, planned: PlannedTouch | None, client: Client, moment: dt.datetime) -> bool:
    """POST-5: a planned greeting goes out on its day in the client's zone; a day that has passed is not mended
    late."""
    return kind in GREETING_KINDS and planned is not None and client_day(client, moment) > planned.due_date


def send_moment(client: Client, send_at: dt.datetime | None, now: dt.datetime | None = None) -> dt.datetime:
    """When the letter goes out, in UTC: now, or `send_at`; a time without a zone is the client's (TIME-1). A time
    already past means now."""
    now = now or timezone.now()
    if send_at is None:
        return now
    if timezone.is_naive(send_at):
        send_at = send_at.replace(tzinfo=client_zone(client))
    return max(send_at, now).astimezone(dt.UTC)


def next_working_moment(client: Client, now: dt.datetime | None = None) -> dt.datetime:
    """A prepared letter whose planned time has passed goes at the client's next working moment (TACT-1..5: not at
    night, nor on a day off or a holiday where the client is), not the moment it is approved."""
    now = now or timezone.now()
    settings = inputs.settings_read_with(client.owner.team)  # read with the client where the caller did
    local = now.astimezone(client_zone(client))
    calendar = TactCalendar(inputs.calendar_facts(client, settings), settings, calls=False)
    slot = calendar.slot_on_or_after(local.date(), local.hour * 60 + local.minute)
    moment = dt.datetime.combine(slot.day, slot.window_start, tzinfo=client_zone(client))
    return max(moment, now).astimezone(dt.UTC)


def planned_letter(client: Client, planned: PlannedTouch, *, has_order: bool) -> tuple[PlannedKind, Product | None]:
    """What a planned touch asks for, made writable: a thank-you with no purchase thanks for help; an offer names
    its product (POST-3), else it is a free letter; a birthday greeting needs the birthday."""
    wanted = kind_for_plan(planned)
    product = None
    if wanted.kind == LetterKind.THANK_PURCHASE and not has_order:
        wanted = PlannedKind(LetterKind.THANK_HELP)
    if wanted.kind == LetterKind.OFFER:
        names = [r.detail for r in explain.reasons_from_json(planned.explanation or []) if r.rule == "POST-3"]
        products = Product.objects.filter(team=client.owner.team, name__in=names)
        product = products.order_by("-pk").first() if names and client.owner.team else None
        if product is None:
            wanted = PlannedKind(LetterKind.FREE)
    if wanted.kind == LetterKind.BIRTHDAY and client.birthday is None:
        wanted = PlannedKind(LetterKind.FREE)
    return wanted, product


@dataclass(frozen=True)
class Draft:
    """A letter about to be written: to whom, what kind, in which words, going out when."""

    client: Client
    kind: str
    language: str
    template: LetterTemplate | DefaultTemplate
    subject: str
    body: str
    moment: dt.datetime
    product: Product | None = None
    holiday: str = ""
    years: int | None = None
    planned: PlannedTouch | None = None


def written(draft: Draft, facts: checks.Facts | None = None) -> rendering.Rendered:
    """The text with every placeholder filled in; a field error for a bad template, a value the letter lacks, or
    a subject too long once filled in."""
    if errors := rendering.template_errors(draft.subject, draft.body):
        raise ValidationError(errors)
    local_day = client_day(draft.client, draft.moment)
    context = services.letter_context_for(
        draft.client, language=draft.language, product=draft.product, holiday=draft.holiday, years=draft.years,
        on=local_day, facts=facts,
    )  # fmt: skip
    if missing := services.missing_error(draft.subject, draft.body, context):
        raise missing
    text = rendering.render(draft.subject, draft.body, context, draft.language)
    if len(text.subject) > Letter._meta.get_field("subject").max_length:  # type: ignore[operator]
        raise ValidationError({"subject": [_("The subject is too long.")]})
    return text


def letter_row(
    draft: Draft, text: rendering.Rendered, *, by: User | None, recipient: str, queued: bool, auto: bool
) -> Letter:
    """The unsaved letter; its owner is the client's manager, who signs it and receives the replies."""
    client = draft.client
    return Letter(
        client=client, owner=client.owner, created_by=by, kind=draft.kind, holiday=draft.holiday,
        template=draft.template if isinstance(draft.template, LetterTemplate) else None, product=draft.product,
        planned_touch=draft.planned, language=draft.language, recipient=recipient, subject=text.subject,
        body_text=text.text, body_html=text.html, status=Letter.Status.QUEUED if queued else Letter.Status.DRAFT,
        auto=auto, send_at=draft.moment,
    )  # fmt: skip
