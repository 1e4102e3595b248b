"""Needs answers (NEED-1) that add interests to the client (POST-3)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.clients.services import client_set_interests
from keepwarm.needs import services as needs_services
from keepwarm.needs.models import Answer, NeedsInterview, Questionnaire
from keepwarm.needs.services import AnswerData


@transaction.atomic
def interview_record(
    *, client: Client, questionnaire: Questionnaire, by: User, answers: Sequence[AnswerData]
) -> NeedsInterview:
    """NEED-1: keep the client's answers; a positive answer adds its interests to the client (POST-3)."""
    interview, new_tags = needs_services.interview_record(
        client=client, questionnaire=questionnaire, by=by, answers=answers
    )
    current = set(client.interests.values_list("name", flat=True))
    if new_tags - current:
        client_set_interests(client=client, names=current | new_tags)
    return interview


def answer_save(*, client: Client, questionnaire: Questionnaire, by: User, data: AnswerData) -> Answer:
    """One answer typed during the call (htmx, per field)."""
    interview = interview_record(client=client, questionnaire=questionnaire, by=by, answers=[data])
    return Answer.objects.get(interview=interview, question=data.question)
