"""OWN-1 for touches and planned touches: accounts.access's rules applied to this app's models."""

from __future__ import annotations

from django.db.models import QuerySet

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients.access import through_client
from keepwarm.touches.models import PlannedTouch, Touch


def touches_visible_to(user: User) -> QuerySet[Touch]:
    return Touch.objects.filter(through_client(user))


def planned_touches_visible_to(user: User) -> QuerySet[PlannedTouch]:
    """Scoped by the owner copied onto each planned touch: the agenda is one index range (a lead's team is a
    subquery of its members, see access.owned_rows)."""
    return access.owned_rows(user, PlannedTouch.objects.all())
