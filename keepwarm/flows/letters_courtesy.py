"""The courtesy letters KeepWarm prepares for the coming day (LET-1 thank-yous, POST-5 greetings): drafts for the
manager's approval, or queued at their planned slot when the team sends them by themselves.

A holiday morning is thousands of them: the facts every letter needs are read once per chunk, the letters are
written in memory and saved together, so the run stays cheap enough to repeat every hour."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from keepwarm.accounts.models import Team, User
from keepwarm.clients.choices import Category
from keepwarm.flows.letters_outbox import queue_deliveries
from keepwarm.flows.letters_writing import Draft, client_zone, greeting_day_passed, letter_row, planned_letter, written
from keepwarm.letters import checks, services
from keepwarm.letters.models import Letter, LetterTemplate
from keepwarm.touches.choices import COURTESY_GOALS, PlanStatus
from keepwarm.touches.models import PlannedTouch

logger = logging.getLogger(__name__)
_DAY = dt.timedelta(days=1)
CHUNK = 500
# Long columns of the planned touches' clients that no letter reads, left in the database on a holiday morning.
UNREAD = ("note", "client__notes", "client__search_text", "client__organization__notes",
          "client__organization__search_name")  # fmt: skip


class _Teams:
    """Each team's settings and templates, read once a run."""

    def __init__(self) -> None:
        self._auto: dict[int, bool] = {}
        self._templates: dict[int, dict[services.TemplateKey, LetterTemplate]] = {}

    def auto_send(self, team: Team | None) -> bool:
        if team is None:
            return False
        if team.pk not in self._auto:
            self._auto[team.pk] = services.settings_for(team).auto_send_courtesy
        return self._auto[team.pk]

    def templates(self, team: Team | None) -> dict[services.TemplateKey, LetterTemplate]:
        if team is None:
            return {}
        if team.pk not in self._templates:
            self._templates[team.pk] = services.team_templates(team)
        return self._templates[team.pk]


def _due_courtesy(now: dt.datetime) -> list[PlannedTouch]:
    """Open greetings and thank-yous due before the coming day is out, with no letter yet, to clients who may get
    one (not binned, not do-not-contact, with an address)."""
    has_letter = Letter.objects.filter(planned_touch=OuterRef("pk"))
    due = (
        PlannedTouch.objects.filter(
            status=PlanStatus.OPEN,
            goal__in=COURTESY_GOALS,
            due_date__gte=(now - 2 * _DAY).date(),
            due_date__lte=(now + 2 * _DAY).date(),
        )
        .filter(~Exists(has_letter))
        .filter(client__deleted_at__isnull=True, client__do_not_contact=False)
        .exclude(client__category=Category.NEVER)
        .select_related("client__organization")
        .defer(*UNREAD)
        .order_by("due_date", "pk")
    )
    # The few managers (with their team) are read once and shared, not joined into each of thousands of rows.
    found = [planned for planned in due if planned.client.emails]
    owners = User.objects.select_related("team").in_bulk({planned.client.owner_id for planned in found})
    for planned in found:
        planned.client.owner = owners[planned.client.owner_id]
    return [planned for planned in found if _due_at(planned) <= now + _DAY]


def _due_at(planned: PlannedTouch) -> dt.datetime:
    return planned.due_at or dt.datetime.combine(planned.due_date, dt.time(9), tzinfo=client_zone(planned.client))


def _courtesy_letter(planned: PlannedTouch, now: dt.datetime, facts: checks.Facts, teams: _Teams) -> Letter | None:
    """The letter a planned courtesy touch asks for, unsaved; None when nothing may or can be sent."""
    client = planned.client
    moment = max(_due_at(planned), now)
    wanted, product = planned_letter(client, planned, has_order=client.pk in facts.orders)
    if greeting_day_passed(wanted.kind, planned, client, moment):
        return None  # POST-5: the day has passed in the client's zone; a late greeting is not sent
    if facts.problems(client):
        return None
    team = client.owner.team
    language = services.letter_language(client)
    template = services.choose_template(teams.templates(team), wanted.kind, language, holiday=wanted.holiday)
    draft = Draft(
        client=client, kind=wanted.kind, language=language, template=template, subject=template.subject,
        body=template.body, moment=moment, product=product, holiday=wanted.holiday, years=wanted.years,
        planned=planned,
    )  # fmt: skip
    try:
        text = written(draft, facts)
    except ValidationError as error:  # e.g. the team's template needs a value this client lacks
        logger.info("planned touch %s: no letter prepared: %s", planned.pk, error)
        return None
    return letter_row(draft, text, by=None, recipient=facts.recipient(client), queued=teams.auto_send(team), auto=True)


def _prepare_chunk(chunk: list[PlannedTouch], now: dt.datetime, teams: _Teams) -> int:
    facts = checks.facts_for([planned.client_id for planned in chunk])
    with transaction.atomic():
        # Locked, and asked again under the lock: two runs at once (a late nightly beside an hourly one) write
        # one letter per planned touch.
        free = set(
            PlannedTouch.objects.select_for_update()
            .filter(pk__in=[planned.pk for planned in chunk], status=PlanStatus.OPEN)
            .filter(~Exists(Letter.objects.filter(planned_touch=OuterRef("pk"))))
            .values_list("pk", flat=True)
        )
        letters = [
            letter
            for planned in chunk
            if planned.pk in free and (letter := _courtesy_letter(planned, now, facts, teams)) is not None
        ]
        services.letters_create(letters)
        queue_deliveries([letter for letter in letters if letter.status == Letter.Status.QUEUED])
    return len(letters)


def courtesy_letters_prepare(*, now: dt.datetime | None = None) -> int:
    """LET-1, POST-5: write the greetings and thank-yous planned for the coming day, each to go out at its planned
    slot (a greeting only on its day in the client's zone): queued when the team sends them by themselves, else a
    draft for the manager's approval. A planned touch with a letter is never looked at again. Returns how many
    letters were prepared."""
    now = now or timezone.now()
    due = _due_courtesy(now)
    teams = _Teams()
    return sum(_prepare_chunk(due[start : start + CHUNK], now, teams) for start in range(0, len(due), CHUNK))
