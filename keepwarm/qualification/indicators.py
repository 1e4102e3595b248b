"""The 21 disqualification indicators as data (QUAL-1) and how their stages map onto deal stages (SALE-1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class Stage(models.TextChoices):
    """QUAL-1: the four stages of S2 in which the indicators show up."""

    IDENTIFICATION = "identification", _("Identification")
    CONTACT = "contact", _("Contact")
    RESEARCH = "research", _("Research")
    RECOMMENDATIONS = "recommendations", _("Recommendations")


class DealStage(models.TextChoices):
    """SALE-1: the five stages a deal moves through (S4)."""

    SEARCH_EVALUATION = "search_evaluation", _("Search and evaluation")
    NEEDS_CONTACT = "needs_contact", _("Needs and contact")
    PRESENTATION = "presentation", _("Presentation")
    OBJECTIONS = "objections", _("Objections")
    CLOSING_SUPPORT = "closing_support", _("Closing and support")


class Source(models.TextChoices):
    """QUAL-2/QUAL-3: who sets an indicator; it decides which ones the manager may mark."""

    PROFILE = "profile", _("Computed from the organization against the ideal customer profile")
    MANAGER = "manager", _("Marked by the manager")
    MANAGER_AND_TOUCHES = "manager_and_touches", _("Marked by the manager and computed from touches")
    TOUCHES = "touches", _("Computed from touches")


@dataclass(frozen=True)
class Indicator:
    number: int
    stage: Stage
    code: str
    label: _StrPromise
    source: Source

    @property
    def manager_marks(self) -> bool:
        """QUAL-3: only 7–20 take a manager's mark (with a date and a note)."""
        return self.source in (Source.MANAGER, Source.MANAGER_AND_TOUCHES)


_ID, _CO, _RE, _RC = Stage.IDENTIFICATION, Stage.CONTACT, Stage.RESEARCH, Stage.RECOMMENDATIONS
_PROFILE, _MANAGER, _BOTH, _TOUCHES = (
    Source.PROFILE,
    Source.MANAGER,
    Source.MANAGER_AND_TOUCHES,
    Source.TOUCHES,
)

# QUAL-1, in S2's order and wording; INDICATORS[n - 1] is indicator n.
INDICATORS: tuple[Indicator, ...] = (
    Indicator(1, _ID, "size_mismatch", _("Company much larger or smaller than ours"), _PROFILE),
    Indicator(2, _ID, "revenue_mismatch", _("Revenue much higher or lower"), _PROFILE),
    Indicator(3, _ID, "vertical_not_target", _("Vertical is not our target"), _PROFILE),
    Indicator(
        4,
        _ID,
        "vertical_other_schemes",
        _("Vertical works by other schemes than our target market"),
        _PROFILE,
    ),
    Indicator(5, _ID, "outside_territory", _("Outside our sales territory"), _PROFILE),
    Indicator(
        6,
        _ID,
        "uncomfortable_location",
        _("Country or time zone uncomfortable for working together"),
        _PROFILE,
    ),
    Indicator(7, _CO, "rude", _("Rude, disrespectful"), _MANAGER),
    Indicator(8, _CO, "emotional_only", _("Reacts only emotionally, ignores facts"), _MANAGER),
    Indicator(9, _CO, "impulsive_or_sluggish", _("Very impulsive or sluggish (or swings between)"), _MANAGER),
    Indicator(10, _CO, "refuses_to_answer", _("Refuses to answer our questions"), _MANAGER),
    Indicator(11, _CO, "no_compromise", _("Insists on running the sale their way, no compromise"), _MANAGER),
    Indicator(12, _RE, "unreliable_statements", _("Unreliable or contradictory statements"), _MANAGER),
    Indicator(13, _RE, "ignores_agreed_plan", _("Will not follow the agreed plan"), _MANAGER),
    Indicator(14, _RE, "lacks_resources", _("Lacks resources (people, money) to use the product"), _MANAGER),
    Indicator(15, _RE, "disorganised", _("Disorganised, cannot find time"), _MANAGER),
    Indicator(16, _RE, "not_a_priority", _("Needs the product but it is not a priority now"), _MANAGER),
    Indicator(17, _RC, "magic_wand", _("“Magic wand”: expects it to happen by itself"), _MANAGER),
    Indicator(18, _RC, "ignores_recommendations", _("Ignores our recommendations"), _MANAGER),
    Indicator(19, _RC, "cancels_meetings", _("Cancels or moves meetings"), _BOTH),
    Indicator(20, _RC, "will_not_be_led", _("Pretends to follow but will not be led"), _MANAGER),
    Indicator(
        21,
        _RC,
        "material_repeated",
        _("The same material had to be sent or explained more than three times"),
        _TOUCHES,
    ),
)

# SALE-1: where in a deal each S2 stage's indicators usually surface.
DEAL_STAGES: dict[Stage, tuple[DealStage, ...]] = {
    Stage.IDENTIFICATION: (DealStage.SEARCH_EVALUATION,),
    Stage.CONTACT: (DealStage.NEEDS_CONTACT,),
    Stage.RESEARCH: (DealStage.NEEDS_CONTACT,),
    Stage.RECOMMENDATIONS: (DealStage.PRESENTATION, DealStage.OBJECTIONS),
}


def indicator(number: int) -> Indicator:
    """The indicator numbered `number`; unknown numbers are a programming error, not data to skip."""
    if not 1 <= number <= len(INDICATORS):
        raise ValueError(f"QUAL-1 has no indicator {number}")
    return INDICATORS[number - 1]
