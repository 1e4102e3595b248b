"""The recycle bin's columns, manager and indexes, shared by organizations and clients: a row a team lead or an
admin deleted is kept RECYCLE_DAYS, invisible to every list, search, plan and task, then purged."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

_M = TypeVar("_M", bound=models.Model)


class KeptManager(models.Manager[_M]):
    """Rows in the recycle bin are gone for every list, search, plan and task; only the bin's own services see
    them (through `with_binned`)."""

    def get_queryset(self) -> models.QuerySet[_M]:
        return super().get_queryset().filter(deleted_at__isnull=True)


RECYCLE_DAYS = 30


def binned_index(name: str) -> models.Index:
    """The bin's own reads (deleted_at set, before a day) use it; the kept rows' `deleted_at IS NULL` cannot."""
    return models.Index(fields=["deleted_at"], name=name, condition=models.Q(deleted_at__isnull=False))


def binned_by_index(name: str) -> models.Index:
    """Who binned rows, for a user's deletion (SET_NULL); NULL on nearly every row, so indexed only where set."""
    return models.Index(fields=["deleted_by"], name=name, condition=models.Q(deleted_by__isnull=False))


class Binnable(models.Model):
    """Deleted by a team lead or an admin: kept in the recycle bin for RECYCLE_DAYS, then purged."""

    # Indexed only where set (binned_index): a plain index on a column NULL on nearly every row made SQLite
    # read every row of a team through it and sort them, instead of walking the name index for a page.
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        db_index=False,  # binned_by_index: a plain index was written for every imported row, for nothing
    )

    objects: KeptManager[Any] = KeptManager()
    with_binned: models.Manager[Any] = models.Manager()

    class Meta:
        abstract = True

    @property
    def purge_on(self) -> dt.date | None:
        """The day a binned row is deleted for good; restore it before then."""
        return (self.deleted_at + dt.timedelta(days=RECYCLE_DAYS)).date() if self.deleted_at else None
