"""The client ladder (LAD-1..4, LAD-6): which level a client's facts support, and what is still missing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """LAD-1: S3 names the first three; Advocate and Partner follow S1 (referrals, joint business)."""

    PROSPECT = 1, _("Prospect")
    USER = 2, _("User")
    CONSERVATIVE = 3, _("Conservative")
    ADVOCATE = 4, _("Advocate")
    PARTNER = 5, _("Partner")


class Criterion(models.TextChoices):
    PAID = "paid", _("Paid at least part")
    RECEIVED = "received", _("Received the product or service at least once, even partly")
    UNDERSTANDS_PROCESS = "understands_process", _("Understands our sales, service and paperwork")
    OPEN_TO_REBUY = "open_to_rebuy", _("Does not rule out buying again")
    READY_TO_TALK = "ready_to_talk", _("Ready to keep talking with us")
    REPEAT_PURCHASES = "repeat_purchases", _("Buys again and again")
    RECENT_PURCHASE = "recent_purchase", _("Still buying: a recent purchase")
    SATISFIED = "satisfied", _("Satisfied with our service and quality")
    VISITS_OFFICES = "visits_offices", _("Gladly visits our offices")
    REFERRAL = "referral", _("Referred a client to us")
    PARTNERSHIP = "partnership", _("Partnership recorded")


class Direction(models.TextChoices):
    PROMOTE = "promote", _("Promote")
    DEMOTE = "demote", _("Demote")
    NONE = "none", _("No change")


class ProspectBehaviour(models.TextChoices):
    """LAD-6, optional. Only items 3–5 of S3's list survive in our copy of the source; 1–2 are missing."""

    AGGRESSIVE = "aggressive", _("Aggressive and not interested in us")
    SILENT = "silent", _("Silent and ready to leave")
    STUDIES_DETAILS = "studies_details", _("Studies every detail")


@dataclass(frozen=True)
class Requirement:
    computed: tuple[Criterion, ...]
    confirmed_by_manager: tuple[Criterion, ...] = ()


# LAD-2..4, per level above Prospect (who has no criteria: anyone choosing a supplier is one).
REQUIREMENTS: dict[Level, Requirement] = {
    Level.USER: Requirement(
        (Criterion.PAID, Criterion.RECEIVED),
        (Criterion.UNDERSTANDS_PROCESS, Criterion.OPEN_TO_REBUY, Criterion.READY_TO_TALK),
    ),
    Level.CONSERVATIVE: Requirement(
        (Criterion.REPEAT_PURCHASES, Criterion.RECENT_PURCHASE),
        (Criterion.SATISFIED, Criterion.VISITS_OFFICES),
    ),
    Level.ADVOCATE: Requirement((Criterion.REFERRAL,)),
    Level.PARTNER: Requirement((Criterion.PARTNERSHIP,)),
}
_CLIMB = tuple(REQUIREMENTS)  # User .. Partner, in order


@dataclass(frozen=True)
class LadderSettings:
    conservative_purchases: int = 2  # LAD-3
    # A Conservative "buys again and again": two years without a purchase and the level no longer holds.
    conservative_lapse_days: int = 730
    advocate_referrals: int = 1  # LAD-4


@dataclass(frozen=True)
class LadderFacts:
    """Counted from orders: paid = amount paid > 0, completed = paid and delivered."""

    level: int  # the current Level
    paid_orders: int = 0
    delivered_orders: int = 0
    completed_purchases: int = 0
    last_purchase_on: date | None = None
    referrals_count: int = 0
    partnership: bool = False
    understands_process: bool = False
    open_to_rebuy: bool = False
    ready_to_talk: bool = False
    satisfied: bool = False
    visits_offices: bool = False


@dataclass(frozen=True)
class LadderSuggestion:
    """`met`: criteria that hold up to the next level; `missing`: computed ones the next level lacks;
    `to_confirm`: what the manager ticks when accepting a promotion."""

    level: Level
    direction: Direction
    met: tuple[Criterion, ...]
    missing: tuple[Criterion, ...]
    to_confirm: tuple[Criterion, ...]


def _holding(facts: LadderFacts, today: date, settings: LadderSettings) -> frozenset[Criterion]:
    last = facts.last_purchase_on
    recent = last is not None and (today - last).days <= settings.conservative_lapse_days
    holds = {
        Criterion.PAID: facts.paid_orders >= 1,
        Criterion.RECEIVED: facts.delivered_orders >= 1,
        Criterion.UNDERSTANDS_PROCESS: facts.understands_process,
        Criterion.OPEN_TO_REBUY: facts.open_to_rebuy,
        Criterion.READY_TO_TALK: facts.ready_to_talk,
        Criterion.REPEAT_PURCHASES: facts.completed_purchases >= settings.conservative_purchases,
        Criterion.RECENT_PURCHASE: recent,
        Criterion.SATISFIED: facts.satisfied,
        Criterion.VISITS_OFFICES: facts.visits_offices,
        Criterion.REFERRAL: facts.referrals_count >= settings.advocate_referrals,
        Criterion.PARTNERSHIP: facts.partnership,
    }
    return frozenset(criterion for criterion, held in holds.items() if held)


def suggest(facts: LadderFacts, today: date, settings: LadderSettings) -> LadderSuggestion:
    """LAD-6: promote when a higher level's computed criteria hold; demote when the current level's no longer
    do (e.g. a lapsed Conservative). Levels are climbed in order (S3's "career": an Advocate is a Conservative
    who also brought a referral). Criteria only a manager can judge never block nor force a move: they are
    listed `to_confirm` when the manager accepts a promotion."""
    holding = _holding(facts, today, settings)
    level = Level.PROSPECT
    for candidate in _CLIMB:
        if not all(criterion in holding for criterion in REQUIREMENTS[candidate].computed):
            break
        level = candidate
    current = Level(facts.level)
    if level > current:
        direction = Direction.PROMOTE
    elif level < current:
        direction = Direction.DEMOTE
    else:
        direction = Direction.NONE

    climbed = level - Level.PROSPECT
    reached = [REQUIREMENTS[step] for step in _CLIMB[:climbed]]
    upcoming = REQUIREMENTS[_CLIMB[climbed]] if climbed < len(_CLIMB) else None
    shown = [*reached, upcoming] if upcoming else reached
    met = tuple(c for req in shown for c in (*req.computed, *req.confirmed_by_manager) if c in holding)
    missing = tuple(c for c in upcoming.computed if c not in holding) if upcoming else ()
    to_confirm = (
        tuple(c for req in reached for c in req.confirmed_by_manager if c not in holding)
        if direction == Direction.PROMOTE
        else ()
    )
    return LadderSuggestion(level, direction, met, missing, to_confirm)
