"""Spreadsheet cells that cannot run as formulas (CSV/formula injection), for every CSV and XLSX KeepWarm writes,
and the same cells read back as they were (an import of a file KeepWarm wrote).

The rule (docs/export.md): text a spreadsheet would run as a formula gets a leading apostrophe, as OWASP
recommends. That is text starting with `=`, a tab or a carriage return, and text starting with `+`, `-` or `@`
when what follows (after spaces) could start a formula's operand: a letter or digit, a bracket, a quote, a
reference or another operator ("-2+3", "@SUM(…)", "- cmd|…"). A dash or plus before anything else ("- → Now",
"-", "+ ✓") cannot compute and stays as it is, and so do phone numbers in E.164 (`+` and 7-15 digits), one or a
list of them (a client's phones, ", " between them): they can compute nothing and must stay dialable. Text whose
apostrophes are followed by such a formula gets one more apostrophe, so reading back (`restored`) drops exactly
one and gives every value back unchanged.
"""

from __future__ import annotations

import re

ALWAYS = "=\t\r"  # a formula whatever follows
SIGNS = "+-@"  # a formula when an operand can follow
OPERAND_STARTS = "_\\$(\"'#{[.=+-@"  # besides letters and digits: names, references, strings, arrays, operators
PHONES = re.compile(r"\+[0-9]{7,15}(?:, \+[0-9]{7,15})*")  # E.164, one or a list as the exports join them


def runs_as_formula(text: str) -> bool:
    if not text:
        return False
    first = text[0]
    if first in ALWAYS:
        return True
    if first not in SIGNS or PHONES.fullmatch(text):
        return False
    rest = text[1:].lstrip()
    return bool(rest) and (rest[0].isalnum() or rest[0] in OPERAND_STARTS)


def neutralised(text: str) -> str:
    """The text as a spreadsheet shows it without running it."""
    if text and (runs_as_formula(text) or (text[0] == "'" and runs_as_formula(text.lstrip("'")))):
        return "'" + text
    return text


def restored(text: str) -> str:
    """A cell written by `neutralised` as it was before: one leading apostrophe fewer when it guards a formula."""
    if text.startswith("'") and runs_as_formula(text.lstrip("'")):
        return text[1:]
    return text
