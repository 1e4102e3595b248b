"""The bad rows as a file to fix and import again: the original columns plus one column with what is wrong.

Every cell passes the formula rule (core.cells; in an XLSX, core.xlsx's quote prefix); the import reads it back
as it was (parsing)."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from keepwarm.core.attachments import attachment
from keepwarm.core.cells import neutralised
from keepwarm.core.xlsx import xlsx_chunks
from keepwarm.imports.errors import row_text
from keepwarm.imports.models import ImportJob, ImportRow


def _failed(job: ImportJob) -> Iterator[ImportRow]:
    return ImportRow.objects.filter(job=job, status=ImportRow.Status.FAILED).order_by("number").iterator(2000)


def _header(job: ImportJob) -> list[str]:
    return [*job.headers, _("Errors")]


def _lines(job: ImportJob) -> Iterator[list[str]]:
    for row in _failed(job):
        cells = [*row.cells, *[""] * (len(job.headers) - len(row.cells))][: len(job.headers)]
        yield [*cells, row_text(row)]


def base_name(job: ImportJob) -> str:
    """The uploaded file's name (in any alphabet) with "-errors"."""
    stem = job.original_name.rsplit(".", 1)[0] or "import"
    return "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in stem)[:80].strip() + "-errors"


def errors_csv(job: ImportJob) -> StreamingHttpResponse:
    """UTF-8 with a BOM (Excel reads it right), the delimiter of the original file."""
    delimiter = job.delimiter or ";"

    def chunks() -> Iterator[str]:
        yield "\ufeff"
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter)
        for line in itertools.chain([_header(job)], _lines(job)):
            writer.writerow([neutralised(cell) for cell in line])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = attachment(f"{base_name(job)}.csv")
    return response


def errors_xlsx(job: ImportJob) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        xlsx_chunks(_header(job), _lines(job), title=base_name(job)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = attachment(f"{base_name(job)}.xlsx")
    return response
