"""What each touch outcome must carry before it is saved (CAT-3, ANNOY-3, ANNOY-4, TACT-6, POST-1).

One table: the service enforces it, the web form marks these fields required and the API serializer refuses a touch
without them, each error on its field with the message given here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from keepwarm.clients.choices import Category
from keepwarm.touches.choices import Outcome

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

# outcome -> {field: the message shown on that field when it is empty}
OUTCOME_REQUIRES: dict[str, dict[str, _StrPromise]] = {
    Outcome.REFUSED: {
        "refusal_reason": _("A refusal needs its reason: what the client did not yet see (CAT-3)."),
        # ANNOY-3: after three refusals in a row this is the day the client's circumstances may change.
        "continue_on": _("A refusal needs a date to continue (CAT-3)."),
    },
    Outcome.BAD_MOMENT: {"preferred_time": _("Ask the client when it suits them better (TACT-6).")},
    Outcome.BOUGHT_ELSEWHERE: {"competitor": _("Which competitor did the client buy from? (ANNOY-4)")},
    Outcome.AGREED_TO_MEET: {"continue_on": _("Agreed to meet: pick the day of the meeting.")},
    Outcome.NOT_USED_YET: {"continue_on": _("Ask when the client will first use it: the call follows (POST-1).")},
}


def required_fields(outcome: str) -> dict[str, _StrPromise]:
    return OUTCOME_REQUIRES.get(outcome, {})


def missing(outcome: str, value_of: Callable[[str], object]) -> dict[str, list[str]]:
    """The outcome's required fields that are empty (None or blank text), keyed by field with their message."""
    return {field: [str(message)] for field, message in required_fields(outcome).items() if _empty(value_of(field))}


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# CAT-4: the category a touch outcome moves the client to (None: unchanged).
OUTCOME_CATEGORY = {
    Outcome.REFUSED: Category.FUTURE,
    Outcome.BOUGHT_ELSEWHERE: Category.FUTURE,
    Outcome.READY_TO_BUY: Category.NOW,
    Outcome.BOUGHT: Category.NOW,
}
