"""Writes for users and teams."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from keepwarm.accounts.models import Team, User

PREFERENCE_FIELDS = ("first_name", "last_name", "email", "language", "time_zone")


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str,
    team: Team | None,
    language: str = "en",
    time_zone: str = "Europe/Chisinau",
    **fields: Any,
) -> User:
    """Every role works in the back office (admin pages are scoped by OWN-1); admins are superusers."""
    if role != User.Role.ADMIN and team is None:
        raise ValidationError({"team": _("Managers and team leads belong to a team.")})
    user = User(
        username=username,
        role=role,
        team=team,
        language=language,
        time_zone=time_zone,
        is_staff=True,
        is_superuser=role == User.Role.ADMIN,
        **fields,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_update_preferences(*, user: User, **fields: Any) -> User:
    unknown = set(fields) - set(PREFERENCE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean()
    user.save(update_fields=list(fields))
    return user
