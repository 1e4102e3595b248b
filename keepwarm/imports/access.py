"""Who sees which imports (OWN-1): one's own, a team lead's team's, an admin's all."""

from __future__ import annotations

from django.db.models import QuerySet

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.imports.models import ImportJob


def import_jobs_visible_to(user: User) -> QuerySet[ImportJob]:
    return access.owned_rows(user, ImportJob.objects.all(), owner_field="by", team_field="team_id")
