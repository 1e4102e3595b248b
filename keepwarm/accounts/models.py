"""Users and teams. Custom user model from the first migration (role, team, language, time zone)."""

from __future__ import annotations

import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from keepwarm.clients.choices import Language

CAPACITY_MAX = 500  # PLAN-1: sales contacts in a day, at most


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone: %(zone)s"), params={"zone": value}, code="time_zone")


class Team(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166 code, e.g. MD"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Chisinau", validators=[validate_time_zone]
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    class Role(models.TextChoices):
        MANAGER = "manager", _("Manager")
        LEAD = "lead", _("Team lead")
        ADMIN = "admin", _("Admin")

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MANAGER)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.EN)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Chisinau", validators=[validate_time_zone]
    )
    daily_capacity = models.PositiveSmallIntegerField(
        _("sales contacts in a day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(CAPACITY_MAX)],
        help_text=_("PLAN-1: this manager's own number; empty uses the team's."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="admin") | models.Q(team__isnull=False),
                name="user_team_required_unless_admin",
                violation_error_message=_("Managers and team leads belong to a team."),
            )
        ]

    @property
    def is_lead(self) -> bool:
        return self.role == self.Role.LEAD

    @property
    def is_admin_role(self) -> bool:
        return self.role == self.Role.ADMIN or self.is_superuser

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
