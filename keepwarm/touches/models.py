"""Touches (contacts that happened) and planned touches (the next step and courtesy touches)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keepwarm.clients.models import Client
from keepwarm.touches.choices import Channel, Direction, Goal, Outcome, PlanKind, PlanStatus, RefusalReason


class Touch(models.Model):
    # Indexed by the timeline index below, which starts with the client: a second index on the client alone
    # only misled PostgreSQL into reading touch rows for what the timeline index holds.
    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="touches", db_index=False
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    happened_at = models.DateTimeField(_("when"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.OUTBOUND)
    goal = models.CharField(_("goal"), max_length=24, choices=Goal.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    refusal_reason = models.CharField(_("refusal reason"), max_length=24, choices=RefusalReason.choices, blank=True)
    refusal_note = models.TextField(_("what the client did not yet see"), blank=True)
    continue_on = models.DateField(_("continue on"), null=True, blank=True)
    preferred_time = models.TimeField(_("client's preferred time"), null=True, blank=True)
    competitor = models.CharField(_("competitor"), max_length=120, blank=True)
    competitor_advice = models.TextField(_("client's advice to us"), blank=True)
    material = models.CharField(_("material sent"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    planned_touch = models.ForeignKey(
        "PlannedTouch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("touch")
        verbose_name_plural = _("touches")
        ordering = ["-happened_at", "-id"]
        # What the reports read of a client's touches rides in the client's timeline index, so that counting
        # contacts (SIX-2, POST-4), finding a last refusal or counting a team's activity by day, channel, goal and
        # outcome reads the index alone instead of every touch row (a lead's year: 50,000 rows of a million).
        indexes = [
            models.Index(
                # The id last: PostgreSQL counts rows without reading them too (SQLite's indexes hold the rowid).
                fields=["client", "happened_at", "outcome", "channel", "goal", "by", "id"],
                name="touch_client_timeline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.happened_at:%Y-%m-%d} {self.channel} {self.outcome}"


class PlannedTouch(models.Model):
    """A contact KeepWarm or the manager planned. The one open next step per client is CAT-5."""

    # client and owner: the indexes below lead with them, so a plain index of each only cost every new row its
    # writing (an import writes two planned touches a client).
    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="planned_touches", db_index=False
    )
    # The client's owner, copied so an agenda reads one index range (owner, status, due date) instead of
    # joining a million clients; the planner and clients_reassign keep it equal to client.owner.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    due_date = models.DateField(_("due date"))
    window_start = models.TimeField(_("from"), null=True, blank=True)
    window_end = models.TimeField(_("until"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, help_text=_("Start of the window, in UTC."))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.CALL)
    goal = models.CharField(_("goal"), max_length=24, choices=Goal.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices, default=PlanKind.MANUAL)
    is_next_step = models.BooleanField(_("next step"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.OPEN)
    client_choice = models.BooleanField(_("client's choice"), default=False)
    urgent = models.BooleanField(_("urgent"), default=False)
    # PLAN-1: the day a step was first due, kept when an overdue backlog is spread over the next working days.
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    explanation = models.JSONField(_("why"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(  # NULL on every planned step: indexed only where set (below)
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("planned touch")
        verbose_name_plural = _("planned touches")
        ordering = ["due_date", "due_at", "id"]
        indexes = [
            # In the agenda's order (due date, start, id), so a page of it stops at its limit instead of
            # sorting everything due: by owner for a manager, by status for a team or everyone.
            models.Index(fields=["status", "due_date", "due_at", "id"]),
            models.Index(fields=["owner", "status", "due_date", "due_at", "id"]),
            models.Index(fields=["client", "status", "due_date"]),  # the card's timeline, newest first
            # A user's deletion sets their manual steps' author to NULL: found without a scan of every step.
            models.Index(
                fields=["created_by"], name="planned_created_by_set", condition=models.Q(created_by__isnull=False)
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=models.Q(status=PlanStatus.OPEN, is_next_step=True),
                name="one_open_next_step_per_client",
                violation_error_message=_("A client has exactly one open next step (CAT-5)."),
            ),
            models.CheckConstraint(
                condition=models.Q(window_start__isnull=True)
                | models.Q(window_end__isnull=True)
                | models.Q(window_start__lte=models.F("window_end")),
                name="planned_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.due_date} {self.get_goal_display()}"
