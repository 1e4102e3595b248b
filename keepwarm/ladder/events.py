"""LAD-6 history rows, one function per kind."""

from __future__ import annotations

from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.ladder.models import LadderChange


def ladder_changed(*, client: Client, by: User, from_level: int, to_level: int, reason: str) -> LadderChange:
    return LadderChange.objects.create(
        client=client, from_level=from_level, to_level=to_level, by=by, at=timezone.now(), reason=reason
    )
