"""Import pages: upload -> sheet and header row -> map columns with a preview -> run -> progress -> result."""

from __future__ import annotations

import contextlib
import itertools
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keepwarm.clients.access import clients_visible_to
from keepwarm.core.error_pages import refusal_page
from keepwarm.core.forms import add_service_error
from keepwarm.core.middleware import REFUSED
from keepwarm.core.requests import AuthedRequest
from keepwarm.flows.imports import row_context
from keepwarm.flows.imports_queue import import_start, import_undo, imports_resume_stale
from keepwarm.imports import downloads, parsing, services
from keepwarm.imports.access import import_jobs_visible_to
from keepwarm.imports.errors import failure_text, noticed, worded
from keepwarm.imports.forms import ENCODINGS, MappingForm, OptionsForm, UploadForm
from keepwarm.imports.models import ImportJob, ImportRow
from keepwarm.imports.rows import read_row

LISTED = 100


def _job(request: AuthedRequest, pk: int) -> ImportJob:
    return get_object_or_404(import_jobs_visible_to(request.user).select_related("by", "team"), pk=pk)


@login_required
def import_list(request: AuthedRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.GET.get(REFUSED) == "too_large":  # the middleware turned the upload away unread
        form = UploadForm(data={})
        form.errors["file"] = form.error_class([parsing.TOO_BIG % {"limit": parsing.MAX_BYTES // 2**20}])
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(by=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("imports:detail", pk=job.pk)
    jobs = import_jobs_visible_to(request.user).select_related("by").order_by("-created_at", "-id")[:50]
    status = 400 if form.errors else 200
    return render(request, "imports/list.html", {"form": form, "jobs": jobs}, status=status)


def _sheets(job: ImportJob) -> list[str]:
    if job.format != ImportJob.Format.XLSX:
        return []
    try:
        return services.job_table(job).sheets
    except ValidationError:
        return [job.sheet]


def _preview(job: ImportJob, mapping: dict[str, str]) -> list[dict[str, Any]]:
    """The first rows as the import would read them, each cell with its problem."""
    try:
        table = services.job_table(job)
    except ValidationError:
        return []
    context = row_context(job)
    shown = []
    for number, cells in itertools.islice(table.rows, parsing.PREVIEW_ROWS):
        draft = read_row(number, cells, mapping=mapping, headers=job.headers, context=context)
        row = ImportRow(errors=draft.errors, notices=draft.notices)
        by_column, general = _by_column(worded(row))
        notes_by_column, notes = _by_column(noticed(row))
        padded = [*cells, *[""] * (len(job.headers) - len(cells))][: len(job.headers)]
        cells_shown = [(cell, by_column.get(header, []), notes_by_column.get(header, []))
                       for header, cell in zip(job.headers, padded, strict=True)]  # fmt: skip
        # The columns with a problem, named beside the row number: a wide file's cells sit off screen.
        troubled = [header for header in job.headers if by_column.get(header)]
        shown.append({"number": number, "cells": cells_shown, "general": general, "troubled": troubled,
                      "notes": notes, "totals": draft.totals})  # fmt: skip
    return shown


def _by_column(messages: list[dict[str, Any]]) -> tuple[dict[str, list[str]], list[str]]:
    """The messages of a row's cells by column, and those of the whole row."""
    by_column: dict[str, list[str]] = {}
    general = []
    for message in messages:
        if message["column"]:
            by_column.setdefault(message["column"], []).append(message["message"])
        else:
            general.append(message["message"])
    return by_column, general


def _setup(request: AuthedRequest, job: ImportJob, **extra: Any) -> dict[str, Any]:
    mapping_form = extra.pop("mapping_form", None) or MappingForm(job=job)
    mapping = mapping_form.mapping() if mapping_form.is_bound and mapping_form.is_valid() else job.mapping
    return {
        "job": job,
        "encoding": dict(ENCODINGS).get(job.encoding, job.encoding),  # as the encoding list names it
        "options_form": extra.pop("options_form", None) or OptionsForm(job=job, sheets=_sheets(job)),
        "mapping_form": mapping_form,
        "preview": _preview(job, mapping),
        **extra,
    }


def _near(request: AuthedRequest, job: ImportJob) -> list[dict[str, Any]]:
    """Each row imported beside similar names, with the clients named (those the user may see, OWN-1)."""
    rows = list(ImportRow.objects.filter(job=job).exclude(near=[]).order_by("number")[:LISTED])
    wanted = {pk for row in rows for pk in (row.client_id, *row.near) if pk}
    visible = clients_visible_to(request.user).filter(pk__in=wanted).only("last_name", "first_name", "patronymic")
    shown = {client.pk: client for client in visible}
    return [
        {"row": row, "client": shown.get(row.client_id or 0), "similar": [(pk, shown.get(pk)) for pk in row.near]}
        for row in rows
    ]


IMPORTED = (ImportRow.Status.CREATED, ImportRow.Status.UPDATED, ImportRow.Status.VALID)


def _result(request: AuthedRequest, job: ImportJob) -> dict[str, Any]:
    failed = ImportRow.objects.filter(job=job, status=ImportRow.Status.FAILED).order_by("number")[:LISTED]
    noted = ImportRow.objects.filter(job=job).exclude(notices=[]).order_by("number")[:LISTED]
    return {
        "job": job,
        "failure": failure_text(job),
        "problems": [(row, worded(row)) for row in failed],
        "notices": [(row, noticed(row)) for row in noted],
        "near": _near(request, job),
        # rows that went in (a failed or skipped row's derivations changed nothing)
        "derived": ImportRow.objects.filter(job=job, status__in=IMPORTED).exclude(derived=[]).count(),
    }


@login_required
def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.status == ImportJob.Status.DRAFT:
        return render(request, "imports/setup.html", _setup(request, job))
    return render(request, "imports/job.html", _result(request, job))


@login_required
def import_progress(request: AuthedRequest, pk: int) -> HttpResponse:
    """What the page polls while the import or its undo runs; a job whose worker died is queued again (it
    resumes)."""
    job = _job(request, pk)
    if job.status in (ImportJob.Status.RUNNING, ImportJob.Status.UNDOING):
        imports_resume_stale()
    return render(request, "imports/job.html#status", _result(request, job))


@login_required
@require_POST
def import_options(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    form = OptionsForm(request.POST, job=job, sheets=_sheets(job))
    if form.is_valid():
        try:
            services.import_job_configure(job=job, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        job.refresh_from_db()
        return render(request, "imports/setup.html", _setup(request, job, options_form=form), status=400)
    return redirect("imports:detail", pk=job.pk)


@login_required
@require_POST
def import_preview(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    form = MappingForm(request.POST, job=job)
    return render(request, "imports/setup.html#preview", _setup(request, job, mapping_form=form))


@login_required
@require_POST
def import_run(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    form = MappingForm(request.POST, job=job)
    if form.is_valid():
        try:
            services.import_job_map(job=job, by=request.user, mapping=form.mapping(), dedup=form.cleaned_data["dedup"])
            import_start(job=job, by=request.user)
        except ValidationError as error:
            add_service_error(form, error)
    if form.errors:
        return render(request, "imports/setup.html", _setup(request, job, mapping_form=form), status=400)
    return redirect("imports:detail", pk=job.pk)


@login_required
@require_POST
def import_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    with contextlib.suppress(ValidationError):  # finished meanwhile: the page shows how it ended
        services.import_job_cancel(job=job, by=request.user)
    return redirect("imports:detail", pk=job.pk)


@login_required
def import_undo_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """GET asks to confirm (undo removes clients: never one click away); POST starts the undo, whose progress the
    import's page then shows."""
    job = _job(request, pk)
    if request.method != "POST":
        return render(request, "imports/undo.html", {"job": job})
    context = _result(request, job)
    try:
        import_undo(job=job, by=request.user)
    except ValidationError as error:
        context["undo_error"] = " ".join(error.messages)
        return render(request, "imports/job.html", context, status=400)
    return redirect("imports:detail", pk=job.pk)


@login_required
def import_errors(request: AuthedRequest, pk: int) -> HttpResponseBase:
    job = _job(request, pk)
    fmt = request.GET.get("format", "csv")
    if fmt == "xlsx":
        return downloads.errors_xlsx(job)
    if fmt != "csv":  # the CSV for a format asked for by mistake passed for it
        problem = _("Choose one of: %(formats)s.") % {"formats": "csv, xlsx"}
        return refusal_page(request, [problem], back=reverse("imports:detail", args=[job.pk]),
                            back_label=_("Back to the import"))  # fmt: skip
    return downloads.errors_csv(job)
