"""Writes for import jobs (the upload, its options and mapping, cancelling); running one is a flow
(keepwarm.flows.imports) since it writes clients, organizations, touches and orders."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.imports import mapping as mappings
from keepwarm.imports import parsing
from keepwarm.imports.models import UNDO_DAYS, ImportJob

OPTION_FIELDS = ("encoding", "delimiter", "sheet", "header_row")


def read_upload(upload: UploadedFile) -> bytes:
    size = upload.size or 0
    parsing.check_size(size)
    data = upload.read(parsing.MAX_BYTES + 1)
    parsing.check_size(len(data))
    return data


def job_options(job: ImportJob) -> parsing.Options:
    return parsing.Options(job.format, job.encoding, job.delimiter, job.sheet, job.header_row)


def job_table(job: ImportJob) -> parsing.Table:
    with job.file.open("rb") as stored:
        data = stored.read()
    table, _chosen = parsing.read(data, job_options(job))
    return table


def _read(job: ImportJob, data: bytes) -> None:
    """Reads the file with the job's options, keeps what was detected, the columns and the row count."""
    table, chosen = parsing.read(data, job_options(job))
    job.encoding, job.delimiter, job.sheet, job.header_row = (
        chosen.encoding,
        chosen.delimiter,
        chosen.sheet,
        chosen.header_row,
    )
    job.headers = table.headers
    job.rows_total = sum(1 for _row in table.rows)
    if not job.rows_total:
        raise parsing.file_error(parsing.NO_ROWS)


def _check_options(options: dict[str, Any]) -> None:
    if options.get("delimiter") and options["delimiter"] not in parsing.DELIMITERS:
        raise ValidationError({"delimiter": [_("Choose ; , or a tab.")]})
    if options.get("encoding") and options["encoding"] not in ("utf-8", "utf-8-sig", "utf-16", "cp1251"):
        raise ValidationError({"encoding": [_("Choose UTF-8, UTF-16 or Windows-1251.")]})
    header_row = options.get("header_row")
    if header_row is not None and not (isinstance(header_row, int) and 1 <= header_row <= 1000):
        raise ValidationError({"header_row": [_("Give a row number from 1 to 1000.")]})


def import_job_create(
    *,
    by: User,
    upload: UploadedFile,
    mapping: Any = None,
    dedup: str = ImportJob.Dedup.SKIP,
    dry_run: bool = False,
    **options: Any,
) -> ImportJob:
    """The uploaded file read once: format, encoding, delimiter and sheet detected (or as asked), the columns and
    a suggested mapping; nothing is imported yet. A file that cannot be read is a ValidationError on `file`.
    The file is read before any transaction opens (on SQLite an open write transaction locks out every other
    writer); only the job's row is written, in one statement."""
    if by.team_id is None:
        raise ValidationError({"file": [_("Only members of a team import clients.")]})
    if dedup not in ImportJob.Dedup.values:
        raise ValidationError({"dedup": [_("Choose skip, update or create.")]})
    _check_options(options)
    data = read_upload(upload)
    name = os.path.basename(upload.name or "clients.csv")[:255]
    job = ImportJob(
        team_id=by.team_id,
        by=by,
        original_name=name,
        format=parsing.guess_format(name, data[:4096]),
        dedup=dedup,
        dry_run=dry_run,
        **{key: value for key, value in options.items() if key in OPTION_FIELDS and value not in (None, "")},
    )
    if not options.get("header_row"):
        job.header_row = 0  # detected: the first row with several filled cells (parsing)
    _read(job, data)
    suggested = mappings.suggest(job.headers)
    job.mapping = suggested if mapping is None else mappings.clean_mapping(mapping, job.headers, base=suggested)
    job.file.save(f"{job.format}-{by.pk}.{job.format}", ContentFile(data), save=False)
    job.save()
    return job


def _check_draft(job: ImportJob, by: User) -> None:
    if job.by_id != by.pk:
        raise PermissionDenied(_("Only the person who uploaded the file prepares its import."))
    if job.status != ImportJob.Status.DRAFT:
        raise ValidationError(_("This import has already been started."))


def import_job_configure(*, job: ImportJob, by: User, **options: Any) -> ImportJob:
    """A new sheet, header row, encoding or delimiter: the file is read again (outside any transaction, as
    import_job_create reads it) and the mapping suggested anew. Another sheet has its own header row: unless one is
    asked for it, the header row is detected again (the page sends the previous sheet's back unchanged)."""
    _check_draft(job, by)
    _check_options(options)
    new_sheet = job.format == ImportJob.Format.XLSX and options.get("sheet") not in (None, "", job.sheet)
    detect_header = new_sheet and options.get("header_row") in (None, job.header_row)
    for key, value in options.items():
        if key in OPTION_FIELDS:
            setattr(job, key, value or ("" if key != "header_row" else 1))
    if detect_header:
        job.header_row = 0  # detected: the first row with several filled cells (parsing)
    if "sheet" in options and job.format != ImportJob.Format.XLSX:
        job.sheet = ""
    with job.file.open("rb") as stored:
        _read(job, stored.read())
    job.mapping = mappings.suggest(job.headers)
    job.save()
    return job


@transaction.atomic
def import_job_map(*, job: ImportJob, by: User, mapping: Any, dedup: str | None = None) -> ImportJob:
    _check_draft(job, by)
    job.mapping = mappings.clean_mapping(mapping, job.headers)  # the page's form: every column, a whole mapping
    if dedup is not None:
        if dedup not in ImportJob.Dedup.values:
            raise ValidationError({"dedup": [_("Choose skip, update or create.")]})
        job.dedup = dedup
    job.save(update_fields=["mapping", "dedup"])
    return job


def check_mapping(job: ImportJob) -> None:
    fields = set(job.mapping.values())
    if not fields & {"full_name", "first_name", "last_name"}:
        raise ValidationError({"mapping": [_("Map at least one column to a name (full, first or last name).")]})


@transaction.atomic
def import_job_cancel(*, job: ImportJob, by: User) -> ImportJob:
    """A queued job stops at once; a running one after its current batch (what it imported stays, and can be
    undone)."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status == ImportJob.Status.DRAFT:
        job.status = ImportJob.Status.CANCELLED
    elif job.is_active:
        job.cancel_requested = True
    else:
        raise ValidationError(_("This import is not running."))
    job.save(update_fields=["status", "cancel_requested"])
    return job


def import_files_purge(*, now: dt.datetime | None = None) -> int:
    """Nightly: the uploaded files of imports finished more than UNDO_DAYS ago (past their undo) are deleted; the
    job, its rows and counts stay. Returns how many files went."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=UNDO_DAYS)
    jobs = ImportJob.objects.filter(finished_at__lt=cutoff).exclude(file="")
    purged = 0
    for job in jobs.only("pk", "file").iterator():
        job.file.delete(save=False)
        purged += ImportJob.objects.filter(pk=job.pk).update(file="")
    return purged
