"""Reads for needs discovery: scoped questionnaires, a client's answers and satisfied needs (NEED-1)."""

from __future__ import annotations

from django.db.models import QuerySet

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.needs.choices import NeedClass, related_needs
from keepwarm.needs.models import Answer, Questionnaire


def questionnaires_visible_to(user: User) -> QuerySet[Questionnaire]:
    return access.team_rows(user, Questionnaire.objects.all())


def questionnaires_for(client: Client) -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(team_id=client.owner.team_id or 0, active=True)


def client_answers(client: Client, questionnaire: Questionnaire) -> dict[int, Answer]:
    answers = Answer.objects.filter(interview__client=client, interview__questionnaire=questionnaire)
    return {answer.question_id: answer for answer in answers}


def satisfied_needs(client: Client) -> list[str]:
    """Need classes the client's answers marked satisfied, in NeedClass order."""
    found = set(
        Answer.objects.filter(interview__client=client, need_status=Answer.NeedStatus.SATISFIED)
        .exclude(question__need_class="")
        .values_list("question__need_class", flat=True)
    )
    return [need for need in NeedClass.values if need in found]


def next_needs(client: Client) -> list[NeedClass]:
    """NEED-1: needs that follow the satisfied ones (not satisfied yet), nearest first."""
    satisfied = satisfied_needs(client)
    found: list[NeedClass] = []
    for need in satisfied:
        found += [n for n in related_needs(need) if n not in satisfied and n not in found]
    return found
