"""Plain-data personas for the pure planner: no database and no Django settings needed."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from keepwarm.clients.choices import Category
from keepwarm.planner.types import ClientFacts, PlannedContact, PlannerSettings, TouchFact
from keepwarm.touches.choices import Channel, Direction, Goal, Outcome

SETTINGS = PlannerSettings()


def local(zone: str, year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


def ivan(**overrides: Any) -> ClientFacts:
    """A FUTURE prospect in Moscow."""
    return ClientFacts(
        **{"client_id": 1, "category": Category.FUTURE, "time_zone": "Europe/Moscow", "country": "RU", **overrides}
    )


def ioana(**overrides: Any) -> ClientFacts:
    """A NOW client in Bucharest."""
    return ClientFacts(
        **{"client_id": 2, "category": Category.NOW, "time_zone": "Europe/Bucharest", "country": "RO", **overrides}
    )


def touch(
    at: datetime,
    outcome: str = Outcome.REACHED,
    *,
    goal: str = Goal.IDENTIFY_NEEDS,
    channel: str = Channel.CALL,
    direction: str = Direction.OUTBOUND,
    continue_on: date | None = None,
) -> TouchFact:
    return TouchFact(at=at, channel=channel, direction=direction, goal=goal, outcome=outcome, continue_on=continue_on)


def next_step(plan: list[PlannedContact]) -> PlannedContact:
    """CAT-5: the plan has exactly one next step."""
    (step,) = [contact for contact in plan if contact.is_next_step]
    return step


def codes(contact: PlannedContact) -> list[tuple[str, str]]:
    return [(reason.rule, reason.code) for reason in contact.reasons]
