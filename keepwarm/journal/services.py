"""Writes for the achievements journal (JOUR-1)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.clients.access import clients_visible_to
from keepwarm.deals.selectors import deals_visible_to
from keepwarm.journal.models import JournalEntry
from keepwarm.touches import bounds

ENTRY_FIELDS = ("date", "client", "deal", "conditions", "method", "result", "feedback")


def _check(entry: JournalEntry, by: User) -> None:
    """A client or deal on an entry must be one the author may see (OWN-1), the deal the client's; its date within
    bounds."""
    bounds.check_past_days(date=entry.date)
    if entry.client_id and not clients_visible_to(by).filter(pk=entry.client_id).exists():
        raise ValidationError({"client": _("Choose one of your clients.")})
    if entry.deal_id and not deals_visible_to(by).filter(pk=entry.deal_id).exists():
        raise ValidationError({"deal": _("Choose one of your deals.")})
    if entry.deal is not None and entry.client_id is None:
        entry.client = entry.deal.client
    elif entry.deal is not None and entry.deal.client_id != entry.client_id:
        raise ValidationError({"deal": _("Choose a deal of this client.")})


@transaction.atomic
def journal_create(*, by: User, **fields: Any) -> JournalEntry:
    if set(fields) - set(ENTRY_FIELDS):
        raise TypeError(f"not editable: {sorted(set(fields) - set(ENTRY_FIELDS))}")
    fields.setdefault("date", timezone.localdate())
    entry = JournalEntry(author=by, **fields)
    _check(entry, by)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def journal_update(*, entry: JournalEntry, by: User, **fields: Any) -> JournalEntry:
    if set(fields) - set(ENTRY_FIELDS):
        raise TypeError(f"not editable: {sorted(set(fields) - set(ENTRY_FIELDS))}")
    if entry.author_id != by.pk:
        raise ValidationError(_("Only the author edits a journal entry."))
    for name, value in fields.items():
        setattr(entry, name, value)
    _check(entry, by)
    entry.full_clean()
    entry.save(update_fields=[*fields, "client", "updated_at"])
    return entry


@transaction.atomic
def journal_mark_reviewed(*, entry: JournalEntry, by: User) -> JournalEntry:
    """Tick an entry off; reviewing again keeps the first tick."""
    if entry.reviewed_at is None:
        entry.reviewed_at, entry.reviewed_by = timezone.now(), by
        entry.save(update_fields=["reviewed_at", "reviewed_by", "updated_at"])
    return entry
