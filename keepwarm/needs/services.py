"""Writes for needs discovery: questionnaires (leads, admins) and answers (managers, during a call)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from keepwarm.accounts import access
from keepwarm.accounts.models import Team, User
from keepwarm.catalog.tags import team_tags
from keepwarm.clients.models import Client
from keepwarm.needs.models import Answer, NeedsInterview, Question, Questionnaire

QUESTION_FIELDS = ("order", "text", "type", "need_class")
# A closed question's "yes" in the UI's languages; a checkbox can say so explicitly too.
YES_WORDS = frozenset({"yes", "y", "+", "да", "da", "ok", "sure", "конечно", "desigur"})


def is_positive(text: str) -> bool:
    words = text.strip().casefold().rstrip("!.").split()
    return bool(words) and words[0].rstrip(",") in YES_WORDS


def _check_manager(by: User, team: Team) -> None:
    if not access.can_manage_team(by, team):
        raise ValidationError(_("Only the team's lead or an admin manages questionnaires."))


@transaction.atomic
def questionnaire_create(*, by: User, title: str, team: Team | None = None, active: bool = True) -> Questionnaire:
    team = team or by.team
    if team is None:
        raise ValidationError({"team": _("Choose the team.")})
    _check_manager(by, team)
    questionnaire = Questionnaire(team=team, title=title, active=active, created_by=by)
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, by: User, **fields: Any) -> Questionnaire:
    if set(fields) - {"title", "active"}:
        raise TypeError(f"not editable: {sorted(set(fields) - {'title', 'active'})}")
    _check_manager(by, questionnaire.team)
    for name, value in fields.items():
        setattr(questionnaire, name, value)
    questionnaire.full_clean()
    questionnaire.save(update_fields=[*fields, "updated_at"])
    return questionnaire


@transaction.atomic
def question_save(
    *,
    questionnaire: Questionnaire,
    by: User,
    question: Question | None = None,
    tags: Iterable[str] | None = None,
    **fields: Any,
) -> Question:
    """Add a question (at the end unless an order is given) or edit one."""
    if set(fields) - set(QUESTION_FIELDS):
        raise TypeError(f"not editable: {sorted(set(fields) - set(QUESTION_FIELDS))}")
    _check_manager(by, questionnaire.team)
    if question is None:
        question = Question(questionnaire=questionnaire)
        if fields.get("order") is None:
            last = questionnaire.questions.aggregate(last=Max("order"))["last"]
            fields["order"] = (last or 0) + 1
    elif question.questionnaire_id != questionnaire.pk:
        raise ValidationError(_("The question belongs to another questionnaire."))
    for name, value in fields.items():
        setattr(question, name, value)
    question.full_clean()
    question.save()
    if tags is not None:
        question.interest_tags.set(team_tags(team=questionnaire.team, names=tags))
    return question


@dataclass(frozen=True)
class AnswerData:
    question: Question
    text: str = ""
    need_status: str = ""
    positive: bool | None = None  # None: read it from the text (a "yes")


def _apply(interview: NeedsInterview, data: AnswerData) -> tuple[Answer, set[str]]:
    if data.question.questionnaire_id != interview.questionnaire_id:
        raise ValidationError({"question": _("The question belongs to another questionnaire.")})
    positive = is_positive(data.text) if data.positive is None else data.positive
    answer, _created = Answer.objects.update_or_create(
        interview=interview,
        question=data.question,
        defaults={"text": data.text.strip(), "need_status": data.need_status, "positive": positive},
    )
    answer.full_clean()
    tags = {tag.name for tag in data.question.interest_tags.all()} if positive else set()
    return answer, tags


@transaction.atomic
def interview_record(
    *, client: Client, questionnaire: Questionnaire, by: User, answers: Sequence[AnswerData]
) -> tuple[NeedsInterview, set[str]]:
    """NEED-1: keep the client's answers; returns the interview and the interests its positive answers name
    (flows.needs adds them to the client, POST-3)."""
    if questionnaire.team_id != client.owner.team_id:
        raise ValidationError({"questionnaire": _("This questionnaire belongs to another team.")})
    interview, _created = NeedsInterview.objects.get_or_create(
        client=client, questionnaire=questionnaire, defaults={"by": by}
    )
    if interview.by_id != by.pk:
        interview.by = by
    interview.save(update_fields=["by", "updated_at"])
    new_tags: set[str] = set()
    for data in answers:
        new_tags |= _apply(interview, data)[1]
    return interview, new_tags


@transaction.atomic
def question_delete(*, question: Question, by: User) -> None:
    """NEED-1: remove a question; the answers to it go with it, the interests they added stay with the clients."""
    _check_manager(by, question.questionnaire.team)
    question.delete()


@transaction.atomic
def questions_reorder(*, questionnaire: Questionnaire, by: User, question_ids: Sequence[int]) -> list[Question]:
    """NEED-1: put the questions in this order (1, 2, 3, ...); every question of the questionnaire, once."""
    _check_manager(by, questionnaire.team)
    questions = {question.pk: question for question in questionnaire.questions.select_for_update()}
    if len(question_ids) != len(set(question_ids)) or set(question_ids) != set(questions):
        raise ValidationError({"questions": _("List every question of this questionnaire once.")})
    for position, pk in enumerate(question_ids, start=1):
        questions[pk].order = position
    Question.objects.bulk_update(questions.values(), ["order"])
    return [questions[pk] for pk in question_ids]


def question_move(*, question: Question, by: User, up: bool) -> list[Question]:
    """The list page's up/down buttons: swap with the neighbour, then renumber through questions_reorder."""
    ids = list(question.questionnaire.questions.values_list("pk", flat=True))
    index = ids.index(question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ids):
        ids[index], ids[other] = ids[other], ids[index]
    return questions_reorder(questionnaire=question.questionnaire, by=by, question_ids=ids)
