"""Writes for users and teams."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from keepwarm.accounts.models import Team, User

PREFERENCE_FIELDS = ("first_name", "last_name", "email", "language", "time_zone")
# What an admin edits on a user in the back office; staff flags follow the role and are not edited apart.
ADMIN_EDITABLE_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "role",
    "team",
    "language",
    "time_zone",
)


def _staff_flags(user: User) -> None:
    """Only admins work in the back office (Django's admin); managers and leads work in the app."""
    user.is_staff = user.is_superuser = user.role == User.Role.ADMIN


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    team: Team | None,
    language: str = "en",
    time_zone: str = "Europe/Chisinau",
    **fields: Any,
) -> User:
    """A user with a usable password, or none (they set one through "forgot password")."""
    if role != User.Role.ADMIN and team is None:
        raise ValidationError({"team": _("Managers and team leads belong to a team.")})
    user = User(
        username=username,
        role=role,
        team=team,
        language=language,
        time_zone=time_zone,
        **fields,
    )
    _staff_flags(user)
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


@transaction.atomic
def user_update(*, user: User, by: User, **fields: Any) -> User:
    """An admin's edit of a user; the role decides the staff flags."""
    unknown = set(fields) - set(ADMIN_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    if not by.is_admin_role:
        raise ValidationError(_("Only admins edit users."))
    for name, value in fields.items():
        setattr(user, name, value)
    _staff_flags(user)
    user.full_clean()
    user.save(update_fields=[*fields, "is_staff", "is_superuser"])
    return user


@transaction.atomic
def token_create(*, user: User) -> Token:
    """A new API token; the one the user had stops working (DRF keeps one per user)."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def token_revoke(*, user: User, key_prefix: str) -> bool:
    """Revoke the user's token that starts with key_prefix; only the user's own tokens are found."""
    if not key_prefix:
        return False
    deleted, _rows = Token.objects.filter(user=user, key__startswith=key_prefix).delete()
    return bool(deleted)


@transaction.atomic
def user_sign_out_everywhere(*, user: User) -> None:
    """End every session of the user (each carries a hash that includes the generation) and revoke the tokens."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    Token.objects.filter(user=user).delete()
