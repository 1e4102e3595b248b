"""LANG-1: why a category changed is stored as a code with parameters and put into words in the reader's language.

Only a person's own words (a refusal note, a correction) are stored as text; they stay as written.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models
from django.utils.translation import gettext_lazy as _

from keepwarm.clients.choices import NeverReason
from keepwarm.touches.choices import Outcome, RefusalReason


class ChangeReason(models.TextChoices):
    """What moved the client; "" is a person's reason in their own words only."""

    CREATED = "created", _("Client created")
    ORDER_PLACED = "order_placed", _("Order placed")
    TOUCH = "touch", _("Contact logged")
    NEVER = "never", _("No longer exists for us")
    DISQUALIFIED = "disqualified", _("Disqualification confirmed")
    POST_SALE_END = "post_sale_end", _("Post-sale support finished")
    MERGED = "merged", _("Merged with a duplicate")
    IMPORTED = "imported", _("Imported from a file")
    IMPORT_UNDONE = "import_undone", _("Import undone")


def touch_params(*, outcome: str, refusal_reason: str = "") -> dict[str, str]:
    """The parameters of a CAT-4 change that a logged touch caused."""
    params = {"outcome": outcome}
    if refusal_reason:
        params["refusal_reason"] = refusal_reason
    return params


def _label(choices: type[models.TextChoices], value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def reason_text(*, code: str, params: Mapping[str, str], never_reason: str = "", note: str = "") -> str:
    """The reason in the active language, e.g. "Refused: Budget — will call after the audit"."""
    if code == ChangeReason.TOUCH:
        head = _label(Outcome, params.get("outcome", ""))
        if params.get("refusal_reason"):
            head = f"{head}: {_label(RefusalReason, params['refusal_reason'])}"
    elif code == ChangeReason.MERGED:
        head = _("Merged with the duplicate %(name)s (#%(id)s)") % {
            "name": params.get("name", ""),
            "id": params.get("id", ""),
        }
    elif code == ChangeReason.NEVER and never_reason:
        head = _label(NeverReason, never_reason)
    else:
        head = _label(ChangeReason, code) if code else ""
    return " — ".join(part for part in (head, note.strip()) if part)
