"""Template helpers for planned touches: why a contact sits where it is (TACT-7), goals' labels."""

from __future__ import annotations

from django import template

from keepwarm.planner.explain import explanation
from keepwarm.touches.choices import Goal
from keepwarm.touches.models import PlannedTouch

register = template.Library()


@register.filter
def reasons(planned: PlannedTouch | None) -> list[str]:
    """The planned touch's explanation in the viewer's language, one sentence per reason."""
    return explanation(planned) if planned else []


@register.filter
def goal_label(value: str) -> str:
    """A POST-8 goal's label for plain planner data (not a model row)."""
    return str(Goal(value).label) if value in Goal.values else value
