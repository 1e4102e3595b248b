"""Each client's place on the ladder, its history, the team's privileges per level and overrides (LAD-1..6)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts.models import Team
from keepwarm.clients.models import Client, Order
from keepwarm.ladder.criteria import Level, ProspectBehaviour
from keepwarm.ladder.privileges import ServicePriority, Term

# LAD-2/LAD-3: criteria only the manager can judge; names match criteria.LadderFacts.
CONFIRMATIONS = ("understands_process", "open_to_rebuy", "ready_to_talk", "satisfied", "visits_offices")


class ClientLadder(models.Model):
    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="ladder")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.PROSPECT)
    understands_process = models.BooleanField(_("understands our sales, service and paperwork"), default=False)
    open_to_rebuy = models.BooleanField(_("does not rule out buying again"), default=False)
    ready_to_talk = models.BooleanField(_("ready to keep talking with us"), default=False)
    satisfied = models.BooleanField(_("satisfied with our service and quality"), default=False)
    visits_offices = models.BooleanField(_("gladly visits our offices"), default=False)
    prospect_behaviour = models.CharField(
        _("prospect's behaviour"), max_length=20, choices=ProspectBehaviour.choices, blank=True
    )
    partnership = models.BooleanField(_("partnership recorded"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("client ladder")
        verbose_name_plural = _("client ladders")
        indexes = [models.Index(fields=["level"])]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.get_level_display()}"


class LadderChange(models.Model):
    """LAD-6: every confirmed move, up or down."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="ladder_changes")
    from_level = models.PositiveSmallIntegerField(_("from"), choices=Level.choices)
    to_level = models.PositiveSmallIntegerField(_("to"), choices=Level.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("when"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("ladder change")
        verbose_name_plural = _("ladder changes")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["client", "at"])]

    def __str__(self) -> str:
        return f"{self.from_level} -> {self.to_level}"


class LevelPrivileges(models.Model):
    """LAD-5: what a level earns in a team; a missing row means privileges.DEFAULT_PRIVILEGES."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="level_privileges")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    discount_pct = models.DecimalField(
        _("discount, %"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    payment_terms_days = models.PositiveIntegerField(_("payment terms, days"))
    service_priority = models.CharField(_("service priority"), max_length=10, choices=ServicePriority.choices)
    personal_manager = models.BooleanField(_("personal manager"))
    gifts = models.BooleanField(_("gifts"))

    class Meta:
        verbose_name = _("level privileges")
        verbose_name_plural = _("level privileges")
        ordering = ["team", "level"]
        constraints = [models.UniqueConstraint(fields=["team", "level"], name="privileges_unique_per_level")]

    def __str__(self) -> str:
        return f"{self.team_id}: {self.get_level_display()}"


class PrivilegeOverride(models.Model):
    """LAD-5: an offer beyond the client's level, with who allowed it and why (shown in reports)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="privilege_overrides")
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    what = models.CharField(_("what"), max_length=16, choices=Term.choices)
    offered = models.DecimalField(_("offered"), max_digits=7, decimal_places=2)
    allowed = models.DecimalField(_("allowed by the level"), max_digits=7, decimal_places=2)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        verbose_name = _("privilege override")
        verbose_name_plural = _("privilege overrides")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.what}: {self.offered} > {self.allowed}"
