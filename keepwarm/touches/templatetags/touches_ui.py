"""Template helpers for planned touches: why a contact sits where it is (TACT-7), hang-up warnings (ANNOY-2)."""

from __future__ import annotations

import datetime as dt

from django import template

from keepwarm.clients.models import Client
from keepwarm.planner import inputs
from keepwarm.planner.explain import explanation
from keepwarm.touches.choices import Goal
from keepwarm.touches.models import PlannedTouch

register = template.Library()


@register.filter
def reasons(planned: PlannedTouch | None) -> list[str]:
    """The planned touch's explanation in the viewer's language, one sentence per reason."""
    return explanation(planned) if planned else []


@register.filter
def hangup_warning(client: Client) -> dt.date | None:
    """ANNOY-2: the day of the latest hang-up when the card should warn the manager, else None."""
    return inputs.hangup_warning(client)


@register.filter
def goal_label(value: str) -> str:
    """A POST-8 goal's label for plain planner data (not a model row)."""
    return str(Goal(value).label) if value in Goal.values else value
