"""Reads for the achievements journal (JOUR-1): scoped list, search, and the weekly review reminder."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.journal.models import JournalEntry
from keepwarm.planner.inputs import settings_for_team

REVIEW_EVERY = dt.timedelta(days=7)
SEARCHED = ("conditions", "method", "result", "feedback", "client__last_name", "client__first_name")


def journal_visible_to(user: User) -> QuerySet[JournalEntry]:
    """OWN-1 by author: one's own entries; a lead the team's; an admin all."""
    if not user.is_authenticated or not user.is_active:
        return JournalEntry.objects.none()
    return JournalEntry.objects.filter(Q(author=user) | Q(author__in=access.users_assignable_by(user)))


def entry_for_user(user: User, pk: int | str) -> JournalEntry:
    try:
        return journal_visible_to(user).select_related("client", "deal", "author").get(pk=pk)
    except (ValueError, TypeError, JournalEntry.DoesNotExist):
        raise Http404 from None


def journal_search(queryset: QuerySet[JournalEntry], *, q: str = "") -> QuerySet[JournalEntry]:
    for word in q.split():
        match = Q()
        for field in SEARCHED:
            match |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


def journal_review_due(user: User, day: dt.date) -> bool:
    """JOUR-1 reminder: unreviewed entries, and either the first working day of the week or 7 days since the
    last review."""
    own = JournalEntry.objects.filter(author=user)
    if not own.filter(reviewed_at__isnull=True).exists():
        return False
    workdays = settings_for_team(user.team).work.workdays or frozenset({0})
    if day.weekday() == min(workdays):
        return True
    last = own.filter(reviewed_at__isnull=False).order_by("-reviewed_at").values_list("reviewed_at", flat=True).first()
    return last is None or last.date() <= day - REVIEW_EVERY
