"""Row problems are stored as codes with parameters (LANG-1); here they are worded in the reader's language."""

from __future__ import annotations

from typing import Any

import phonenumbers
from django.utils.translation import gettext_lazy as _

from keepwarm.clients.choices import Category, RelationshipGroup
from keepwarm.imports.models import ImportJob, ImportRow
from keepwarm.imports.values import CHOICES

MESSAGES = {
    "name_missing": _("A name is needed: fill in the first name or the full name."),
    "too_long": _("Too long: at most %(limit)s characters."),
    "phone_invalid": _("Not a phone number we can dial."),
    "phone_ambiguous": _(
        "This number is written as it is dialled inside a country, and it fits several (%(countries)s): write it "
        "with its country code (%(codes)s) or fill in the client's country."
    ),
    "email_invalid": _("Not a valid e-mail address."),
    "date_invalid": _("Not a date we can read; write it as 2024-03-31 or 31.03.2024."),
    "date_out_of_range": _("The date is in the future or too far in the past."),
    "number_invalid": _("Not a number we can read."),
    "country_unknown": _("Unknown country: give its name or a two-letter code such as MD."),
    "time_zone_unknown": _("Unknown time zone: use a name such as Europe/Chisinau."),
    "owner_unknown": _("No user with this username, e-mail or name in your team."),
    "owner_not_assignable": _(
        "You cannot give clients to this user: a manager imports clients for themselves, a team lead for the "
        "team's managers (OWN-1)."
    ),
    "category_unknown": _("Unknown category: use %(words)s."),
    "never_needs_reason": _(
        "%(never)s is only for a client who no longer exists for us: give the reason (%(words)s). Anyone else is "
        "%(future)s (CAT-2)."
    ),
    "never_reason_unknown": _("Unknown reason for %(never)s “%(value)s”: use one of %(words)s (CAT-2)."),
    "relationship_group_unknown": _("Unknown group “%(value)s”: use one of %(words)s."),  # rows of older imports
    "decision_role_unknown": _("Unknown role “%(value)s”: use one of %(words)s."),
    "language_unknown": _("Unknown language “%(value)s”: use one of %(words)s."),
    "do_not_contact_unknown": _("“%(value)s” is neither yes nor no: use one of %(words)s."),
    "never_correction": _(
        "The client is “Never”: bringing them back is a correction made on their card, not by a file (CAT-2)."
    ),
    "rejected": _("Not saved: %(message)s"),
    # notices: the row goes on
    "totals_row": _("A totals row, not a client: skipped."),
    "relationship_group_left": _(
        "“%(value)s” is none of the groups (%(words)s): the client is imported in the group %(default)s."
    ),
}
FAILURES = {
    "unreadable": _("The file could not be read any more."),
    "crashed": _("The import stopped on an unexpected error; the rows imported so far are kept."),
}


# The choices whose words a message offers: the names the UI and the exports show, which the import reads
# (values.word), so a message never suggests a word the import refuses.
EXAMPLES = {"category_unknown": "category", "never_needs_reason": "never_reason",
            "never_reason_unknown": "never_reason", "relationship_group_unknown": "relationship_group",
            "relationship_group_left": "relationship_group",
            "decision_role_unknown": "decision_role", "language_unknown": "language",
            "do_not_contact_unknown": "do_not_contact"}  # fmt: skip


def quoted(label: object) -> str:
    return _("“%(word)s”") % {"word": label}


def _examples(code: str, value: str) -> dict[str, str]:
    kind = EXAMPLES.get(code)
    if kind is None:
        return {}
    return {
        "value": value,
        "words": ", ".join(quoted(label) for _value, label in CHOICES[kind].choices),
        "never": quoted(Category.NEVER.label),
        "future": quoted(Category.FUTURE.label),
        "default": quoted(RelationshipGroup.PROSPECT.label),  # a row's group when the file gives none (rows.Draft)
    }


def _country_codes(params: dict[str, Any]) -> dict[str, str]:
    """The dialling codes of the countries a number fits ("RU, BY, KZ": +7, +375), for the message to suggest."""
    if "countries" not in params:
        return {}
    regions = [region.strip() for region in str(params["countries"]).split(",") if region.strip()]
    codes = dict.fromkeys(f"+{phonenumbers.country_code_for_region(region)}" for region in regions)
    return {"codes": ", ".join(code for code in codes if code != "+0")}


def message(error: dict[str, Any]) -> str:
    code = error.get("code", "")
    template = MESSAGES.get(code)
    if template is None:
        return str(code)
    params = error.get("params") or {}
    params = {
        **params,
        **_examples(code, error.get("value", "")),
        **(_country_codes(params) if code == "phone_ambiguous" else {}),
    }
    return str(template) % params if params else str(template)


def _with_messages(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**item, "message": message(item)} for item in items]


def worded(row: ImportRow) -> list[dict[str, Any]]:
    """The row's errors with their message in the active language."""
    return _with_messages(row.errors)


def noticed(row: ImportRow) -> list[dict[str, Any]]:
    """The row's notices (what did not fail it) with their message in the active language."""
    return _with_messages(row.notices)


def row_text(row: ImportRow) -> str:
    return "; ".join(f"{e['column']}: {e['message']}" if e["column"] else e["message"] for e in worded(row))


def failure_text(job: ImportJob) -> str:
    return str(FAILURES.get(job.failure, job.failure)) if job.failure else ""
