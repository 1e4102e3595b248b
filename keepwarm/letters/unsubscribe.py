"""Unsubscribing from letters: every letter carries a signed link of its own; following it stops letters to that
client (calls go on unless the client also asked for do-not-contact)."""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.db import transaction
from django.utils import timezone

from keepwarm.letters.models import Letter, LetterOptOut

SALT = "keepwarm.letters.unsubscribe"


def unsubscribe_token(letter: Letter) -> str:
    """Signed with SECRET_KEY; it never expires: an old letter's link must still work."""
    return signing.dumps(letter.pk, salt=SALT)


def letter_for_token(token: str) -> Letter | None:
    """The letter whose link this is, or None for a token that was not ours or whose letter is gone."""
    try:
        pk = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return Letter.objects.select_related("client").filter(pk=pk).first()


def opted_out(letter: Letter) -> LetterOptOut | None:
    return LetterOptOut.objects.filter(client_id=letter.client_id).first()


@transaction.atomic
def letters_opt_out(*, letter: Letter, at: dt.datetime | None = None) -> LetterOptOut:
    """Record the client's unsubscribe (the first date counts: following the link again changes nothing) and cancel
    the letters still waiting in the outbox for that client."""
    opt_out, _ = LetterOptOut.objects.get_or_create(
        client_id=letter.client_id, defaults={"at": at or timezone.now(), "letter": letter}
    )
    Letter.objects.filter(client_id=letter.client_id, status=Letter.Status.QUEUED).update(
        status=Letter.Status.CANCELLED, error_code="opted_out", updated_at=timezone.now()
    )
    return opt_out
