"""The OpenAPI schema (drf-spectacular) documents what the API really answers: for each endpoint that creates, the
status code it returns (201) and the shape of its body (one object, not a list), read from the generated schema."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from keepwarm.catalog import services as catalog_services
from keepwarm.catalog.models import Event
from keepwarm.needs import services as needs_services
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def documented(schema: dict, path: str, status: int) -> dict:
    """The response schema the operation documents for the status (KeyError when it documents none)."""
    response = schema["paths"][path]["post"]["responses"][str(status)]
    body = response["content"]["application/json"]["schema"]
    if "$ref" in body:
        body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    return body


def test_what_the_create_endpoints_answer_is_what_the_schema_says(alice, lena):
    client = make_client(alice)
    event = catalog_services.event_create(by=lena, kind=Event.Kind.DISCOUNT, title="-10%", date=dt.date(2030, 5, 1))
    questionnaire = needs_services.questionnaire_create(by=lena, title="First call")
    question = needs_services.question_save(questionnaire=questionnaire, by=lena, text="Own trucks?")
    today = timezone.localdate().isoformat()
    calls = [
        (alice, "/api/calendar-feeds/", "/api/calendar-feeds/", {}),
        (alice, f"/api/clients/{client.pk}/scorecard/marks/", "/api/clients/{id}/scorecard/marks/",
         {"number": 7, "marked_on": today, "evidence": "shouted at us"}),
        (lena, f"/api/questionnaires/{questionnaire.pk}/questions/", "/api/questionnaires/{id}/questions/",
         {"text": "How many drivers?"}),
        (alice, f"/api/events/{event.pk}/invite/", "/api/events/{id}/invite/", {"client": client.pk}),
        (alice, f"/api/clients/{client.pk}/interviews/", "/api/clients/{id}/interviews/",
         {"questionnaire": questionnaire.pk, "answers": [{"question": question.pk, "text": "yes"}]}),
    ]  # fmt: skip
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for user, url, path, body in calls:
        response = api_as(user).post(url, body, format="json")
        assert response.status_code == 201, (url, response.content)
        answer = documented(schema, path, response.status_code)
        assert answer.get("type", "object") == "object", (path, answer)
        assert isinstance(response.json(), dict)
        assert set(response.json()) <= set(answer["properties"]), path
