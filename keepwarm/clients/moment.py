"""Is now a good moment to call this client? The card's adapter onto the planner's tact rules (TACT-1..5).

The rules and the client -> organization -> country resolution live in keepwarm.planner (tact.py, inputs.py);
this module only picks the team's settings, so the card and the planner can never disagree.
"""

from __future__ import annotations

import datetime as dt

from keepwarm.clients.models import Client
from keepwarm.planner.inputs import calendar_facts, settings_for_team
from keepwarm.planner.tact import MomentStatus, moment_status
from keepwarm.planner.types import PlannerSettings


def client_moment(client: Client, now: dt.datetime, settings: PlannerSettings | None = None) -> MomentStatus:
    """The client's local time now and whether a call may start, under the owner's team settings (`settings`:
    those the caller read just now)."""
    settings = settings or settings_for_team(client.owner.team)
    return moment_status(now, calendar_facts(client, settings), settings)
