"""The Content-Disposition of a download (RFC 6266): the name in UTF-8 for browsers (`filename*`), which keep a
Cyrillic or Romanian name, and an ASCII `filename` for the few clients that read only that."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

NOT_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ascii_name(filename: str, *, default: str = "download") -> str:
    """The name with its letters' accents dropped (ş → s) and anything else outside ASCII as "_"."""
    stem, dot, extension = filename.rpartition(".") if "." in filename else (filename, "", "")
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    safe = NOT_SAFE.sub("_", folded).strip("_.") or default
    return f"{safe}{dot}{NOT_SAFE.sub('', extension)}"


def attachment(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (the second wins where it is understood)."""
    disposition = "inline" if inline else "attachment"
    fallback = ascii_name(filename)
    if fallback == filename:
        return f'{disposition}; filename="{filename}"'
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
