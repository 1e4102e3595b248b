"""A team's ideal customer profile, manager marks and each client's stored scorecard (QUAL-1..4)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts.models import Team
from keepwarm.clients.models import Client
from keepwarm.qualification.scoring import Verdict


class IdealCustomerProfile(models.Model):
    """QUAL-2: empty lists and blank bounds leave that side unchecked (no indicator on a blank)."""

    team = models.OneToOneField(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="profile")
    employees_min = models.PositiveIntegerField(_("employees from"), null=True, blank=True)
    employees_max = models.PositiveIntegerField(_("employees up to"), null=True, blank=True)
    revenue_min = models.DecimalField(
        _("revenue from"), max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    revenue_max = models.DecimalField(
        _("revenue up to"), max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    target_verticals = models.JSONField(_("target verticals"), default=list, blank=True)
    other_scheme_verticals = models.JSONField(
        _("verticals working by other schemes"),
        default=list,
        blank=True,
        help_text=_("Verticals that look like ours but buy differently (tenders, dealers...)."),
    )
    territories = models.JSONField(_("sales territories"), default=list, blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True, help_text=_("ISO codes, e.g. MD, RO."))
    max_tz_offset_hours = models.DecimalField(
        _("acceptable time-zone offset (hours)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(12))],
        help_text=_("How many hours from the team's time zone are still comfortable."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ideal customer profile")
        verbose_name_plural = _("ideal customer profiles")

    def __str__(self) -> str:
        return str(self.team)


class IndicatorMark(models.Model):
    """QUAL-3: a manager's mark on indicators 7–20, with its date and evidence; unmarking keeps the row."""

    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="marks")
    number = models.PositiveSmallIntegerField(_("indicator"), validators=[MinValueValidator(7), MaxValueValidator(20)])
    marked_on = models.DateField(_("observed on"))
    evidence = models.TextField(_("evidence"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    unmarked_at = models.DateTimeField(_("unmarked at"), null=True, blank=True)
    unmarked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("indicator mark")
        verbose_name_plural = _("indicator marks")
        ordering = ["client", "number", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "number"],
                condition=models.Q(unmarked_at__isnull=True),
                name="one_active_mark_per_indicator",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.marked_on}"


class ClientQualification(models.Model):
    """The stored scorecard: what scoring.score() said the last time the client's facts were read."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="qualification")
    indicators = models.JSONField(_("indicators"), default=list)
    computed = models.JSONField(_("computed indicators"), default=list)
    reasons = models.JSONField(_("why computed"), default=dict)
    total = models.FloatField(_("score"), default=0.0)
    verdict = models.CharField(_("verdict"), max_length=24, choices=Verdict.choices, default=Verdict.FIT)
    drivers = models.JSONField(_("drivers"), default=list)
    computed_at = models.DateTimeField(_("computed at"))
    disqualified_confirmed_at = models.DateTimeField(_("disqualification confirmed"), null=True, blank=True)
    reevaluate_on = models.DateField(_("re-evaluate on"), null=True, blank=True)

    class Meta:
        verbose_name = _("client qualification")
        verbose_name_plural = _("client qualifications")
        indexes = [models.Index(fields=["verdict"])]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.verdict}"

    @property
    def is_disqualified(self) -> bool:
        return self.disqualified_confirmed_at is not None


class QualificationEvent(models.Model):
    """QUAL-4 history: a confirmed disqualification and its undo (re-qualification)."""

    class Kind(models.TextChoices):
        DISQUALIFIED = "disqualified", _("Disqualification confirmed")
        REQUALIFIED = "requalified", _("Re-qualified")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="qualification_events")
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("reason"))
    total = models.FloatField(_("score"))
    drivers = models.JSONField(_("drivers"), default=list)

    class Meta:
        verbose_name = _("qualification event")
        verbose_name_plural = _("qualification events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.kind}"
