"""The team rule of OWN-1 for team-wide rows (catalog, events, questionnaires): a user sees their team's rows,
an admin all. Mirrors access.organizations_visible_to; the lead may fold it into accounts/access.py."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

from keepwarm.accounts.models import User

M = TypeVar("M", bound=Model)


def team_rows(user: User, queryset: QuerySet[M]) -> QuerySet[M]:
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_admin_role:
        return queryset
    return queryset.filter(team_id=user.team_id or 0)


def can_manage_team_rows(user: User) -> bool:
    """Catalog, events and questionnaires are team settings: leads and admins edit them."""
    return user.is_active and (user.is_lead or user.is_admin_role)
