"""Background re-planning (Django Tasks): thin wrappers around planner services. The nightly run that re-plans
everyone and then the catalog's offers is flows.tasks.nightly."""

from __future__ import annotations

from django_tasks import task

from keepwarm.clients.models import Client
from keepwarm.planner.services import clients_replan


@task()
def replan_team(team_id: int) -> int:
    return clients_replan(clients=Client.objects.filter(owner__team_id=team_id))
