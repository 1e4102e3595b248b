"""The corporate prospect grid (CORP-1): interest x financial capacity suggests how to work the account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class Grade(models.TextChoices):
    """One scale for both axes, so the grid stays square and the UI can reuse one widget."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Strategy(models.TextChoices):
    """CORP-1: one per grid cell; the label names it on the card, DESCRIPTIONS says what to do."""

    PRIORITY = "priority", _("Priority")
    FIT_THE_BUDGET = "fit_the_budget", _("Fit the budget")
    SMALLER_PACKAGE = "smaller_package", _("Smaller package")
    PROVE_THE_VALUE = "prove_the_value", _("Prove the value")
    DEVELOP = "develop", _("Develop")
    ENTRY_OFFER = "entry_offer", _("Entry offer")
    EDUCATE = "educate", _("Educate")
    WARM_UP = "warm_up", _("Warm up")
    KEEP_IN_TOUCH = "keep_in_touch", _("Keep in touch")


# Interest says how hard to push; capacity says how big an offer can be. Low interest never means
# dropping the account (CAT-2): the weakest cell still keeps the rule of six.
_GRID: dict[tuple[Grade, Grade], Strategy] = {
    (Grade.HIGH, Grade.HIGH): Strategy.PRIORITY,
    (Grade.HIGH, Grade.MEDIUM): Strategy.FIT_THE_BUDGET,
    (Grade.HIGH, Grade.LOW): Strategy.SMALLER_PACKAGE,
    (Grade.MEDIUM, Grade.HIGH): Strategy.PROVE_THE_VALUE,
    (Grade.MEDIUM, Grade.MEDIUM): Strategy.DEVELOP,
    (Grade.MEDIUM, Grade.LOW): Strategy.ENTRY_OFFER,
    (Grade.LOW, Grade.HIGH): Strategy.EDUCATE,
    (Grade.LOW, Grade.MEDIUM): Strategy.WARM_UP,
    (Grade.LOW, Grade.LOW): Strategy.KEEP_IN_TOUCH,
}

DESCRIPTIONS: dict[Strategy, _StrPromise] = {
    Strategy.PRIORITY: _("Present to the decision-maker and close now; the full package."),
    Strategy.FIT_THE_BUDGET: _("Close now on a package the budget allows; plan the upgrade as the next offer."),
    Strategy.SMALLER_PACKAGE: _(
        "Offer a smaller package or payment terms within the client's level; keep the interest warm."
    ),
    Strategy.PROVE_THE_VALUE: _(
        "Build the business case: return on investment, references, a presentation to the decision-maker."
    ),
    Strategy.DEVELOP: _("Deepen needs discovery and find the decision-maker; an offer every 1–2 months."),
    Strategy.ENTRY_OFFER: _("A trial or entry product to earn trust; check the budget again next quarter."),
    Strategy.EDUCATE: _("Educate: needs discovery and proof — cases, references, an invitation to an event."),
    Strategy.WARM_UP: _("Useful news and event invitations to raise interest; no hard selling yet."),
    Strategy.KEEP_IN_TOUCH: _("Keep in touch: the rule of six only — greetings and occasional news."),
}


def strategy_for(interest: str, capacity: str) -> Strategy:
    """CORP-1: the suggested strategy for a cell; accepts the stored values ("low", "medium", "high")."""
    return _GRID[Grade(interest), Grade(capacity)]
