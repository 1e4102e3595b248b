"""The reports' API schema names the reports, the period presets and the 400 and 404 answers the API gives."""

from __future__ import annotations

import pytest

from keepwarm.accounts.models import User
from tests.conftest import api_as

pytestmark = pytest.mark.django_db

REPORTS = ["flows", "refusals", "six", "activity", "deals", "ladder", "journal"]


def test_the_report_endpoints_schema_matches_what_they_answer(alice: User) -> None:
    paths = api_as(alice).get("/api/schema/", {"format": "json"}).json()["paths"]
    for path, names in (
        ("/api/reports/{name}/", REPORTS),
        ("/api/reports/{name}/clients/", [name for name in REPORTS if name != "journal"]),
    ):
        operation = paths[path]["get"]
        parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
        assert sorted(parameters["name"]["schema"]["enum"]) == sorted(names)
        assert sorted(parameters["period"]["schema"]["enum"]) == ["month", "quarter", "week", "year"]
        assert {"from", "to", "team", "manager"} <= set(parameters)
        assert {"200", "400", "404"} <= set(operation["responses"])
    for name in REPORTS:
        assert api_as(alice).get(f"/api/reports/{name}/", {"period": "quarter"}).status_code == 200
    assert api_as(alice).get("/api/reports/flows/", {"period": "decade"}).json().keys() == {"period"}
