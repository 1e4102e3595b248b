"""Background work of the flows (Django Tasks): thin wrappers."""

from __future__ import annotations

from django_tasks import task

from keepwarm.flows.recycle import bin_purge


@task()
def purge_recycle_bin() -> int:
    """Nightly: what has been in the recycle bin for RECYCLE_DAYS is deleted for good."""
    return bin_purge()
