"""An import of clients from a file (issue 11): the job, and one row per file row with what became of it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from keepwarm.accounts.models import Team

UNDO_DAYS = 30
ABANDONED_AFTER = dt.timedelta(days=1)  # an upload never started since is shown as abandoned


class ImportJob(models.Model):
    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        VCARD = "vcf", "vCard"

    class Dedup(models.TextChoices):
        SKIP = "skip", _("Skip the row")
        UPDATE = "update", _("Update the existing client")
        CREATE = "create", _("Create a new client anyway")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", pgettext_lazy("import status", "Done")  # "Done" alone is worded as an adjective elsewhere
        FAILED = "failed", _("Failed")
        # Stopped while running; distinct in every language from UNDONE (its clients removed afterwards).
        CANCELLED = "cancelled", pgettext_lazy("import status", "Cancelled")
        UNDOING = "undoing", _("Being undone")  # the worker is taking it back (flows.imports_undo)
        UNDONE = "undone", _("Undone")

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.CASCADE, related_name="+")
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=1, blank=True)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    header_row = models.PositiveIntegerField(_("header row"), default=1)
    headers = models.JSONField(_("columns"), default=list, blank=True)
    mapping = models.JSONField(_("mapping"), default=dict, blank=True, help_text=_("Column index -> field."))
    dedup = models.CharField(_("duplicates"), max_length=6, choices=Dedup.choices, default=Dedup.SKIP)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    failure = models.CharField(_("failure"), max_length=40, blank=True)  # a code, worded when shown
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # the last committed batch: a silent job is resumed
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    undo_until = models.DateTimeField(_("can be undone until"), null=True, blank=True)
    cancel_requested = models.BooleanField(default=False)
    # The undo, asked by `undo_by` and run by the worker: the rows that created or updated a client are taken back
    # the last first, and `undone_from` (set in the transaction that takes them back) is the number of the last one
    # taken back, so a resumed undo goes on below it and never takes a row back twice; then the reverted clients
    # are re-planned in the order of their ids, through `undo_replanned_through`.
    undo_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("undone by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    undo_started_at = models.DateTimeField(_("undo asked"), null=True, blank=True)
    undo_rows_total = models.PositiveIntegerField(_("rows to undo"), default=0)
    undo_rows_done = models.PositiveIntegerField(_("rows undone"), default=0)
    undone_from = models.PositiveIntegerField(null=True, blank=True)
    undo_replanned_through = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_undoing(self) -> bool:
        return self.status == self.Status.UNDOING

    @property
    def seconds_left(self) -> int | None:
        """ETA from the pace so far, while the import runs. None while it is undone: its first rows taken back (new
        clients, binned in bulk) go many times faster than the updates reverted after them, so no pace holds."""
        if self.status != self.Status.RUNNING or not self.started_at or not self.rows_done or not self.heartbeat_at:
            return None
        spent = (self.heartbeat_at - self.started_at).total_seconds()
        return int(spent / self.rows_done * max(self.rows_total - self.rows_done, 0))

    @property
    def is_abandoned(self) -> bool:
        return self.status == self.Status.DRAFT and self.created_at < timezone.now() - ABANDONED_AFTER

    @property
    def status_shown(self) -> str:
        """The status as the pages show it: an upload left unprepared for a day is abandoned, not being prepared."""
        if self.is_abandoned:
            return str(pgettext_lazy("import status", "Abandoned"))
        return str(self.get_status_display())

    @property
    def percent(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0

    @property
    def undo_percent(self) -> int:
        return int(100 * self.undo_rows_done / self.undo_rows_total) if self.undo_rows_total else 0

    def undo_deadline(self, finished: dt.datetime) -> dt.datetime:
        return finished + dt.timedelta(days=UNDO_DAYS)


class ImportRow(models.Model):
    class Status(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        SKIPPED = "skipped", _("Skipped: already there")
        FAILED = "failed", _("Not imported")
        VALID = "valid", _("Valid (dry run)")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("row"))  # as the spreadsheet numbers it
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    client_id = models.BigIntegerField(_("client"), null=True, blank=True)  # a plain id: undo and purges outlive it
    organization_created = models.BigIntegerField(null=True, blank=True)
    # [{"column": "Phone", "value": "12", "code": "phone_invalid", "params": {...}}]: worded in the reader's language
    errors = models.JSONField(_("errors"), default=list, blank=True)
    cells = models.JSONField(_("original cells"), default=list, blank=True)
    before = models.JSONField(default=dict, blank=True)  # what an update changed, to undo it
    derived = models.JSONField(default=list, blank=True)  # fields filled from others (time zone from the phone)
    near = models.JSONField(default=list, blank=True)  # ids of clients with a similar name, for review
    # What the person should know about a row that did not fail it (a totals row skipped, an unknown group left at
    # its default): as `errors`, codes with parameters worded when shown.
    notices = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        ordering = ["job", "number"]
        constraints = [models.UniqueConstraint(fields=["job", "number"], name="import_row_once")]

    def __str__(self) -> str:
        return f"{self.job_id}:{self.number} {self.status}"
