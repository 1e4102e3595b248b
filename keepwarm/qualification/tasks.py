"""Background rescoring (Django Tasks): thin wrappers around qualification services."""

from __future__ import annotations

from django_tasks import task

from keepwarm.clients.models import Client
from keepwarm.qualification.services import scorecards_recompute


@task()
def rescore_team(team_id: int) -> int:
    return scorecards_recompute(clients=Client.objects.filter(owner__team_id=team_id))
