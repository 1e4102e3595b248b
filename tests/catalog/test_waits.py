"""The pure rule of when a POST-3 offer may take the next step (no database)."""

from __future__ import annotations

import datetime as dt

from keepwarm.catalog.waits import Action, ClientPauses, StepFacts, offer_decision
from keepwarm.planner.types import Reason
from keepwarm.touches.choices import PlanKind

TODAY = dt.date(2026, 3, 11)
LATER = TODAY + dt.timedelta(days=40)
NO_PAUSE = ClientPauses()


def decide(step: StepFacts | None, pauses: ClientPauses = NO_PAUSE, earliest: dt.date = TODAY):
    return offer_decision(step=step, pauses=pauses, earliest=earliest, today=TODAY)


def test_post3_offer_takes_a_cadence_step():
    step = StepFacts(LATER, PlanKind.RULE_OF_SIX, reasons=(Reason("SIX-1", "rule_of_six", TODAY, "3"),))
    assert decide(step).action == Action.PLAN
    assert decide(None).action == Action.PLAN


def test_annoy1_offer_waits_for_the_limits_on_a_cadence_step():
    step = StepFacts(LATER, PlanKind.RULE_OF_SIX)
    decision = decide(step, earliest=TODAY + dt.timedelta(days=4))
    assert (decision.action, decision.waits_until) == (Action.WAIT, TODAY + dt.timedelta(days=4))
    assert decision.reasons[0].rule == "ANNOY-1"


def test_cat3_keeping_in_touch_before_the_agreed_date_waits_for_that_date():
    agreed = LATER + dt.timedelta(days=30)
    reasons = (Reason("SIX-1", "rule_of_six", TODAY), Reason("SIX-1", "before_agreed_date", agreed))
    decision = decide(StepFacts(LATER, PlanKind.RULE_OF_SIX, reasons=reasons))
    assert (decision.action, decision.waits_until) == (Action.WAIT, agreed)
    assert [reason.code for reason in decision.reasons] == ["before_agreed_date"]


def test_annoy2_hangups_keep_their_slower_letter():
    reasons = (Reason("SIX-1", "rule_of_six", TODAY), Reason("ANNOY-2", "hangups", TODAY))
    decision = decide(StepFacts(LATER, PlanKind.RULE_OF_SIX, reasons=reasons))
    assert (decision.action, decision.waits_until, decision.reasons[0].rule) == (Action.WAIT, LATER, "ANNOY-2")


def test_qual4_pause_on_the_client_holds_even_when_the_step_is_stale():
    pauses = ClientPauses(disqualified_until=LATER)
    decision = decide(StepFacts(TODAY, PlanKind.RULE_OF_SIX), pauses)
    assert (decision.action, decision.waits_until, decision.reasons[0].rule) == (Action.WAIT, LATER, "QUAL-4")
    assert decide(StepFacts(TODAY, PlanKind.RULE_OF_SIX), ClientPauses(disqualified_until=TODAY)).action == (
        Action.PLAN
    )


def test_tact7_a_step_a_person_picked_is_kept():
    step = StepFacts(LATER, PlanKind.MANUAL, reasons=(Reason("TACT-7", "manager_choice", LATER),))
    decision = decide(step)
    assert (decision.action, decision.waits_until, decision.reasons[0].code) == (Action.WAIT, LATER, "manager_choice")


def test_cat5_an_overdue_step_comes_first_with_no_day_to_wait_for():
    decision = decide(StepFacts(TODAY - dt.timedelta(days=2), PlanKind.RULE_OF_SIX))
    assert (decision.action, decision.waits_until, decision.reasons[0].code) == (Action.WAIT, None, "next_step_first")


def test_post3_a_planned_catalog_offer_takes_one_more_item_even_within_annoy1():
    step = StepFacts(TODAY + dt.timedelta(days=2), PlanKind.OFFER, catalog_offer=True)
    assert decide(step, earliest=TODAY + dt.timedelta(days=5)).action == Action.JOIN
    assert decide(StepFacts(LATER, PlanKind.OFFER)).action == Action.PLAN  # a POST-2 cadence offer is taken


def test_post3_an_overdue_catalog_offer_takes_one_more_item():
    step = StepFacts(TODAY - dt.timedelta(days=2), PlanKind.OFFER, catalog_offer=True)
    assert decide(step).action == Action.JOIN
