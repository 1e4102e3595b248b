"""After a flow's writes, the client is brought up to date once: its plan (CAT-5) and, when asked, its scorecard."""

from __future__ import annotations

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.planner.requests import NextStepRequest
from keepwarm.planner.services import client_replan
from keepwarm.qualification.services import scorecards_recompute
from keepwarm.touches.models import PlannedTouch


def client_refresh(
    *, client: Client, by: User | None, next_step: NextStepRequest | None = None, rescore: bool = False
) -> PlannedTouch | None:
    """Re-plan (a NEVER client is left with no open planned touch, any other with one next step, a person's pick
    placed by TACT-7), then re-score when the writes changed what the scorecard reads (QUAL-2, QUAL-3)."""
    step = client_replan(client=client, by=by, request=next_step)
    if rescore:
        scorecards_recompute(clients=[client])
    return step
