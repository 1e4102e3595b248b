"""After a flow's writes, the client is brought up to date once: its plan (CAT-5) and, when asked, its scorecard."""

from __future__ import annotations

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.planner.requests import NextStepRequest
from keepwarm.planner.services import client_replan
from keepwarm.planner.types import PlannerSettings
from keepwarm.planner.workload import OwnerLoads
from keepwarm.qualification.services import scorecards_recompute
from keepwarm.touches.models import PlannedTouch


def client_refresh(
    *,
    client: Client,
    by: User | None,
    next_step: NextStepRequest | None = None,
    rescore: bool = False,
    loads: OwnerLoads | None = None,
    settings: PlannerSettings | None = None,
) -> PlannedTouch | None:
    """Re-plan (a NEVER client is left with no open planned touch, any other with one next step, a person's pick
    placed by TACT-7), then re-score when the writes changed what the scorecard reads (QUAL-2, QUAL-3). In a batch
    of clients, `loads` carries the owners' loads through it (PLAN-1) and `settings` are their team's, read once."""
    step = client_replan(client=client, by=by, request=next_step, loads=loads, settings=settings)
    if rescore:
        scorecards_recompute(clients=[client])
    return step
