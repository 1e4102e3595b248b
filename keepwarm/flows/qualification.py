"""Confirming or undoing a disqualification (QUAL-4): the scorecard's row, the category (CAT-2) and the plan."""

from __future__ import annotations

from django.db import transaction

from keepwarm.accounts.models import User
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client
from keepwarm.clients.reasons import ChangeReason
from keepwarm.clients.services import client_set_category
from keepwarm.flows.refresh import client_refresh
from keepwarm.qualification import services as qualification_services
from keepwarm.qualification.models import ClientQualification


@transaction.atomic
def disqualification_confirm(*, client: Client, by: User, reason: str) -> ClientQualification:
    """QUAL-4: the client is kept FUTURE (CAT-2: a NOW client moves there, recorded like any category change);
    the planner sends greetings only until the re-evaluation."""
    row = qualification_services.disqualification_confirm(client=client, by=by, reason=reason)
    if client.category == Category.NOW:  # CAT-2: no longer a client to sell to now, yet never NEVER
        client_set_category(
            client=client, by=by, category=Category.FUTURE, reason=reason, reason_code=ChangeReason.DISQUALIFIED
        )
    client_refresh(client=client, by=by)
    return row


@transaction.atomic
def disqualification_undo(*, client: Client, by: User, reason: str) -> ClientQualification:
    """QUAL-4: re-qualifying restores the normal cadence."""
    row = qualification_services.disqualification_undo(client=client, by=by, reason=reason)
    client_refresh(client=client, by=by)
    return row
