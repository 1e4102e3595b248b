"""Issue #5 demo rows, made through the real services: profile, privileges, questionnaire, catalog, deals, journal.

A few dozen rows, so the load stays fast; products come last so POST-3 matching plans offers over the history."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from keepwarm.accounts.models import Team, User
from keepwarm.catalog import services as catalog
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client, Organization
from keepwarm.deals import services as deals
from keepwarm.demo import names
from keepwarm.journal import services as journal
from keepwarm.ladder import services as ladder
from keepwarm.ladder.criteria import Level
from keepwarm.ladder.privileges import ServicePriority
from keepwarm.needs import services as needs
from keepwarm.needs.classes import NeedClass, QuestionType
from keepwarm.qualification import services as qualification
from keepwarm.qualification.grid import Grade
from keepwarm.qualification.indicators import DealStage

# LAD-5: what each level earns (discount %, payment days, service priority, personal manager, gifts)
PRIVILEGES = {
    Level.PROSPECT: (0, 0, ServicePriority.NORMAL, False, False),
    Level.USER: (3, 7, ServicePriority.NORMAL, False, False),
    Level.CONSERVATIVE: (5, 14, ServicePriority.HIGH, False, True),
    Level.ADVOCATE: (8, 30, ServicePriority.HIGH, True, True),
    Level.PARTNER: (12, 45, ServicePriority.TOP, True, True),
}
QUESTIONS: tuple[tuple[str, QuestionType, NeedClass, list[str]], ...] = (
    ("Do you run your own delivery fleet?", QuestionType.CLOSED, NeedClass.SAFETY, ["logistics"]),
    ("What happens when a shipment is late?", QuestionType.OPEN, NeedClass.RELIABILITY, []),
    ("Do you store goods in your own warehouse or rent space?", QuestionType.ALTERNATIVE, NeedClass.COMFORT,
     ["warehousing"]),
    ("Would training your staff on the new system help?", QuestionType.LEADING, NeedClass.NOVELTY, ["training"]),
    ("So, who else takes part in the decision?", QuestionType.CLARIFYING, NeedClass.BELONGING, []),
)  # fmt: skip
PRODUCTS: tuple[tuple[str, str, list[str], NeedClass], ...] = (
    ("Fleet tracker", "GPS tracking and route reports for delivery vans.", ["logistics", "software"],
     NeedClass.RELIABILITY),
    ("Pallet racking", "Racking installed and certified in two days.", ["warehousing"], NeedClass.SAFETY),
    ("Warehouse staff course", "A two-day course on the warehouse system.", ["training", "warehousing"],
     NeedClass.NOVELTY),
)  # fmt: skip
METHODS = (
    ("Showed the savings on their own invoices", "Signed for a year", "Wants monthly reports"),
    ("Invited the decision-maker to the presentation", "Pilot for two vans", "Asked for a shorter contract"),
    ("Answered the price objection with a smaller package", "First order", "Faster delivery next time"),
    ("Referred by a partner; met the same week", "Signed", ""),
)


def _setup(team: Team, lead: User) -> None:
    qualification.profile_update(
        team=team, by=lead, employees_min=10, employees_max=1000, countries=["MD", "RO"],
        target_verticals=list(names.VERTICALS)[:3], max_tz_offset_hours=Decimal(3),
    )  # fmt: skip
    for level, (discount, days, priority, manager, gifts) in PRIVILEGES.items():
        ladder.privileges_update(
            team=team, by=lead, level=level, discount_pct=Decimal(discount), payment_terms_days=days,
            service_priority=priority, personal_manager=manager, gifts=gifts,
        )  # fmt: skip
    questionnaire = needs.questionnaire_create(by=lead, team=team, title="First call: logistics")
    for text, kind, need, tags in QUESTIONS:
        needs.question_save(questionnaire=questionnaire, by=lead, text=text, type=kind, need_class=need, tags=tags)


def _deals(rng: random.Random, team: Team, lead: User, today: dt.date) -> None:
    """SALE-1: open deals at every stage, one won and one lost; journal entries on the closed and some open."""
    people = list(
        Client.objects.filter(owner__team=team, organization__isnull=False)
        .exclude(category=Category.NEVER)
        .select_related("owner")
        .order_by("pk")
    )
    chosen = rng.sample(people, min(len(people), 2 * len(DealStage) + 2))
    stages = [*list(DealStage) * 2, DealStage.CLOSING_SUPPORT, DealStage.OBJECTIONS]
    made = []
    for client, stage in zip(chosen, stages, strict=False):
        opened = today - dt.timedelta(days=rng.randint(5, 90))
        deal = deals.deal_create(
            client=client, by=client.owner, title=f"{rng.choice(PRODUCTS)[0]}: {client.last_name}",
            amount=Decimal(rng.randrange(500, 20000, 100)), currency="EUR", stage=stage, opened_on=opened,
        )  # fmt: skip
        made.append(deal)
    closed = made[2 * len(DealStage) :]
    if closed:
        deals.deal_close(deal=closed[0], by=closed[0].client.owner, won=True, closed_on=today)
    if len(closed) > 1:
        deals.deal_close(deal=closed[1], by=closed[1].client.owner, won=False, closed_on=today)
    for deal, (method, result, feedback) in zip([*closed, *made[::5]], METHODS, strict=False):
        journal.journal_create(
            by=deal.client.owner, date=today - dt.timedelta(days=rng.randint(0, 20)), deal=deal, client=deal.client,
            conditions=f"{deal.amount} {deal.currency}", method=method, result=result, feedback=feedback,
        )  # fmt: skip
    for organization in Organization.objects.filter(team=team).order_by("pk")[:9]:
        deals.organization_assess(
            organization=organization, by=lead, interest=rng.choice(Grade.values), capacity=rng.choice(Grade.values)
        )


def build_sales(rng: random.Random, *, team: Team, users: dict[str, User], today: dt.date) -> None:
    lead = users["lead"]
    _setup(team, lead)
    _deals(rng, team, lead, today)
    for name, description, tags, need in PRODUCTS:
        catalog.product_create(by=lead, team=team, name=name, description=description, tags=tags, need_class=need)
