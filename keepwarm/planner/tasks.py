"""Background re-planning (Django Tasks): thin wrappers around planner services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from keepwarm.catalog.tasks import retry_due_offers
from keepwarm.clients.models import Client
from keepwarm.core.db import refresh_query_statistics
from keepwarm.flows.tasks import purge_recycle_bin
from keepwarm.planner.services import clients_replan

NIGHTLY_AT = dt.time(2, 30)  # UTC, before the earliest working morning in Europe and Russia's Far East


@task()
def replan_team(team_id: int) -> int:
    return clients_replan(clients=Client.objects.filter(owner__team_id=team_id))


@task()
def replan_all(reschedule: bool = False) -> int:
    """Re-plan every client; with `reschedule`, queue itself again for the next night (new holidays, drift)."""
    changed = clients_replan(clients=Client.objects.all())
    refresh_query_statistics()
    retry_due_offers.enqueue()  # catalog offers whose pause or agreed date is over, now that the steps are fresh
    purge_recycle_bin.enqueue()
    if reschedule:
        tomorrow = timezone.now().date() + dt.timedelta(days=1)
        run_after = dt.datetime.combine(tomorrow, NIGHTLY_AT, tzinfo=dt.UTC)
        replan_all.using(run_after=run_after).enqueue(reschedule=True)
    return changed
