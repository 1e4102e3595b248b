"""History rows for clients: one function per kind (CAT-6, OWN-1)."""

from __future__ import annotations

from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.clients.models import CategoryChange, Client, Reassignment


def category_changed(
    *,
    client: Client,
    by: User | None,
    from_category: str,
    reason_code: str,
    reason_params: dict[str, str] | None = None,
    note: str = "",
    is_correction: bool = False,
) -> CategoryChange:
    """LANG-1: the reason is stored as a code and parameters; `note` is a person's own words."""
    return CategoryChange.objects.create(
        client=client,
        changed_at=timezone.now(),
        changed_by=by,
        from_category=from_category,
        to_category=client.category,
        reason_code=reason_code,
        reason_params=reason_params or {},
        reason=note,
        never_reason=client.never_reason,
        is_correction=is_correction,
    )


def client_reassigned(*, client: Client, by: User, from_owner: User) -> Reassignment:
    return Reassignment.objects.create(
        client=client, changed_at=timezone.now(), changed_by=by, from_owner=from_owner, to_owner=client.owner
    )
