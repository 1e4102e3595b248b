"""NEED-1: questionnaires per team, answers kept per client, feeding interests and related needs; OWN-1."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from keepwarm.flows import needs as needs_flows
from keepwarm.needs import selectors, services
from keepwarm.needs.choices import NeedClass, QuestionType
from keepwarm.needs.services import AnswerData
from tests.conftest import api_as
from tests.factories import make_client


@pytest.fixture
def questionnaire(lena):
    questionnaire = services.questionnaire_create(by=lena, title="First call")
    services.question_save(
        questionnaire=questionnaire,
        by=lena,
        text="Do you run your own trucks?",
        type=QuestionType.CLOSED,
        need_class=NeedClass.SAFETY,
        tags=["logistics"],
    )
    services.question_save(questionnaire=questionnaire, by=lena, text="What matters most?", type=QuestionType.OPEN)
    return questionnaire


def test_need1_only_leads_manage_questionnaires(alice, questionnaire):
    with pytest.raises(ValidationError):
        services.questionnaire_create(by=alice, title="Mine")
    assert [q.order for q in questionnaire.questions.all()] == [1, 2]


def test_need1_positive_answer_adds_interests_and_satisfied_need_suggests_related(alice, questionnaire):
    client = make_client(alice, interests=["retail"])
    trucks, matters = questionnaire.questions.all()
    needs_flows.interview_record(
        client=client,
        questionnaire=questionnaire,
        by=alice,
        answers=[AnswerData(trucks, "Yes, twelve", need_status="satisfied"), AnswerData(matters, "Price")],
    )
    assert set(client.interests.values_list("name", flat=True)) == {"logistics", "retail"}
    assert selectors.satisfied_needs(client) == ["safety"]
    assert selectors.next_needs(client) == [NeedClass.RELIABILITY, NeedClass.COMFORT]
    assert selectors.client_answers(client, questionnaire)[matters.pk].text == "Price"


def test_need1_negative_answer_adds_nothing(alice, questionnaire):
    client = make_client(alice)
    trucks = questionnaire.questions.first()
    needs_flows.answer_save(client=client, questionnaire=questionnaire, by=alice, data=AnswerData(trucks, "No"))
    assert not client.interests.exists()


def test_need1_interviews_api_and_own1(alice, bob, carol, questionnaire):
    client = make_client(alice)
    trucks = questionnaire.questions.first()
    body = {"questionnaire": questionnaire.pk, "answers": [{"question": trucks.pk, "text": "да"}]}
    assert api_as(bob).post(f"/api/clients/{client.pk}/interviews/", body, format="json").status_code == 404
    response = api_as(alice).post(f"/api/clients/{client.pk}/interviews/", body, format="json")
    assert response.status_code == 201
    assert response.json()["interests"] == ["logistics"]
    assert api_as(alice).get("/api/questionnaires/").json()["results"][0]["questions"][0]["interest_tags"] == [
        "logistics"
    ]
    assert api_as(carol).get(f"/api/questionnaires/{questionnaire.pk}/").status_code == 404
