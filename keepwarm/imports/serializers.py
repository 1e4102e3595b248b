"""API shapes for imports: the upload's fields in, the job with its progress and problems out."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from keepwarm.imports import parsing
from keepwarm.imports.errors import failure_text, noticed, worded
from keepwarm.imports.mapping import FIELDS
from keepwarm.imports.models import ImportJob, ImportRow

LISTED_ROWS = 100  # errors, notices and near matches in the job's answer; the errors file has them all


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string", "enum": list(FIELDS)},
        "description": "Column (0-based index or header name) -> field; in a multipart upload, its JSON text.",
    }
)
class MappingField(serializers.JSONField):
    """A JSON object column -> field, sent as a form field's text in a multipart upload."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                raise serializers.ValidationError(_("Send the mapping as a JSON object: column -> field.")) from None
        if not isinstance(data, dict):
            raise serializers.ValidationError(_("Send the mapping as a JSON object: column -> field."))
        return data


class ImportInput(serializers.Serializer[Any]):
    file = serializers.FileField(help_text=f"CSV, XLSX or vCard, at most {parsing.MAX_BYTES // 2**20} MB.")
    mapping = MappingField(
        required=False,
        help_text='JSON object: column (0-based index or header name) -> field, or "" to leave the column out. '
        "The columns it does not name keep the field suggested from their headers (all of them when it is left "
        f"out). Fields: {', '.join(FIELDS)}.",
    )
    dedup = serializers.ChoiceField(choices=ImportJob.Dedup.choices, default=ImportJob.Dedup.SKIP)
    dry_run = serializers.BooleanField(default=False, help_text="Check every row, import nothing.")
    encoding = serializers.ChoiceField(
        choices=["utf-8", "utf-16", "cp1251"], required=False, help_text="Detected when empty."
    )
    delimiter = serializers.ChoiceField(choices=[";", ",", "\t"], required=False, help_text="Detected when empty.")
    sheet = serializers.CharField(required=False, max_length=100, help_text="XLSX: the sheet (the first one).")
    header_row = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=1000,
        help_text="Detected when left out: the first row with several filled cells.",
    )


class RowProblemOutput(serializers.Serializer[Any]):
    row = serializers.IntegerField()
    column = serializers.CharField()
    value = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


class NearMatchOutput(serializers.Serializer[Any]):
    row = serializers.IntegerField()
    client = serializers.IntegerField(allow_null=True)
    similar = serializers.ListField(child=serializers.IntegerField())


class FileTooLarge(serializers.Serializer[Any]):
    file = serializers.ListField(child=serializers.CharField(), help_text="The message, in the reader's language.")


class ImportOutput(serializers.ModelSerializer[ImportJob]):
    headers = serializers.ListField(child=serializers.CharField(), read_only=True, help_text="The file's columns.")
    mapping = serializers.DictField(
        child=serializers.ChoiceField(choices=list(FIELDS)),
        read_only=True,
        help_text="Column (0-based index, as text) -> field.",
    )
    seconds_left = serializers.IntegerField(
        allow_null=True, read_only=True, help_text="Estimated, while the import runs."
    )
    percent = serializers.IntegerField(read_only=True, help_text="Of the import's rows done.")
    undo_rows_total = serializers.IntegerField(
        read_only=True, help_text="Rows the undo takes back (those that created or updated a client); 0 before it."
    )
    undo_rows_done = serializers.IntegerField(read_only=True, help_text="Of them, taken back so far.")
    undo_percent = serializers.IntegerField(read_only=True)
    failure = serializers.SerializerMethodField()
    # "errors" as the issue names it; this serializer only writes out, so Serializer.errors is never needed.
    errors = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text=f"The first {LISTED_ROWS} problems, in the reader's language."
    )
    notices = serializers.SerializerMethodField(
        help_text=f"The first {LISTED_ROWS} notices on rows that did not fail (a totals row skipped, an unknown "
        "group left at its default), in the reader's language."
    )
    near_matches = serializers.SerializerMethodField(help_text="Created clients with similarly named ones, to review.")

    class Meta:
        model = ImportJob
        fields = [
            "id", "status", "original_name", "format", "encoding", "delimiter", "sheet", "header_row", "headers",
            "mapping", "dedup", "dry_run", "rows_total", "rows_done", "percent", "seconds_left", "created",
            "updated", "skipped", "failed", "failure", "created_at", "started_at", "finished_at", "undo_until",
            "undo_rows_total", "undo_rows_done", "undo_percent", "errors", "notices", "near_matches",
        ]  # fmt: skip

    def get_failure(self, job: ImportJob) -> str:
        return failure_text(job)

    def get_errors(self, job: ImportJob) -> list[dict[str, Any]]:
        rows = ImportRow.objects.filter(job=job, status=ImportRow.Status.FAILED).order_by("number")
        problems = [{"row": row.number, **error} for row in rows[:LISTED_ROWS] for error in worded(row)]
        return RowProblemOutput(problems[:LISTED_ROWS], many=True).data  # type: ignore[return-value]

    def get_notices(self, job: ImportJob) -> list[dict[str, Any]]:
        rows = ImportRow.objects.filter(job=job).exclude(notices=[]).order_by("number")
        notices = [{"row": row.number, **notice} for row in rows[:LISTED_ROWS] for notice in noticed(row)]
        return RowProblemOutput(notices[:LISTED_ROWS], many=True).data  # type: ignore[return-value]

    def get_near_matches(self, job: ImportJob) -> list[dict[str, Any]]:
        rows = ImportRow.objects.filter(job=job).exclude(near=[]).order_by("number")[:LISTED_ROWS]
        near = [{"row": row.number, "client": row.client_id, "similar": row.near} for row in rows]
        return NearMatchOutput(near, many=True).data  # type: ignore[return-value]
