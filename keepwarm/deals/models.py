"""Deals through the five sales stages (SALE-1) and the corporate grid assessment (CORP-1)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from keepwarm.clients.models import Client, Organization
from keepwarm.core.models import TimeStamped
from keepwarm.qualification.grid import Grade, Strategy, strategy_for
from keepwarm.qualification.indicators import DealStage


class Deal(TimeStamped):
    class Result(models.TextChoices):
        OPEN = "open", pgettext_lazy("deal status", "Open")
        WON = "won", _("Won")
        LOST = "lost", _("Lost")

    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="deals")
    title = models.CharField(_("title"), max_length=200)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    stage = models.CharField(_("stage"), max_length=20, choices=DealStage.choices, default=DealStage.SEARCH_EVALUATION)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, default=Result.OPEN)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["result", "stage"])]

    def __str__(self) -> str:
        return self.title


class DealStageChange(models.Model):
    """SALE-1 history: every move of a deal, and its close."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="stage_changes")
    changed_at = models.DateTimeField(_("when"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=DealStage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=DealStage.choices)
    result = models.CharField(_("result"), max_length=10, choices=Deal.Result.choices, default=Deal.Result.OPEN)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("deal stage change")
        verbose_name_plural = _("deal stage changes")
        ordering = ["-changed_at", "-id"]
        # A deal's moves in order: the funnel's time in a stage is the next move's time (SALE-1 report).
        indexes = [models.Index(fields=["deal", "changed_at"], name="deal_stage_change_order")]

    def __str__(self) -> str:
        return f"{self.from_stage or '-'} -> {self.to_stage}"


class OrganizationAssessment(models.Model):
    """CORP-1: where a corporate prospect sits on the interest x financial capacity grid."""

    organization = models.OneToOneField(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="assessment"
    )
    interest = models.CharField(_("interest"), max_length=10, choices=Grade.choices)
    capacity = models.CharField(_("financial capacity"), max_length=10, choices=Grade.choices)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assessed_at = models.DateTimeField(_("assessed at"), auto_now=True)

    class Meta:
        verbose_name = _("organization assessment")
        verbose_name_plural = _("organization assessments")
        indexes = [models.Index(fields=["interest", "capacity"])]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.interest}/{self.capacity}"

    @property
    def strategy(self) -> Strategy:
        return strategy_for(self.interest, self.capacity)
