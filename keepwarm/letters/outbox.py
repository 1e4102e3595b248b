"""The outbox's state machine (issue 10): queued → sending (a worker's claim with a lease) → sent, queued again
later, failed, bounced or cancelled. Letters rows only; keepwarm.flows.letters_outbox sends and logs the touch.

A claim is one short conditional UPDATE (status and lease in the WHERE), so of any number of workers exactly one
gets a letter; a claim whose worker died expires with its lease and the letter is claimed again. Starting a letter
(just before it goes on the wire) renews its lease for that one send, conditionally again, and counts the attempt.
No transaction is held while a letter is on the wire.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import socket
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import BigIntegerField, Case, Exists, F, Min, OuterRef, Q, Value, When
from django.utils import timezone

from keepwarm.clients.models import Client
from keepwarm.letters.models import BadAddress, Letter, LetterOptOut

BACKOFF_MINUTES = (1, 5, 30, 120, 360, 720)  # after the 1st, 2nd, ... refusal for now


def claim_token() -> str:
    """Who holds a claim: host and process (a dead process's claim is recognised in the logs), and a nonce so that
    a worker's late answer to an expired claim cannot finish the next claim of the same letter."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.LETTERS_LEASE_SECONDS)


def _due(now: dt.datetime) -> Q:
    return Q(status=Letter.Status.QUEUED, send_at__lte=now) | Q(status=Letter.Status.SENDING, lease_until__lt=now)


def due_count(*, now: dt.datetime | None = None) -> int:
    return Letter.objects.filter(_due(now or timezone.now())).count()


def letters_claim(
    *, token: str, now: dt.datetime | None = None, letter_id: int | None = None, limit: int = 1
) -> list[Letter]:
    """Move due letters (letter `letter_id`, or up to `limit` of the longest waiting) to SENDING under `token`
    until the lease ends; empty when none is due or other workers took them first. Call it inside the caller's
    short transaction; on PostgreSQL the pick skips rows other workers are claiming. Each letter is then started
    (letter_start) just before it goes on the wire."""
    now = now or timezone.now()
    due = _due(now)
    with transaction.atomic():
        pks = [letter_id] if letter_id is not None else []
        if letter_id is None:
            candidates = Letter.objects.filter(due).order_by("send_at", "pk").select_for_update(skip_locked=True)
            pks = list(candidates.values_list("pk", flat=True)[:limit])
            if not pks:
                return []
        claimed = Letter.objects.filter(due, pk__in=pks).update(
            status=Letter.Status.SENDING, lease_until=now + lease(), claimed_by=token, updated_at=now
        )
    if not claimed:
        return []
    return list(
        Letter.objects.filter(pk__in=pks, status=Letter.Status.SENDING, claimed_by=token)
        .select_related("client", "owner", "planned_touch")
        .order_by("send_at", "pk")
    )


def letter_start(*, letter: Letter, token: str, now: dt.datetime | None = None) -> str | None:
    """Just before a claimed letter goes on the wire: a whole lease of its own for this send (only while the claim
    is still this worker's), one attempt more, and why it must not go after all, read afresh — the letter before it
    may have bounced, the client may have unsubscribed meanwhile: a DeliveryError code, or "" to send it.
    None: the claim is no longer this worker's (its lease ran out before its turn; another worker may have it)."""
    now = now or timezone.now()
    renewed = now + lease()
    started = Letter.objects.filter(
        pk=letter.pk, status=Letter.Status.SENDING, claimed_by=token, lease_until__gt=now
    ).update(lease_until=renewed, attempts=F("attempts") + 1, updated_at=now)
    if not started:
        return None
    letter.attempts, letter.lease_until = letter.attempts + 1, renewed
    client = (
        Client.objects.filter(pk=letter.client_id)
        .annotate(
            opted_out=Exists(LetterOptOut.objects.filter(client_id=OuterRef("pk"))),
            bad_address=Exists(BadAddress.objects.filter(client_id=OuterRef("pk"), email__iexact=letter.recipient)),
        )
        .values("forgotten_at", "do_not_contact", "opted_out", "bad_address")
        .first()
    )
    if client is None or client["forgotten_at"] is not None:  # binned (the kept clients leave it out) or forgotten
        return "client_gone"
    for code in ("do_not_contact", "opted_out", "bad_address"):
        if client[code]:
            return code
    return ""


def next_check_at() -> dt.datetime | None:
    """When the next sweep should look again at letters other workers hold: the first claim on the wire whose lease
    ends (its worker may die), or the first pending touch old enough for a sweep to log (flows.letters_touches)."""
    claims = Letter.objects.filter(status=Letter.Status.SENDING).aggregate(first=Min("lease_until"))["first"]
    sent = Letter.objects.filter(status=Letter.Status.SENT, touch_pending=True).aggregate(first=Min("sent_at"))
    touches = sent["first"] + lease() if sent["first"] is not None else None
    return min((moment for moment in (claims, touches) if moment is not None), default=None)


def _finish(letter: Letter, token: str, **fields: object) -> bool:
    """End `token`'s claim with `fields`; False if the claim was no longer this worker's (its lease expired)."""
    return bool(
        Letter.objects.filter(pk=letter.pk, status=Letter.Status.SENDING, claimed_by=token).update(
            lease_until=None, updated_at=timezone.now(), **fields
        )
    )


def letter_mark_sent(*, letter: Letter, token: str, source: str, now: dt.datetime) -> bool:
    """The server took the letter: SENT with the message as sent. False: the claim was lost meanwhile."""
    return _finish(letter, token, status=Letter.Status.SENT, sent_at=now, sent_message=source, error_code="",
                   error_detail="", touch_pending=True)  # fmt: skip


def letters_touch_pending(
    *, letter_ids: Iterable[int] | None = None, sent_before: dt.datetime | None = None, lock: bool = False
) -> list[Letter]:
    """Sent letters whose touch is not logged yet: these ones, or any sent before `sent_before`, with what logging
    their touch reads; `lock`ed for the caller's transaction, so two workers never log one letter's touch twice."""
    letters = Letter.objects.filter(status=Letter.Status.SENT, touch_pending=True)
    if letter_ids is not None:
        letters = letters.filter(pk__in=letter_ids)
    if sent_before is not None:
        letters = letters.filter(sent_at__lt=sent_before)
    if lock:
        letters = letters.select_for_update(of=("self",))
    return list(letters.select_related("client", "owner", "planned_touch").order_by("pk"))


def letters_touches_logged(*, letters: list[Letter], touch_ids: dict[int, int]) -> None:
    """The letters' touches are logged: `touch_ids` maps a letter to its touch (a letter not in it has none)."""
    links = [When(pk=letter_id, then=Value(touch_id)) for letter_id, touch_id in touch_ids.items()]
    Letter.objects.filter(pk__in=[letter.pk for letter in letters]).update(
        touch_id=Case(*links, default=F("touch_id"), output_field=BigIntegerField()), touch_pending=False
    )


def letter_mark_held(*, letter: Letter, token: str, code: str) -> bool:
    """Not sent because of `code` (letter_hold_reason): cancelled, with the reason shown."""
    return _finish(letter, token, status=Letter.Status.CANCELLED, error_code=code, error_detail="")


def letter_mark_failed(*, letter: Letter, token: str, code: str) -> bool:
    return _finish(letter, token, status=Letter.Status.FAILED, error_code=code, error_detail="")


@transaction.atomic
def letter_mark_refused(
    *, letter: Letter, token: str, code: str, detail: str, permanent: bool, now: dt.datetime
) -> Letter | None:
    """A permanent refusal bounces the letter and marks the address bad for the client; a refusal for now queues
    it again after a back-off, until LETTERS_MAX_ATTEMPTS, when it fails and waits for its manager.
    Returns the letter as it now stands, or None if the claim was lost meanwhile."""
    fields: dict[str, object] = {"error_code": code, "error_detail": detail}
    if permanent:
        fields["status"] = Letter.Status.BOUNCED
    elif letter.attempts >= settings.LETTERS_MAX_ATTEMPTS:
        fields["status"] = Letter.Status.FAILED
    else:
        pause = BACKOFF_MINUTES[min(letter.attempts, len(BACKOFF_MINUTES)) - 1]
        fields.update(status=Letter.Status.QUEUED, send_at=now + dt.timedelta(minutes=pause))
    if not _finish(letter, token, **fields):
        return None
    if permanent:
        BadAddress.objects.get_or_create(
            client_id=letter.client_id, email=letter.recipient, defaults={"detail": detail, "at": now, "letter": letter}
        )
    letter.refresh_from_db()
    return letter
