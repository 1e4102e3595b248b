"""Template helpers for planned touches: why a contact sits where it is (TACT-7)."""

from __future__ import annotations

from django import template

from keepwarm.planner.selectors import explanation
from keepwarm.touches.models import PlannedTouch

register = template.Library()


@register.filter
def reasons(planned: PlannedTouch | None) -> list[str]:
    """The planned touch's explanation in the viewer's language, one sentence per reason."""
    return explanation(planned) if planned else []
