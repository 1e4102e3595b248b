"""The touches of sent letters (issue 10): channel letter, the goal of its kind, at the moment the server took it —
closing its planned touch, counting for SIX-1 where the goal is a sales one, the client re-planned (CAT-5).

A worker logs the touches of the letters it has just sent together, in one pass (flows.touches.clients_log_touches);
a letter is marked sent the moment the server takes it, so a worker that dies in between leaves its touches pending
for the next one. Whatever goes wrong here, the letters went: they stay SENT and never go out twice."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from django.db import OperationalError, transaction
from django.utils import timezone

from keepwarm.flows.touches import clients_log_touches
from keepwarm.letters import outbox
from keepwarm.letters.kinds import letter_goal
from keepwarm.touches.choices import Channel, Outcome
from keepwarm.touches.models import Touch

logger = logging.getLogger(__name__)


def letters_log_touches(*, letter_ids: Sequence[int] | None = None) -> int:
    """Log the pending touches of letters `letter_ids`, or else of the letters whose worker left them (sent longer
    than a lease ago); returns how many were logged. A letter to a client who is "Never" by now gets no touch."""
    sent_before = timezone.now() - outbox.lease() if letter_ids is None else None
    try:
        return _log_touches(letter_ids=letter_ids, sent_before=sent_before)
    except OperationalError:  # the database is busy: they wait for the next pass
        logger.warning("the touches of sent letters wait for the next pass: the database is busy", exc_info=True)
        return 0
    except Exception:
        logger.exception("the touches of sent letters could not be logged together; trying them one by one")
    logged = 0
    for letter in outbox.letters_touch_pending(letter_ids=letter_ids, sent_before=sent_before):
        try:
            logged += _log_touches(letter_ids=[letter.pk], sent_before=None)
        except OperationalError:  # busy now (a lock, a deadlock): this one waits for the next pass
            logger.warning("letter %s: its touch waits for the next pass", letter.pk, exc_info=True)
        except Exception:  # this letter's own trouble: given up, the others are logged all the same
            logger.exception("letter %s sent, its touch not logged", letter.pk)
            outbox.letters_touches_logged(letters=[letter], touch_ids={})
    return logged


def _log_touches(*, letter_ids: Sequence[int] | None, sent_before: dt.datetime | None) -> int:
    with transaction.atomic():
        letters = outbox.letters_touch_pending(letter_ids=letter_ids, sent_before=sent_before, lock=True)
        if not letters:
            return 0
        now = timezone.now()
        touches = {
            letter.pk: Touch(
                client=letter.client,
                by=letter.owner,
                happened_at=min(letter.sent_at or now, now),  # another worker's clock may run ahead
                channel=Channel.LETTER,
                goal=letter_goal(letter),
                outcome=Outcome.SENT,
                notes=letter.subject,
                planned_touch=letter.planned_touch,
            )
            for letter in letters
        }
        logged = {id(touch) for touch in clients_log_touches(touches=list(touches.values()))}
        outbox.letters_touches_logged(
            letters=letters, touch_ids={pk: touch.pk for pk, touch in touches.items() if id(touch) in logged}
        )
    return len(logged)
