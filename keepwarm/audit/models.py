"""The audit trail: one row per changed field of a client, an organization, a deal or a planned contact.

It sits on the ground floor beside accounts: rows name what they belong to by plain ids (no foreign keys to the
domain apps), so any app may record into it and the recycle bin purges and the GDPR erasure clears it explicitly.
Values are stored as the raw values (codes, ISO dates), shown in the reader's language.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldChange(models.Model):
    class Source(models.TextChoices):
        UI = "ui", _("Web page")
        API = "api", _("API")
        ADMIN = "admin", _("Back office")
        IMPORT = "import", _("Import")
        SYSTEM = "system", _("KeepWarm")

    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(_("through"), max_length=10, choices=Source.choices)
    model = models.CharField(_("record"), max_length=40)  # app_label.model_name
    object_id = models.PositiveBigIntegerField(_("record id"))
    client_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)  # the card it shows on
    organization_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    field = models.CharField(_("field"), max_length=60)
    old = models.JSONField(_("old value"), null=True, blank=True)
    new = models.JSONField(_("new value"), null=True, blank=True)

    class Meta:
        verbose_name = _("field change")
        verbose_name_plural = _("field changes")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.model}#{self.object_id}.{self.field}"
