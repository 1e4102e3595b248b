"""The achievements journal (JOUR-1): what worked in a sale, reviewed and ticked off."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keepwarm.clients.models import Client
from keepwarm.core.models import TimeStamped
from keepwarm.deals.models import Deal


class JournalEntry(TimeStamped):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="journal_entries"
    )
    date = models.DateField(_("date"))
    client = models.ForeignKey(
        Client, verbose_name=_("client"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deal = models.ForeignKey(
        Deal, verbose_name=_("deal"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conditions = models.TextField(_("conditions of the sale"), blank=True)
    method = models.TextField(_("method that worked"))
    result = models.TextField(_("result"), blank=True)
    feedback = models.TextField(_("client's feedback: what to improve"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["author", "reviewed_at"])]

    def __str__(self) -> str:
        return f"{self.date} {self.method[:60]}"
