"""Spreadsheet cells that cannot run as formulas (CSV/formula injection), for every CSV and XLSX KeepWarm writes.

The rule (docs/export.md): text starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
apostrophe, as OWASP recommends; a phone number in E.164 (`+` and 7-15 digits) is left as it is, because it can
compute nothing but itself and must stay dialable.
"""

from __future__ import annotations

import re

FORMULA_STARTS = "=+-@\t\r"  # each character starts a formula
E164 = re.compile(r"\+[0-9]{7,15}")


def neutralised(text: str) -> str:
    if text and text[0] in FORMULA_STARTS and not E164.fullmatch(text):
        return "'" + text
    return text
