"""Reads for deals and the corporate grid; OWN-1 comes from accounts.access."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from keepwarm.accounts.models import User
from keepwarm.clients.access import clients_visible_to, organizations_visible_to
from keepwarm.clients.choices import DecisionRole
from keepwarm.clients.models import Client, Organization
from keepwarm.core.collation import by_name
from keepwarm.deals.models import Deal, OrganizationAssessment
from keepwarm.qualification.grid import DESCRIPTIONS, Grade, Strategy, strategy_for
from keepwarm.qualification.indicators import DEAL_STAGES, DealStage, Stage


def deals_visible_to(user: User) -> QuerySet[Deal]:
    return Deal.objects.filter(client__in=clients_visible_to(user).values("pk"))


def deal_for_user(user: User, pk: int | str) -> Deal:
    try:
        return deals_visible_to(user).select_related("client").get(pk=pk)
    except (ValueError, TypeError, Deal.DoesNotExist):
        raise Http404 from None


def scorecard_stages(stage: str) -> tuple[Stage, ...]:
    """SALE-1: the S2 scorecard stages whose indicators to watch at this deal stage (DEAL_STAGES reversed)."""
    return tuple(s2 for s2, deal_stages in DEAL_STAGES.items() if DealStage(stage) in deal_stages)


@dataclass(frozen=True)
class BoardColumn:
    stage: DealStage
    scorecard: tuple[Stage, ...]
    deals: list[Deal]


def deal_board(user: User) -> list[BoardColumn]:
    deals = list(deals_visible_to(user).filter(result=Deal.Result.OPEN).select_related("client").order_by("opened_on"))
    return [
        BoardColumn(stage, scorecard_stages(stage), [deal for deal in deals if deal.stage == stage])
        for stage in DealStage
    ]


def organization_people(organization: Organization, *, user: User) -> QuerySet[Client]:
    return clients_visible_to(user).filter(organization=organization).order_by("decision_role", *by_name(user.language))


# The organization page says the same (deals/people.html); one msgid, one translation.
NO_DECISION_MAKER = gettext_lazy("No decision-maker is known: find out who decides before presenting (CORP-1).")


def has_decision_maker(organization: Organization) -> bool:
    """CORP-1: counted over all the organization's people, not only the ones this user sees."""
    return organization.people.filter(decision_role=DecisionRole.DECISION_MAKER).exists()


@dataclass(frozen=True)
class GridCell:
    interest: Grade
    capacity: Grade
    strategy: Strategy
    description: str
    count: int


def corporate_grid(user: User) -> list[list[GridCell]]:
    """CORP-1: rows by interest (high first), columns by capacity (low to high), with counts."""
    organizations = organizations_visible_to(user).values("pk")
    counts = {
        (row["interest"], row["capacity"]): row["n"]
        for row in OrganizationAssessment.objects.filter(organization__in=organizations)
        .values("interest", "capacity")
        .annotate(n=Count("pk"))
    }
    return [
        [
            GridCell(
                interest,
                capacity,
                strategy_for(interest, capacity),
                str(DESCRIPTIONS[strategy_for(interest, capacity)]),
                counts.get((interest.value, capacity.value), 0),
            )
            for capacity in Grade
        ]
        for interest in reversed(Grade)
    ]
