"""The outbox's delivery (issue 10): a queued letter's task claims it (keepwarm.letters.outbox), sends it outside any
transaction, and records it as sent with its touch (channel letter, the goal of its kind) — closing its planned touch,
counting for SIX-1 where the goal is a sales one, the client keeping a next step (CAT-5).

Each claim queues a watchdog for when its lease ends: if the worker died mid-send the letter is claimed and sent
again; the sweep (`deliver_due_letters`, also in the nightly run) picks up whatever is due all the same.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import OperationalError, transaction
from django.utils import timezone
from django_tasks import task

from keepwarm.flows.touches import client_log_touch
from keepwarm.letters import outbox
from keepwarm.letters.delivery import DeliveryError, Refused, letter_send
from keepwarm.letters.kinds import letter_goal
from keepwarm.letters.models import Letter
from keepwarm.touches.choices import Channel, Outcome

logger = logging.getLogger(__name__)

SWEEP_SECONDS = 50  # one sweep's share of a worker before it queues the rest, so other tasks get their turn
FAN_OUT_AT = 200  # letters due at a sweep's start for it to call one more worker in
WATCHDOG_GRACE = dt.timedelta(seconds=1)
# A letter due this far ahead or more shares one sweep with the letters due at the same moment (a holiday morning's
# greetings at their slot): one task, not one per letter. Closer than that, it has its own task. The margin covers
# the workers' clocks running a little apart.
SHARED_SWEEP_AHEAD = dt.timedelta(seconds=60)
_sweeps_queued: set[dt.datetime] = set()  # moments this process has queued a sweep for, until they pass

Watch = Callable[[Letter], None]


def queue_delivery(letter: Letter) -> None:
    """Once the transaction commits, have a worker deliver `letter` at its `send_at` (status QUEUED)."""
    _deliver_later(letter.pk, letter.send_at)


def queue_deliveries(letters: Sequence[Letter]) -> None:
    """queue_delivery for many letters (a morning's greetings): once the transaction commits, one sweep per distinct
    `send_at` shared by several letters, not a task and a commit per letter; a letter alone at its moment is queued
    as by queue_delivery."""
    if not deliver_letter.get_backend().supports_defer:  # tasks run at once (tests): each letter as queue_delivery
        for letter in letters:
            _deliver_later(letter.pk, letter.send_at)
        return
    moments: dict[dt.datetime, list[int]] = {}
    for letter in letters:
        moments.setdefault(letter.send_at, []).append(letter.pk)
    alone = [(ids[0], when) for when, ids in moments.items() if len(ids) == 1]
    shared = [when for when, ids in moments.items() if len(ids) > 1]
    for letter_id, when in alone:
        _deliver_later(letter_id, when)
    if shared:
        transaction.on_commit(lambda: _sweeps_at(shared))


def _deliver_later(letter_id: int, when: dt.datetime) -> None:
    """A backend that runs tasks at once (tests) tries it at once: a letter not yet due then waits for the sweep."""
    if not deliver_letter.get_backend().supports_defer:
        transaction.on_commit(lambda: deliver_letter.enqueue(letter_id))
    elif when >= timezone.now() + SHARED_SWEEP_AHEAD:
        transaction.on_commit(lambda: _sweep_at(when))
    else:
        later = deliver_letter.using(run_after=when)
        transaction.on_commit(lambda: later.enqueue(letter_id))


def _sweep_at(when: dt.datetime) -> None:
    """Queue a sweep at `when` unless this process already did (then it is in the database and has not run: it runs
    at `when` at the earliest, after the letters committed well before it). A moment already close or past is
    always queued: a sweep queued for it earlier may have run before these letters committed."""
    now = timezone.now()
    _sweeps_queued.difference_update({moment for moment in _sweeps_queued if moment <= now})
    if when < now + SHARED_SWEEP_AHEAD:
        deliver_due_letters.using(run_after=when).enqueue()
    elif when not in _sweeps_queued:
        deliver_due_letters.using(run_after=when).enqueue()
        _sweeps_queued.add(when)


def _sweeps_at(moments: Sequence[dt.datetime]) -> None:
    for when in moments:
        _sweep_at(when)


def _watch_letter(letter: Letter) -> None:
    assert letter.lease_until is not None
    deliver_letter.using(run_after=letter.lease_until + WATCHDOG_GRACE).enqueue(letter.pk)


class _SweepWatch:
    """A sweep's watchdog, queued with its first claim: a sweep after every lease it may take has ended."""

    def __init__(self, seconds: float) -> None:
        self.after = dt.timedelta(seconds=seconds) + outbox.lease() + WATCHDOG_GRACE
        self.queued = False

    def __call__(self, letter: Letter) -> None:
        if not self.queued:
            deliver_due_letters.using(run_after=timezone.now() + self.after).enqueue()
            self.queued = True


def _claim(token: str, *, letter_id: int | None = None, watch: Watch = _watch_letter) -> Letter | None:
    """The claim and its watchdog are written together: a worker that dies after this still has a successor."""
    with transaction.atomic():
        letter = outbox.letter_claim(token=token, letter_id=letter_id)
        if letter is not None and deliver_letter.get_backend().supports_defer:
            watch(letter)
    return letter


def letter_deliver(
    *, letter_id: int | None = None, connection: BaseEmailBackend | None = None, watch: Watch = _watch_letter
) -> str:
    """Claim letter `letter_id` (or the next due one) and deliver it; returns what became of it ("" if nothing was
    due: another worker has it, it is not yet time, or it is over)."""
    token = outbox.claim_token()
    letter = _claim(token, letter_id=letter_id, watch=watch)
    if letter is None:
        return ""
    reason = outbox.letter_hold_reason(letter)
    if letter.attempts > settings.LETTERS_MAX_ATTEMPTS:  # its workers kept dying on it: the manager decides
        outbox.letter_mark_failed(letter=letter, token=token, code=DeliveryError.INTERRUPTED)
        return Letter.Status.FAILED
    if reason:
        outbox.letter_mark_held(letter=letter, token=token, code=reason)
        return Letter.Status.CANCELLED
    try:
        source = letter_send(letter, connection=connection)  # no transaction is open here
    except Refused as refusal:
        return _refused(letter, token, refusal)
    _record_sent(letter, token, source)
    return Letter.Status.SENT


def _refused(letter: Letter, token: str, refusal: Refused) -> str:
    now = timezone.now()
    result = outbox.letter_mark_refused(
        letter=letter, token=token, code=refusal.code, detail=refusal.detail, permanent=refusal.permanent, now=now
    )
    if result is None:
        return ""
    if result.status == Letter.Status.QUEUED:
        _deliver_later(result.pk, result.send_at)
    logger.warning("letter %s: %s (%s)", letter.pk, refusal.code, refusal.detail)
    return result.status


def _record_sent(letter: Letter, token: str, source: str) -> None:
    """SENT and its touch in one transaction; SQLite may be busy for a moment, and a letter the server took must
    not be left SENDING (it would go out again when the lease ends), so the write is tried again."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                if outbox.letter_mark_sent(letter=letter, token=token, source=source, now=timezone.now()):
                    _log_touch(letter)
                else:
                    logger.error("letter %s: sent after its claim expired; another worker may send it too", letter.pk)
            return
        except OperationalError:
            if attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))


def _log_touch(letter: Letter) -> None:
    """Through the one flow that logs contacts: it closes the planned touch (or, for a sales goal, the next step)
    and re-plans once. A client moved to Never meanwhile gets no touch; the letter stays sent."""
    try:  # whatever goes wrong here, the letter went: it must stay SENT, never go out twice
        with transaction.atomic():
            result = client_log_touch(
                client=letter.client,
                by=letter.owner,
                channel=Channel.LETTER,
                goal=letter_goal(letter),
                outcome=Outcome.SENT,
                notes=letter.subject,
                planned_touch=letter.planned_touch,
            )
    except ValidationError as error:
        logger.warning("letter %s sent, its touch not logged: %s", letter.pk, error)
        return
    except Exception:
        logger.exception("letter %s sent, its touch not logged", letter.pk)
        return
    outbox.letter_link_touch(letter=letter, touch_id=result.touch.pk)


def letters_deliver_due(*, seconds: float | None = None) -> int:
    """Deliver what is due (queued letters whose time came, claims whose lease expired) over one mail connection,
    for at most `seconds`; returns how many were handled."""
    deadline = time.monotonic() + seconds if seconds is not None else None
    watch = _SweepWatch(seconds or 0)
    connection = get_connection()
    handled = 0
    try:
        while deadline is None or time.monotonic() < deadline:
            result = letter_deliver(connection=connection, watch=watch)
            if not result:
                break
            handled += 1
            if result != Letter.Status.SENT:
                connection.close()  # after a refusal the next letter starts on a fresh conversation
    finally:
        connection.close()
    return handled


@task()
def deliver_letter(letter_id: int) -> str:
    """A queued letter at its time, or the watchdog of a claim: delivers it if it is (still, or again) due."""
    return letter_deliver(letter_id=letter_id)


@task()
def deliver_due_letters() -> int:
    """The sweep: safe to run at any time and as often as wanted. With many letters due it calls one more worker in
    (who may call another); when its share of time ran out with letters still due, it queues itself again."""
    defers = deliver_due_letters.get_backend().supports_defer
    if defers and outbox.due_count() > FAN_OUT_AT:
        deliver_due_letters.enqueue()
    handled = letters_deliver_due(seconds=SWEEP_SECONDS)
    if defers and outbox.due_count():
        deliver_due_letters.enqueue()
    return handled
