"""TIME-1: where an import derived a client's time zone from. Stored as a code and its evidence (the phone in E.164,
the city as the file wrote it: LANG-1), worded in the reader's language, and read back from the client export."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from keepwarm.clients.choices import TimeZoneSource
from keepwarm.core.l10n import in_every_language
from keepwarm.core.templatetags.keepwarm_ui import phone

WORDING: dict[str, Any] = {
    TimeZoneSource.PHONE: _("derived from the phone %(evidence)s"),
    TimeZoneSource.CITY: _("derived from the city %(evidence)s"),
}
# What a person confirming or changing the zone leaves: a zone of theirs, no longer marked as derived.
CONFIRMED = {"time_zone_source": "", "time_zone_evidence": ""}
EVIDENCE_LENGTH = 200  # Client.time_zone_evidence


def zone_source_text(source: str, evidence: str) -> str:
    """E.g. "derived from the phone +7 383 210-00-00" in the active language; "" for a zone a person entered."""
    return zone_source_texts()(source, evidence)


def confirmation_field(source: str, evidence: str) -> forms.BooleanField | None:
    """TIME-1: the box that confirms a derived zone (the page's form and the admin's); None for a zone of a
    person's. Saving for another field does not confirm it; changing the zone does, in the service."""
    derived = zone_source_text(source, evidence)
    if not derived:
        return None
    return forms.BooleanField(
        label=_("This time zone is right"),
        required=False,
        help_text=format_lazy("{} {}", capfirst(derived) + ".", _("Tick to confirm it, or change the zone.")),
    )


def zone_source_html(source: str, evidence: str) -> SafeString:
    """zone_source_text for a page: the phone or city kept on one line."""
    wording = WORDING.get(source)
    if wording is None:
        return SafeString("")
    shown = format_html('<span class="evidence">{}</span>', _shown(source, evidence))
    return mark_safe(conditional_escape(str(wording)) % {"evidence": shown})  # the wording escaped, the evidence too


def _shown(source: str, evidence: str) -> str:
    return phone(evidence) if source == TimeZoneSource.PHONE else evidence


def zone_source_texts() -> Callable[[str, str], str]:
    """zone_source_text with its words taken in the active language now: for a stream read after the request."""
    worded = {source: str(wording) for source, wording in WORDING.items()}

    def text(source: str, evidence: str) -> str:
        wording = worded.get(source)
        if wording is None:
            return ""
        return wording % {"evidence": _shown(source, evidence)}

    return text


@cache
def _worded() -> tuple[tuple[str, str, str], ...]:
    """(source, text before the evidence, text after it) in every UI language, longest first."""
    marker = "\x00"
    found: set[tuple[str, str, str]] = set()
    for source, text in in_every_language(lambda: [(s, w % {"evidence": marker}) for s, w in WORDING.items()]):
        before, _marker, after = text.partition(marker)
        found.add((source, before, after))
    return tuple(sorted(found, key=lambda worded: -len(worded[1]) - len(worded[2])))


def zone_source_read(text: str) -> tuple[str, str] | None:
    """(source, evidence) of a text zone_source_text wrote in any UI language (the client export's cell); None for
    any other text. A phone comes back as written: the import reads it as it reads a phone."""
    text = " ".join(text.split())
    folded = text.lower()
    for source, before, after in _worded():
        before, after = before.lower(), after.lower()
        if folded.startswith(before) and folded.endswith(after) and len(folded) > len(before) + len(after):
            evidence = text[len(before) : len(text) - len(after)].strip()
            return (source, evidence[:EVIDENCE_LENGTH]) if evidence else None
    return None
