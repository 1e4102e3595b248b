"""Row problems are stored as codes with parameters (LANG-1); here they are worded in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from keepwarm.imports.models import ImportJob, ImportRow

MESSAGES = {
    "name_missing": _("A name is needed: fill in the first name or the full name."),
    "too_long": _("Too long: at most %(limit)s characters."),
    "phone_invalid": _("Not a phone number we can dial."),
    "phone_ambiguous": _(
        "This number is written as it is dialled inside a country, and it fits several (%(countries)s): write it "
        "with its country code (+7, +380, +40, …) or fill in the client's country."
    ),
    "email_invalid": _("Not a valid e-mail address."),
    "date_invalid": _("Not a date we can read; write it as 2024-03-31 or 31.03.2024."),
    "date_out_of_range": _("The date is in the future or too far in the past."),
    "number_invalid": _("Not a number we can read."),
    "country_unknown": _("Unknown country: give its name or a two-letter code such as MD."),
    "time_zone_unknown": _("Unknown time zone: use a name such as Europe/Chisinau."),
    "owner_unknown": _("No user with this username, e-mail or name in your team."),
    "owner_not_assignable": _("You cannot give clients to this user (OWN-1)."),
    "category_unknown": _("Unknown category: use Now, Future or Never."),
    "never_needs_reason": _(
        "“Never” is only for a client who no longer exists for us: give the reason (company liquidated, person "
        "deceased, contact permanently gone). Anyone else is “Future” (CAT-2)."
    ),
    "never_reason_unknown": _("Unknown reason for Never: liquidated, deceased or gone (CAT-2)."),
    "relationship_group_unknown": _("Unknown group: referral, prospect, customer, distributor or acquaintance."),
    "decision_role_unknown": _("Unknown role: decision-maker, influencer, negotiator, user or gatekeeper."),
    "language_unknown": _("Unknown language: Russian, Romanian or English."),
    "never_correction": _(
        "The client is “Never”: bringing them back is a correction made on their card, not by a file (CAT-2)."
    ),
    "rejected": _("Not saved: %(message)s"),
}
FAILURES = {
    "unreadable": _("The file could not be read any more."),
    "crashed": _("The import stopped on an unexpected error; the rows imported so far are kept."),
}


def message(error: dict[str, Any]) -> str:
    template = MESSAGES.get(error.get("code", ""))
    if template is None:
        return str(error.get("code", ""))
    params = error.get("params") or {}
    return str(template) % params if params else str(template)


def worded(row: ImportRow) -> list[dict[str, Any]]:
    """The row's errors with their message in the active language."""
    return [{**error, "message": message(error)} for error in row.errors]


def row_text(row: ImportRow) -> str:
    return "; ".join(f"{e['column']}: {e['message']}" if e["column"] else e["message"] for e in worded(row))


def failure_text(job: ImportJob) -> str:
    return str(FAILURES.get(job.failure, job.failure)) if job.failure else ""
