"""The outbox's delivery (issue 10): a queued letter's task claims it (keepwarm.letters.outbox), sends it outside any
transaction, records it as sent the moment the server takes it, then logs its touch (flows.letters_touches) —
closing its planned touch, counting for SIX-1 where the goal is a sales one, the client keeping a next step (CAT-5).

Each claim queues a watchdog for when its lease ends: if the worker died mid-send the letter is claimed and sent
again; the sweep (`deliver_due_letters`, also in the nightly run) picks up whatever is due all the same.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import OperationalError, transaction
from django.utils import timezone
from django_tasks import task

from keepwarm.flows.letters_touches import letters_log_touches
from keepwarm.letters import outbox
from keepwarm.letters.delivery import DeliveryError, Refused, letter_send
from keepwarm.letters.models import Letter

logger = logging.getLogger(__name__)

SWEEP_SECONDS = 50  # one sweep's share of a worker before it queues the rest, so other tasks get their turn
FAN_OUT_AT = 200  # letters due at a sweep's start for it to call one more worker in
WATCHDOG_GRACE = dt.timedelta(seconds=1)
# A letter due this far ahead or more shares one sweep with the letters due at the same moment (a holiday morning's
# greetings at their slot): one task, not one per letter. Closer than that, it has its own task. The margin covers
# the workers' clocks running a little apart.
SHARED_SWEEP_AHEAD = dt.timedelta(seconds=60)
CLAIM_AT_ONCE = 10  # letters a sweep claims together (one claim's queries for several letters)
TAKE_ALONG_SECONDS = 10  # how long a letter's task goes on with other due letters
_sweeps_queued: set[dt.datetime] = set()  # moments this process has queued a sweep for, until they pass

Watch = Callable[[list[Letter]], None]


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


def _watch_letter(letters: list[Letter]) -> None:
    for letter in letters:
        assert letter.lease_until is not None
        deliver_letter.using(run_after=letter.lease_until + WATCHDOG_GRACE).enqueue(letter.pk)


class _SweepWatch:
    """A sweep's watchdog, queued with its first claim: a sweep once the claims it may take have had their lease
    (a letter started later has a lease of its own, which that sweep follows up)."""

    def __init__(self, seconds: float) -> None:
        self.after = dt.timedelta(seconds=seconds) + outbox.lease() + WATCHDOG_GRACE
        self.queued = False

    def __call__(self, letters: list[Letter]) -> None:
        if not self.queued:
            deliver_due_letters.using(run_after=timezone.now() + self.after).enqueue()
            self.queued = True


def _claim(token: str, *, letter_id: int | None = None, limit: int = 1, watch: Watch = _watch_letter) -> list[Letter]:
    """The claim and its watchdog are written together: a worker that dies after this still has a successor."""
    with transaction.atomic():
        letters = outbox.letters_claim(token=token, letter_id=letter_id, limit=limit)
        if letters and deliver_letter.get_backend().supports_defer:
            watch(letters)
    return letters


def letter_deliver(
    *, letter_id: int | None = None, connection: BaseEmailBackend | None = None, watch: Watch = _watch_letter
) -> str:
    """Claim letter `letter_id` (or the next due one) and deliver it; returns what became of it ("" if nothing was
    due: another worker has it, it is not yet time, or it is over)."""
    token = outbox.claim_token()
    letters = _claim(token, letter_id=letter_id, watch=watch)
    result = _deliver_claimed(letters[0], token, connection) if letters else ""
    if letter_id is not None:  # sent now, or earlier by a worker that died before logging its touch
        letters_log_touches(letter_ids=[letter_id])
    return result


def _deliver_claimed(letter: Letter, token: str, connection: BaseEmailBackend | None) -> str:
    reason = outbox.letter_start(letter=letter, token=token)
    if reason is None:  # its claim ran out before its turn: another worker may be sending it
        return ""
    if letter.attempts > settings.LETTERS_MAX_ATTEMPTS:  # its workers kept dying on it: the manager decides
        outbox.letter_mark_failed(letter=letter, token=token, code=DeliveryError.INTERRUPTED)
        return Letter.Status.FAILED
    if reason:
        outbox.letter_mark_held(letter=letter, token=token, code=reason)
        return Letter.Status.CANCELLED
    try:
        if connection is not None:
            _keep_open(connection)
        source = letter_send(letter, connection=connection)  # no transaction is open here
    except Refused as refusal:
        return _refused(letter, token, refusal)
    _record_sent(letter, token, source)
    return Letter.Status.SENT


def _keep_open(connection: BaseEmailBackend) -> None:
    """Opened here, the connection stays open for the next letters (a backend that send() opens itself is closed
    after each letter); a server that cannot be reached now is the letter's own send to report."""
    try:
        connection.open()
    except OSError:
        connection.close()


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
    """SENT at once, its touch pending (logged by the caller with its neighbours'). SQLite may be busy for a
    moment, and a letter the server took must not be left SENDING (it would go out again when the lease ends), so
    the write is tried again."""
    for attempt in range(5):
        try:
            if not outbox.letter_mark_sent(letter=letter, token=token, source=source, now=timezone.now()):
                logger.error("letter %s: sent after its claim expired; another worker may send it too", letter.pk)
            return
        except OperationalError:
            if attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))


def letters_deliver_due(*, seconds: float | None = None, connection: BaseEmailBackend | None = None) -> int:
    """Deliver what is due (queued letters whose time came, claims whose lease expired) over one mail connection,
    for at most `seconds`; returns how many were handled.

    Letters are claimed a few at a time; each is started (outbox.letter_start) with a lease of its own just before
    it goes on the wire, so none is still being sent when its lease ends and another worker may take it."""
    deadline = time.monotonic() + seconds if seconds is not None else None
    watch = _SweepWatch(seconds or 0)
    connection = connection or get_connection()
    handled = 0
    letters_log_touches()  # of letters whose worker died before logging them
    try:
        while deadline is None or time.monotonic() < deadline:
            token = outbox.claim_token()
            letters = _claim(token, limit=CLAIM_AT_ONCE, watch=watch)
            if not letters:
                break
            handled += _deliver_claim(letters, token, connection)
    finally:
        connection.close()
    return handled


def _deliver_claim(letters: list[Letter], token: str, connection: BaseEmailBackend) -> int:
    """Send a claim's letters one after the other, then log the touches of those that went, together."""
    sent = []
    for letter in letters:
        result = _deliver_claimed(letter, token, connection)
        if result == Letter.Status.SENT:
            sent.append(letter.pk)
        elif result:
            connection.close()  # after a refusal the next letter starts on a fresh conversation
    letters_log_touches(letter_ids=sent)
    return len(letters)


def _follow_up() -> None:
    """One more sweep for what other workers hold: a letter on the wire (its worker may die before its lease ends)
    or a touch not logged yet (its worker may die first), when the first of them would be a sweep's to take."""
    moment = outbox.next_check_at()
    if moment is not None:
        _sweep_at(max(moment, timezone.now()) + WATCHDOG_GRACE)


@task()
def deliver_letter(letter_id: int) -> str:
    """A queued letter at its time, or the watchdog of a claim: delivers it if it is (still, or again) due. In a
    worker it then takes along the other letters due by now, on the same mail connection: their own tasks find
    them sent and end at once (a busy morning is one conversation with the server, not one per letter)."""
    connection = get_connection()
    try:
        result = letter_deliver(letter_id=letter_id, connection=connection)
        if result and deliver_letter.get_backend().supports_defer:
            if result != Letter.Status.SENT:
                connection.close()
            letters_deliver_due(seconds=TAKE_ALONG_SECONDS, connection=connection)
            _follow_up()
    finally:
        connection.close()
    return result


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
    elif defers:
        _follow_up()
    return handled
