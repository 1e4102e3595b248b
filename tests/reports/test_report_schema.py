"""Each report's real answer matches its component in the OpenAPI schema (schema.REPORT): with rows behind every
list, and with none (the nulls of an empty period)."""

from __future__ import annotations

import pytest
import time_machine
from django.core.wsgi import get_wsgi_application
from rest_framework.authtoken.models import Token

from keepwarm.accounts.models import User
from keepwarm.reports.selectors import REPORTS
from tests.reports.conftest import NOW

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("wsgi_in_the_test_transaction")]


@pytest.mark.usefixtures("one_of_each_on_three_days")
@pytest.mark.parametrize("params", [{"period": "month"}, {"from": "2001-01-01", "to": "2001-01-31"}])
def test_every_report_answers_what_its_schema_declares(lena: User, params: dict[str, str]) -> None:
    headers = {"Authorization": f"Token {Token.objects.create(user=lena).key}"}
    operation = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), headers=headers)[
        "/api/reports/{name}/"
    ]["GET"]
    for name in REPORTS:
        case = operation.Case(path_parameters={"name": name}, query=params)
        with time_machine.travel(NOW, tick=False):
            response = case.call(headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["report"] == name
        case.validate_response(response, checks=[response_schema_conformance], headers=headers)
