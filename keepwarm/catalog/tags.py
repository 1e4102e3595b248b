"""Interest tags by name for team-wide rows (products, events, questions), created on first use."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from keepwarm.accounts.models import Team
from keepwarm.clients.models import Tag


def tag_names(text: str) -> list[str]:
    """Comma-separated text as typed in a form, lowercased like client interests (POST-3)."""
    return sorted({part.strip().lower() for part in text.split(",") if part.strip()})


def team_tags(*, team: Team, names: Iterable[str]) -> QuerySet[Tag]:
    wanted = sorted({name.strip().lower() for name in names if name.strip()})
    existing = set(Tag.objects.filter(team=team, name__in=wanted).values_list("name", flat=True))
    Tag.objects.bulk_create([Tag(team=team, name=n) for n in wanted if n not in existing], ignore_conflicts=True)
    return Tag.objects.filter(team=team, name__in=wanted)
