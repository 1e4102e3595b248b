"""Background work of the flows (Django Tasks): thin wrappers, and the nightly run that chains the apps' own work."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from keepwarm.catalog.tasks import retry_due_offers
from keepwarm.clients.models import Client
from keepwarm.core.db import refresh_query_statistics
from keepwarm.flows.imports_queue import imports_resume_stale
from keepwarm.flows.letters import courtesy_letters_prepare
from keepwarm.flows.letters_outbox import deliver_due_letters
from keepwarm.flows.recycle import bin_purge
from keepwarm.imports.services import import_files_purge
from keepwarm.planner.services import clients_replan

NIGHTLY_AT = dt.time(2, 30)  # UTC, before the earliest working morning in Europe and Russia's Far East


@task()
def purge_recycle_bin() -> int:
    """Nightly: what has been in the recycle bin for RECYCLE_DAYS is deleted for good."""
    return bin_purge()


@task()
def prepare_courtesy_letters() -> int:
    """Write the greetings and thank-yous planned for the coming day (LET-1, POST-5); returns how many."""
    return courtesy_letters_prepare()


@task()
def nightly(reschedule: bool = False) -> int:
    """Re-plan every client (new holidays, drift) and prepare the day's courtesy letters, then retry the catalog
    offers whose pause or agreed date is over (now that the steps are fresh), empty the recycle bin, queue again any
    import whose worker died (a backstop to its watchdog) and delete the files of imports past their undo; with
    `reschedule`, queue itself for the next night and the courtesy letters for each hour until then. Returns how
    many next steps changed."""
    changed = clients_replan(clients=Client.objects.all())
    courtesy_letters_prepare()  # LET-1, POST-5: from the fresh plan
    refresh_query_statistics()
    retry_due_offers.enqueue()
    purge_recycle_bin.enqueue()
    imports_resume_stale()
    import_files_purge()
    deliver_due_letters.enqueue()  # a backstop: every letter has its own task and each claim its watchdog
    if reschedule:
        tomorrow = timezone.now().date() + dt.timedelta(days=1)
        run_after = dt.datetime.combine(tomorrow, NIGHTLY_AT, tzinfo=dt.UTC)
        nightly.using(run_after=run_after).enqueue(reschedule=True)
        # Hourly until then: thank-yous for today's purchases, and greetings in zones whose day starts meanwhile.
        for hour in range(1, 24):
            prepare_courtesy_letters.using(run_after=timezone.now() + dt.timedelta(hours=hour)).enqueue()
    return changed
