"""Web forms of the import pages: the upload, how to read the file, which field each column fills."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from keepwarm.imports import parsing
from keepwarm.imports.mapping import FIELDS
from keepwarm.imports.models import ImportJob

ENCODINGS = [("", _("Detect")), ("utf-8", "UTF-8"), ("utf-16", "UTF-16"), ("cp1251", "Windows-1251")]
DELIMITERS = [("", _("Detect")), (";", _("Semicolon ;")), (",", _("Comma ,")), ("tab", _("Tab"))]


def _upload_help() -> str:
    return gettext("CSV, Excel (.xlsx) or vCard (.vcf), at most %(limit)s MB.") % {"limit": parsing.MAX_BYTES // 2**20}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        # Worded when shown: `%` on the lazy text here would fix it in the language active at import time.
        help_text=lazy(_upload_help, str)(),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.vcf"}),
    )


class OptionsForm(forms.Form):
    """How the file is read: the sheet and header row of a workbook, the encoding and delimiter of a CSV."""

    sheet = forms.ChoiceField(label=_("Sheet"), required=False)
    header_row = forms.IntegerField(label=_("Header row"), min_value=1, max_value=1000, initial=1)
    encoding = forms.ChoiceField(label=_("Encoding"), choices=ENCODINGS, required=False)
    delimiter = forms.ChoiceField(label=_("Delimiter"), choices=DELIMITERS, required=False)

    def __init__(self, *args: Any, job: ImportJob, sheets: list[str], **kwargs: Any) -> None:
        initial = {name: getattr(job, name) for name in ("sheet", "header_row", "encoding")}
        kwargs.setdefault("initial", {**initial, "delimiter": "tab" if job.delimiter == "\t" else job.delimiter})
        super().__init__(*args, **kwargs)
        if job.format == ImportJob.Format.XLSX:
            self.fields["sheet"].choices = [(name, name) for name in sheets]  # type: ignore[attr-defined]
            del self.fields["encoding"], self.fields["delimiter"]
        else:
            del self.fields["sheet"]
            if job.format == ImportJob.Format.VCARD:
                del self.fields["delimiter"], self.fields["header_row"]

    def clean_delimiter(self) -> str:
        value = self.cleaned_data.get("delimiter", "")
        return "\t" if value == "tab" else value


class MappingForm(forms.Form):
    """One select per column, prefilled with the suggested field."""

    dedup = forms.ChoiceField(label=_("When the client is already there"), choices=ImportJob.Dedup.choices)

    def __init__(self, *args: Any, job: ImportJob, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.job = job
        self.fields["dedup"].initial = job.dedup
        choices = [("", _("— do not import —")), *FIELDS.items()]
        for index, header in enumerate(job.headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=job.mapping.get(str(index), "")
            )

    def column_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("column_")]

    def mapping(self) -> dict[str, str]:
        data = self.cleaned_data
        return {name.removeprefix("column_"): data[name] for name in self.fields if name.startswith("column_")
                and data.get(name)}  # fmt: skip
