"""Users and teams. Custom user model from the first migration (role, team, language, time zone)."""

from __future__ import annotations

import zoneinfo
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from keepwarm.core.l10n import Language

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


class KeepWarmUserManager(UserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> User:
        """`keepwarm createsuperuser` makes an admin: other roles need a team (user_team_required_unless_admin)."""
        extra_fields.setdefault("role", User.Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


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
    # Part of every session's hash: raising it ends all the user's sessions ("log out everywhere").
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    daily_capacity = models.PositiveSmallIntegerField(
        _("sales contacts in a day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(CAPACITY_MAX)],
        help_text=_("PLAN-1: this manager's own number; empty uses the team's."),
    )

    objects: ClassVar[KeepWarmUserManager] = KeepWarmUserManager()

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

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django's hash of the password, with the generation mixed in once the user has logged out everywhere
        (generation 0 keeps the plain hash, so existing sessions survive the upgrade)."""
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]
        key_salt = "keepwarm.accounts.User.session_generation"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Session(AbstractBaseSession):
    """Django's database session with its signed-in user's id as a column (`accounts.sessions`): a request reads
    its session and its user in one statement. Deleting a user ends their sessions."""

    user = models.ForeignKey(User, null=True, on_delete=models.CASCADE, related_name="+")
