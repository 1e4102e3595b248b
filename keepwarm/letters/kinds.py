"""Kinds of letter and the goals of their touches (POST-8): which are courtesy (LET-1, POST-5), which sell
(ANNOY-1 applies), and which kind a planned touch asks for."""

from __future__ import annotations

from dataclasses import dataclass

from keepwarm.letters.models import Letter, LetterKind
from keepwarm.planner import explain
from keepwarm.touches.choices import COURTESY_GOALS, Goal
from keepwarm.touches.models import PlannedTouch

KIND_GOALS = {
    LetterKind.THANK_PURCHASE: Goal.THANK_YOU,
    LetterKind.THANK_REFUSAL: Goal.THANK_YOU,
    LetterKind.THANK_HELP: Goal.THANK_YOU,
    LetterKind.BIRTHDAY: Goal.GREETING,
    LetterKind.HOLIDAY: Goal.GREETING,
    LetterKind.ORG_ANNIVERSARY: Goal.GREETING,
    LetterKind.OFFER: Goal.OFFER,
    LetterKind.FREE: Goal.GATHER_INFO,
}
SALES_KINDS = frozenset(kind for kind, goal in KIND_GOALS.items() if goal not in COURTESY_GOALS)


def letter_goal(letter: Letter) -> str:
    """The goal of the touch a sent letter logs: its planned touch's (ANNOY-2's letter keeps the call's goal),
    else its kind's."""
    planned = letter.planned_touch
    if planned is not None:
        return planned.goal
    return KIND_GOALS.get(LetterKind(letter.kind), Goal.GATHER_INFO)


def is_sales(kind: str, planned_touch: PlannedTouch | None = None) -> bool:
    """A sales letter (ANNOY-1 applies): an offer or a free letter, or any letter for a planned sales contact."""
    if planned_touch is not None:
        return planned_touch.goal not in COURTESY_GOALS
    return kind in SALES_KINDS


@dataclass(frozen=True)
class PlannedKind:
    """What a planned touch asks to be written: the kind, the POST-5 holiday key, an anniversary's years."""

    kind: str
    holiday: str = ""
    years: int | None = None


def kind_for_plan(planned: PlannedTouch) -> PlannedKind:
    """LET-1 thank-yous (after a refusal when its reason says so), POST-5 greetings by their reason, an offer for
    an offer contact, else a free letter (ANNOY-2: a letter instead of a call, with the call's goal)."""
    reasons = explain.reasons_from_json(planned.explanation or [])
    if planned.goal == Goal.THANK_YOU:
        codes = {reason.code for reason in reasons if reason.rule == "LET-1"}
        if any("refusal" in code for code in codes):
            return PlannedKind(LetterKind.THANK_REFUSAL)
        if any("help" in code or "duty" in code for code in codes):
            return PlannedKind(LetterKind.THANK_HELP)
        return PlannedKind(LetterKind.THANK_PURCHASE)
    if planned.goal == Goal.GREETING:
        for reason in reasons:
            if reason.code == "holiday_greeting":
                return PlannedKind(LetterKind.HOLIDAY, holiday=reason.detail)
            if reason.code == "org_anniversary":
                years = int(reason.detail) if reason.detail.isdigit() else None
                return PlannedKind(LetterKind.ORG_ANNIVERSARY, years=years)
        return PlannedKind(LetterKind.BIRTHDAY)
    if planned.goal == Goal.OFFER:
        return PlannedKind(LetterKind.OFFER)
    return PlannedKind(LetterKind.FREE)
