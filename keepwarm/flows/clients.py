"""Client and organization writes that re-plan or re-score: creating, editing, changing a category, reassigning."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from keepwarm.accounts.models import User
from keepwarm.clients import services as client_services
from keepwarm.clients.models import Client, Organization
from keepwarm.flows.refresh import client_refresh
from keepwarm.letters.services import letters_stop_for
from keepwarm.planner.inputs import ORGANIZATION_CALENDAR_FIELDS
from keepwarm.planner.requests import NextStepRequest
from keepwarm.planner.services import clients_replan
from keepwarm.qualification.services import scorecards_recompute
from keepwarm.touches.services import planned_touches_follow_owner


@transaction.atomic
def client_create(*, by: User, next_step: NextStepRequest | None = None, **fields: Any) -> Client:
    """CAT-1 (clients.services.client_create), then CAT-5: the new client leaves with a next step."""
    client = client_services.client_create(by=by, next_step=next_step, **fields)
    client_refresh(client=client, by=by, next_step=next_step)
    return client


@transaction.atomic
def client_update(*, client: Client, by: User, expected_version: int, **fields: Any) -> Client:
    """Hours, time zone, do-not-contact or a birthday change what may be planned (a person's pick stands); a client
    marked do-not-contact keeps no letter waiting to go."""
    client = client_services.client_update(client=client, by=by, expected_version=expected_version, **fields)
    client_refresh(client=client, by=by)
    letters_stop_for(client)
    return client


@transaction.atomic
def client_set_category(
    *, client: Client, by: User, category: str, next_step: NextStepRequest | None = None, **fields: Any
) -> Client:
    """CAT-2, CAT-4, CAT-6 (clients.services.client_set_category), then CAT-5: a NEVER client has no open planned
    touches at all and no letter waiting to go, any other one next step (the person's pick, if any)."""
    client = client_services.client_set_category(client=client, by=by, category=category, next_step=next_step, **fields)
    client_refresh(client=client, by=by, next_step=next_step)
    letters_stop_for(client)
    return client


@transaction.atomic
def clients_reassign(*, clients: Iterable[Client], to_owner: User, by: User) -> int:
    """OWN-1: a lead moves clients within the team; their planned touches go with them. Returns how many moved."""
    moved = client_services.clients_reassign(clients=clients, to_owner=to_owner, by=by)
    planned_touches_follow_owner(clients=moved, owner=to_owner)
    return len(moved)


@transaction.atomic
def organization_update(*, organization: Organization, by: User, expected_version: int, **fields: Any) -> Organization:
    """Its people take its hours and time zone (re-planned when those change) and indicators 1-6 (QUAL-2)."""
    organization = client_services.organization_update(
        organization=organization, by=by, expected_version=expected_version, **fields
    )
    if set(fields) & set(ORGANIZATION_CALENDAR_FIELDS):
        clients_replan(clients=organization.people.all())
    scorecards_recompute(clients=organization.people.all())
    return organization
