"""NEED-1: a questionnaire's questions are edited, reordered and deleted through one service, from the API and the
pages alike; OWN-1 and field errors."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as WebClient

from keepwarm.flows import needs as needs_flows
from keepwarm.needs import services
from keepwarm.needs.models import Answer
from keepwarm.needs.services import AnswerData
from tests.conftest import api_as
from tests.factories import make_client


@pytest.fixture
def questionnaire(lena):
    questionnaire = services.questionnaire_create(by=lena, title="First call")
    for text in ("Own trucks?", "How many drivers?", "What matters most?"):
        services.question_save(questionnaire=questionnaire, by=lena, text=text)
    return questionnaire


def _texts(questionnaire) -> list[str]:
    return [question.text for question in questionnaire.questions.all()]


def _url(questionnaire, question=None) -> str:
    base = f"/api/questionnaires/{questionnaire.pk}/questions/"
    return f"{base}{question.pk}/" if question else base


def test_need1_api_edits_a_question(lena, questionnaire):
    first = questionnaire.questions.first()
    response = api_as(lena).patch(_url(questionnaire, first), {"text": "Do you run trucks?", "tags": ["logistics"]})
    assert response.status_code == 200, response.content
    assert response.json()["interest_tags"] == ["logistics"]
    first.refresh_from_db()
    assert (first.text, first.type, first.order) == ("Do you run trucks?", "open", 1)


def test_need1_api_edit_bad_input_is_400_with_field_errors(lena, questionnaire):
    first = questionnaire.questions.first()
    response = api_as(lena).patch(_url(questionnaire, first), {"text": "", "type": "shouted"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"text", "type"}


def test_need1_api_reorders_questions(lena, questionnaire):
    one, two, three = questionnaire.questions.all()
    response = api_as(lena).post(
        f"{_url(questionnaire)}order/", {"questions": [three.pk, one.pk, two.pk]}, format="json"
    )
    assert response.status_code == 200, response.content
    assert [q["text"] for q in response.json()["questions"]] == [
        "What matters most?",
        "Own trucks?",
        "How many drivers?",
    ]
    assert [q["order"] for q in response.json()["questions"]] == [1, 2, 3]


@pytest.mark.parametrize("ids", ["missing", "twice", "foreign"])
def test_need1_reorder_must_list_every_question_once(lena, questionnaire, ids):
    one, two, three = questionnaire.questions.all()
    other = services.questionnaire_create(by=lena, title="Other")
    stranger = services.question_save(questionnaire=other, by=lena, text="Elsewhere?")
    body = {"missing": [one.pk, two.pk], "twice": [one.pk, one.pk, two.pk, three.pk]}.get(
        ids, [one.pk, two.pk, three.pk, stranger.pk]
    )
    response = api_as(lena).post(f"{_url(questionnaire)}order/", {"questions": body}, format="json")
    assert response.status_code == 400
    assert "questions" in response.json()
    assert _texts(questionnaire) == ["Own trucks?", "How many drivers?", "What matters most?"]


def test_need1_api_deletes_a_question_with_its_answers(lena, alice, questionnaire):
    client = make_client(alice)
    first = questionnaire.questions.first()
    needs_flows.answer_save(client=client, questionnaire=questionnaire, by=alice, data=AnswerData(first, "Yes"))
    response = api_as(lena).delete(_url(questionnaire, first))
    assert response.status_code == 204
    assert _texts(questionnaire) == ["How many drivers?", "What matters most?"]
    assert not Answer.objects.filter(question_id=first.pk).exists()
    assert api_as(lena).delete(f"/api/questionnaires/{questionnaire.pk}/").status_code == 405


def test_need1_only_leads_change_questions(alice, questionnaire):
    first = questionnaire.questions.first()
    assert api_as(alice).delete(_url(questionnaire, first)).status_code == 400
    with pytest.raises(ValidationError):
        services.questions_reorder(questionnaire=questionnaire, by=alice, question_ids=[first.pk])
    assert len(_texts(questionnaire)) == 3


def test_own1_other_teams_questions_are_404(carol, lena, questionnaire):
    first = questionnaire.questions.first()
    api = api_as(carol)
    assert api.patch(_url(questionnaire, first), {"text": "Mine now"}).status_code == 404
    assert api.delete(_url(questionnaire, first)).status_code == 404
    assert api.post(f"{_url(questionnaire)}order/", {"questions": [first.pk]}, format="json").status_code == 404
    other = services.questionnaire_create(by=lena, title="Other")
    # a question of another questionnaire is not reachable through this one
    assert api_as(lena).delete(_url(other, first)).status_code == 404
    assert len(_texts(questionnaire)) == 3


def test_need1_pages_move_and_delete_questions(lena, questionnaire):
    browser = WebClient()
    browser.force_login(lena)
    one, two, three = questionnaire.questions.all()
    page = f"/needs/templates/{questionnaire.pk}/"
    assert browser.get(page).status_code == 200
    assert browser.post(page, {"action": "down", "question": one.pk}).status_code == 302
    assert _texts(questionnaire) == ["How many drivers?", "Own trucks?", "What matters most?"]
    assert browser.post(page, {"action": "up", "question": three.pk}).status_code == 302
    assert _texts(questionnaire) == ["How many drivers?", "What matters most?", "Own trucks?"]
    edit = f"{page}questions/{two.pk}/"
    assert "answers to this question are deleted" in browser.get(edit).content.decode()
    assert browser.post(edit, {"action": "delete"}).status_code == 302
    assert _texts(questionnaire) == ["What matters most?", "Own trucks?"]
