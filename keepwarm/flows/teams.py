"""Team-wide settings whose consequences are too big for the request: the team is re-planned or re-scored in a
task after commit."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from keepwarm.accounts.models import Team, User
from keepwarm.planner import services as planner_services
from keepwarm.planner.models import TeamPlannerSettings
from keepwarm.planner.tasks import replan_team
from keepwarm.qualification import services as qualification_services
from keepwarm.qualification.models import IdealCustomerProfile
from keepwarm.qualification.tasks import rescore_team


@transaction.atomic
def team_settings_update(*, team: Team, by: User, **fields: Any) -> TeamPlannerSettings:
    """The team's planner rules; its clients are re-planned after commit."""
    row = planner_services.team_settings_update(team=team, by=by, **fields)
    transaction.on_commit(lambda: replan_team.enqueue(team.pk))
    return row


@transaction.atomic
def member_capacity_update(*, member: User, by: User, daily_capacity: int | None) -> User:
    """PLAN-1: a manager's daily capacity; the team's clients are re-planned after commit."""
    member = planner_services.member_capacity_update(member=member, by=by, daily_capacity=daily_capacity)
    team_id = member.team_id
    if team_id is not None:  # the service refuses a member without a team
        transaction.on_commit(lambda: replan_team.enqueue(team_id))
    return member


@transaction.atomic
def profile_update(*, team: Team, by: User, **fields: Any) -> IdealCustomerProfile:
    """QUAL-2: the ideal customer profile; the team's scorecards follow after commit."""
    row = qualification_services.profile_update(team=team, by=by, **fields)
    transaction.on_commit(lambda: rescore_team.enqueue(team.pk))
    return row
