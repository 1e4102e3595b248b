"""Issue #5 demo rows, made through the real services: profile, privileges, questionnaire, catalog, deals, journal.

A few dozen rows, so the load stays fast; products come last so POST-3 matching plans offers over the history."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from keepwarm.accounts.models import Team, User
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client, Organization
from keepwarm.deals import services as deals
from keepwarm.demo import data, names
from keepwarm.flows import catalog
from keepwarm.flows import teams as team_flows
from keepwarm.journal import services as journal
from keepwarm.ladder import services as ladder
from keepwarm.ladder.criteria import Level
from keepwarm.ladder.privileges import ServicePriority
from keepwarm.needs import services as needs
from keepwarm.needs.choices import NeedClass, QuestionType
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


def _setup(team: Team, lead: User) -> None:
    language = lead.language  # the team's rows are in its lead's language (LANG-1), as data.py names industries
    team_flows.profile_update(
        team=team, by=lead, employees_min=10, employees_max=1000, countries=["MD", "RO"],
        target_verticals=[data.vertical_name(v, language) for v in list(names.VERTICALS)[:3]],
        max_tz_offset_hours=Decimal(3),
    )  # fmt: skip
    for level, (discount, days, priority, manager, gifts) in PRIVILEGES.items():
        ladder.privileges_update(
            team=team, by=lead, level=level, discount_pct=Decimal(discount), payment_terms_days=days,
            service_priority=priority, personal_manager=manager, gifts=gifts,
        )  # fmt: skip
    title = data.QUESTIONNAIRE_TITLE[language]
    questionnaire = needs.questionnaire_create(by=lead, team=team, title=title)
    for texts, kind, need, tags in data.QUESTIONS:
        needs.question_save(
            questionnaire=questionnaire, by=lead, text=texts[language], type=QuestionType(kind),
            need_class=NeedClass(need), tags=[data.tag_name(tag, language) for tag in tags],
        )  # fmt: skip


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
            client=client, by=client.owner, title=f"{rng.choice(data.PRODUCTS)[0][client.owner.language][0]}: "
            f"{client.last_name}",
            amount=Decimal(rng.randrange(500, 20000, 100)), currency="EUR", stage=stage, opened_on=opened,
        )  # fmt: skip
        made.append(deal)
    closed = made[2 * len(DealStage) :]
    if closed:
        deals.deal_close(deal=closed[0], by=closed[0].client.owner, won=True, closed_on=today)
    if len(closed) > 1:
        deals.deal_close(deal=closed[1], by=closed[1].client.owner, won=False, closed_on=today)
    for index, deal in enumerate([*closed, *made[::5]][: len(data.METHODS["en"])]):
        method, result, feedback = data.METHODS[deal.client.owner.language][index]  # the writer's language
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
    for texts, tags, need in data.PRODUCTS:
        name, description = texts[lead.language]
        catalog.product_create(
            by=lead, team=team, name=name, description=description,
            tags=[data.tag_name(tag, lead.language) for tag in tags], need_class=NeedClass(need),
        )  # fmt: skip
