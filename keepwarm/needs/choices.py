"""NEED-1's vocabulary: the questionnaire's question types, the five needs a product can answer, and which needs
a satisfied one gives rise to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QuestionType(models.TextChoices):
    """NEED-1: the question types of the needs questionnaire (S4)."""

    CLOSED = "closed", _("Closed")
    OPEN = "open", pgettext_lazy("question type", "Open")
    ALTERNATIVE = "alternative", _("Alternative")
    LEADING = "leading", _("Leading")
    RHETORICAL = "rhetorical", _("Rhetorical")
    CLARIFYING = "clarifying", _("Clarifying")


class NeedClass(models.TextChoices):
    """NEED-1: the five needs of S4 a product can answer."""

    SAFETY = "safety", _("Safety")
    BELONGING = "belonging", _("Belonging")
    COMFORT = "comfort", _("Comfort")
    RELIABILITY = "reliability", _("Reliability")
    NOVELTY = "novelty", _("Novelty")


# S4's "coupled needs": satisfying one gives birth to the next. Nearest first. Our reading:
# safe -> wants it to last and to be easy; reliable -> wants it safe and easy; comfortable -> wants
# something new and to share it; novelty -> wants it to last and to show it; belonging -> wants the new
# thing the group has and the comfort it enjoys.
_RELATED: dict[NeedClass, tuple[NeedClass, ...]] = {
    NeedClass.SAFETY: (NeedClass.RELIABILITY, NeedClass.COMFORT),
    NeedClass.RELIABILITY: (NeedClass.SAFETY, NeedClass.COMFORT),
    NeedClass.COMFORT: (NeedClass.NOVELTY, NeedClass.BELONGING),
    NeedClass.NOVELTY: (NeedClass.RELIABILITY, NeedClass.BELONGING),
    NeedClass.BELONGING: (NeedClass.NOVELTY, NeedClass.COMFORT),
}


def related_needs(need: str) -> tuple[NeedClass, ...]:
    """NEED-1: the needs a satisfied `need` tends to give rise to, nearest first."""
    return _RELATED[NeedClass(need)]
