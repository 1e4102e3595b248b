"""Reads for the ladder (LAD-1..6): facts counted from orders and referrals, suggestions, the card."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from keepwarm.accounts.models import Team, User
from keepwarm.clients.access import clients_visible_to
from keepwarm.clients.models import Client, Order
from keepwarm.core.collation import by_name
from keepwarm.core.statements import Statement
from keepwarm.ladder.criteria import Direction, LadderFacts, LadderSettings, LadderSuggestion, Level, suggest
from keepwarm.ladder.models import CONFIRMATIONS, ClientLadder, LadderChange, LevelPrivileges, PrivilegeOverride
from keepwarm.ladder.privileges import DEFAULT_PRIVILEGES, Privileges, ServicePriority

SETTINGS = LadderSettings()
PAID = Q(amount_paid__gt=0)
DELIVERED = Q(delivered_on__isnull=False)


def _count(queryset: QuerySet[Order] | QuerySet[Client], group: str) -> Coalesce:
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_ladder_facts(clients: QuerySet[Client]) -> QuerySet[Client]:
    """LAD-2..4 counted in the database, one row per client: paid, delivered, completed = paid and delivered."""
    orders = Order.objects.filter(client=OuterRef("pk"))
    return clients.select_related("ladder").annotate(
        paid_orders=_count(orders.filter(PAID), "client"),
        delivered_orders=_count(orders.filter(DELIVERED), "client"),
        completed_purchases=_count(orders.filter(PAID & DELIVERED), "client"),
        last_purchase_on=Subquery(orders.filter(PAID).order_by("-ordered_on").values("ordered_on")[:1]),
        referrals_count=_count(Client.objects.filter(referred_by=OuterRef("pk")), "referred_by"),
    )


def ladder_of(client: Client) -> ClientLadder | None:
    """The client's row if loaded or stored; None means a Prospect nobody has confirmed anything for."""
    try:
        row: ClientLadder = client.ladder
        return row
    except ClientLadder.DoesNotExist:
        return None


def _facts(row: ClientLadder | None, counts: dict[str, Any]) -> LadderFacts:
    confirmed = {name: getattr(row, name) for name in CONFIRMATIONS} if row else {}
    return LadderFacts(
        level=row.level if row else Level.PROSPECT,
        paid_orders=counts.get("paid_orders", 0),
        delivered_orders=counts.get("delivered_orders", 0),
        completed_purchases=counts.get("completed_purchases", 0),
        last_purchase_on=counts.get("last_purchase_on"),
        referrals_count=counts.get("referrals_count", 0),
        partnership=row.partnership if row else False,
        **confirmed,
    )


def facts_of(client: Client) -> LadderFacts:
    """From a client annotated by with_ladder_facts."""
    return _facts(ladder_of(client), vars(client))


# with_ladder_facts' counts for one client, from two plain aggregates: building the five correlated subqueries cost
# the card several times more (~5 ms) than the database spent running them; the statements are built once.
_ORDER_COUNTS = Statement(
    lambda client: (
        Order.objects.filter(client_id=client)
        .order_by()
        .values("client_id")
        .annotate(
            paid_orders=Count("pk", filter=PAID),
            delivered_orders=Count("pk", filter=DELIVERED),
            completed_purchases=Count("pk", filter=PAID & DELIVERED),
            last_purchase_on=Max("ordered_on", filter=PAID),
        )
    ),
    client=int,
)
_REFERRALS = Statement(
    lambda client: (
        Client.objects.filter(referred_by_id=client)
        .order_by()
        .values("referred_by_id")
        .annotate(referrals_count=Count("pk"))
    ),
    client=int,
)


def _counts_of_one(client: Client) -> dict[str, Any]:
    orders = dict(_ORDER_COUNTS.first(client=client.pk) or {})
    referrals = dict(_REFERRALS.first(client=client.pk) or {})
    return {
        "paid_orders": orders.get("paid_orders", 0),
        "delivered_orders": orders.get("delivered_orders", 0),
        "completed_purchases": orders.get("completed_purchases", 0),
        "last_purchase_on": orders.get("last_purchase_on"),
        "referrals_count": referrals.get("referrals_count", 0),
    }


def with_facts_of_one(client: Client) -> Client:
    """The client reloaded with its ladder row, owner and team, and with_ladder_facts' counts as attributes."""
    loaded = Client.objects.select_related("ladder", "owner__team").get(pk=client.pk)
    for name, value in _counts_of_one(client).items():
        setattr(loaded, name, value)
    return loaded


def suggestion_for(client: Client, today: dt.date | None = None) -> LadderSuggestion:
    return suggest(facts_of(with_facts_of_one(client)), today or timezone.localdate(), SETTINGS)


@dataclass(frozen=True)
class Suggested:
    client: Client
    current: Level
    suggestion: LadderSuggestion


def suggestions_for(user: User, today: dt.date | None = None) -> list[Suggested]:
    """LAD-6: the user's clients (OWN-1) whose criteria say promote or demote, by name in the reader's order."""
    today = today or timezone.localdate()
    orders = Order.objects.filter(client=OuterRef("pk"))
    candidates = clients_visible_to(user).filter(
        Exists(orders.filter(PAID | DELIVERED))
        | Exists(Client.objects.filter(referred_by=OuterRef("pk")))
        | Q(ladder__level__gt=Level.PROSPECT)
        | Q(ladder__partnership=True)
    )
    found = []
    ordered = candidates.select_related("organization", "owner").order_by(*by_name(user.language))  # LANG-1
    for client in with_ladder_facts(ordered):
        facts = facts_of(client)
        suggestion = suggest(facts, today, SETTINGS)
        if suggestion.direction != Direction.NONE:
            found.append(Suggested(client, Level(facts.level), suggestion))
    return found


_PRIVILEGES = Statement(lambda team: LevelPrivileges.objects.filter(team_id=team), team=int)


def team_privileges(team: Team | None) -> dict[Level, Privileges]:
    """LAD-5: the team's privileges per level; levels without a row keep the defaults."""
    table = dict(DEFAULT_PRIVILEGES)
    if team is None:
        return table
    for row in _PRIVILEGES.rows(team=team.pk):
        table[Level(row.level)] = Privileges(
            row.discount_pct,
            row.payment_terms_days,
            ServicePriority(row.service_priority),
            row.personal_manager,
            row.gifts,
        )
    return table


@dataclass(frozen=True)
class LadderCard:
    client: Client
    level: Level
    row: ClientLadder | None
    privileges: Privileges
    suggestion: LadderSuggestion
    history: list[LadderChange]


_HISTORY = Statement(lambda client: LadderChange.objects.filter(client_id=client).select_related("by")[:20], client=int)


def card_for(client: Client, *, fresh: bool = True) -> LadderCard:
    """The client must come from client_for_user (OWN-1). Five queries (six without the owner's team loaded);
    the ladder row is read afresh, for the card also shows it right after a save, unless `fresh=False` says
    the client was read just now with it (four queries)."""
    row = ClientLadder.objects.filter(client=client).first() if fresh else ladder_of(client)
    facts = _facts(row, _counts_of_one(client))
    level = Level(facts.level)
    return LadderCard(
        client=client,
        level=level,
        row=row,
        privileges=team_privileges(client.owner.team)[level],
        suggestion=suggest(facts, timezone.localdate(), SETTINGS),
        history=_HISTORY.rows(client=client.pk),
    )


def overrides_visible_to(user: User) -> QuerySet[PrivilegeOverride]:
    """LAD-5 report rows, scoped like the clients they belong to (OWN-1)."""
    visible = clients_visible_to(user).values("pk")
    return PrivilegeOverride.objects.filter(client__in=visible).select_related("client", "by", "order")
