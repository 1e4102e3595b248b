"""OWN-1 for letters and templates: a manager's own clients' letters, a lead's team's, an admin's all."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients.access import through_client
from keepwarm.letters.models import Letter, LetterTemplate


def letters_visible_to(user: User) -> QuerySet[Letter]:
    """Through the client, so a reassigned client's letters move with it and the binned ones' stay out."""
    return Letter.objects.filter(through_client(user))


def letter_for_user(user: User, pk: int | str) -> Letter:
    """The letter if the user may see it; 404 otherwise, so existence never leaks."""
    try:
        return letters_visible_to(user).select_related("client", "owner").get(pk=pk)
    except (ValueError, TypeError, Letter.DoesNotExist):
        raise Http404 from None


def templates_visible_to(user: User) -> QuerySet[LetterTemplate]:
    """A team's templates are the team's: its members read them, its lead (or an admin) changes them."""
    return access.team_rows(user, LetterTemplate.objects.all())
