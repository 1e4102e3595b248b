"""Team planner settings (every METHOD number is a team default) and private calendar feeds."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts.models import CAPACITY_MAX, Team
from keepwarm.clients.models import working_hours_errors
from keepwarm.planner.calendars import GREETING_KEYS


def default_greeting_holidays() -> list[str]:
    return ["new_year"]


class TeamPlannerSettings(models.Model):
    class PreWeekend(models.TextChoices):
        DAY = "day", _("The whole day")
        AFTERNOON = "afternoon", _("Only the afternoon")
        OFF = "off", _("No restriction")

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="planner_settings")
    work_start = models.TimeField(_("working day starts"), default=dt.time(9))
    work_end = models.TimeField(_("working day ends"), default=dt.time(18))
    lunch_start = models.TimeField(_("lunch starts"), null=True, blank=True, default=dt.time(13))
    lunch_end = models.TimeField(_("lunch ends"), null=True, blank=True, default=dt.time(14))
    workdays = models.CharField(
        _("working days"),
        max_length=7,
        default="12345",
        validators=[RegexValidator(r"^[1-7]{1,7}$", _("List working days as digits 1 (Monday) to 7 (Sunday)."))],
    )
    end_of_day_margin_minutes = models.PositiveSmallIntegerField(
        _("no calls in the last minutes of the day"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
        help_text=_("TACT-3: at least 5."),
    )
    pre_weekend_rule = models.CharField(
        _("last working day before a day off"),
        max_length=10,
        choices=PreWeekend.choices,
        default=PreWeekend.DAY,
    )
    pre_weekend_afternoon_from = models.TimeField(_("afternoon starts"), default=dt.time(12))
    min_days_between_outbound = models.PositiveSmallIntegerField(
        _("days between our contacts, at least"), default=7, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    max_outbound_per_30_days = models.PositiveSmallIntegerField(
        _("our contacts per 30 days, at most"), default=2, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    six_target = models.PositiveSmallIntegerField(
        _("contacts per year (rule of six)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    hangup_window_days = models.PositiveSmallIntegerField(
        _("hang-ups counted over (days)"), default=90, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    refusals_to_pause = models.PositiveSmallIntegerField(
        _("refusals in a row before pausing"), default=3, validators=[MinValueValidator(2), MaxValueValidator(10)]
    )
    competitor_default_months = models.PositiveSmallIntegerField(
        _("after a competitor's sale, call again in (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    post_sale_unsuitable_working_days = models.PositiveSmallIntegerField(
        _("meeting after an unsuitable purchase within (working days)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    offer_interval_days = models.PositiveSmallIntegerField(
        _("an offer to customers every (days)"),
        default=45,
        validators=[MinValueValidator(30), MaxValueValidator(60)],
    )
    passive_days = models.PositiveSmallIntegerField(
        _("passive after (days without purchase or contact)"),
        default=180,
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
    )
    greeting_holidays = models.JSONField(_("holidays to greet clients on"), default=default_greeting_holidays)
    greet_org_anniversary = models.BooleanField(_("greet organizations on their anniversary"), default=False)
    call_minutes = models.PositiveSmallIntegerField(
        _("call length (minutes)"), default=15, validators=[MinValueValidator(5), MaxValueValidator(120)]
    )
    daily_capacity = models.PositiveSmallIntegerField(
        _("sales contacts a manager makes in a day"),
        default=40,
        validators=[MinValueValidator(1), MaxValueValidator(CAPACITY_MAX)],
        help_text=_("PLAN-1: the planner spreads flexible contacts so that no day has more."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("planner settings")
        verbose_name_plural = _("planner settings")

    def __str__(self) -> str:
        return str(self.team)

    def clean(self) -> None:
        """TACT-1..4 settings that leave time to call: a real day, lunch inside it, a margin shorter than it; POST-5
        holidays the planner knows."""
        super().clean()
        errors = working_hours_errors(self.work_start, self.work_end, self.lunch_start, self.lunch_end, self.workdays)
        if "work_end" not in errors and self.work_start and self.work_end:
            day_minutes = (self.work_end.hour * 60 + self.work_end.minute) - (
                self.work_start.hour * 60 + self.work_start.minute
            )
            if self.end_of_day_margin_minutes is not None and self.end_of_day_margin_minutes >= day_minutes:
                errors["end_of_day_margin_minutes"] = str(_("The margin must be shorter than the working day."))
        if not _known_holidays(self.greeting_holidays):
            keys = ", ".join(GREETING_KEYS)
            errors["greeting_holidays"] = str(_("Choose holidays from the list: %(keys)s.") % {"keys": keys})
        if errors:
            raise ValidationError(errors)


def _known_holidays(value: object) -> bool:
    """POST-5: a list of holiday keys the planner knows (calendars.GREETING_KEYS)."""
    return isinstance(value, list) and all(isinstance(key, str) and key in GREETING_KEYS for key in value)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A private iCalendar URL; revoking it makes the old URL answer 404 at once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} feed"


# The fields a team lead edits (settings page and API).
SETTINGS_FIELDS = tuple(
    field.name for field in TeamPlannerSettings._meta.concrete_fields if field.name not in {"id", "team", "updated_at"}
)
