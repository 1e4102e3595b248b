"""Issue 13, no 5xx on any input: numbers past 64 bits in query strings, bodies too large or JSON nested too deep
get a 4xx with a message, on the API and on pages."""

from __future__ import annotations

import json

import pytest

from keepwarm.core.middleware import MAX_JSON_DEPTH, json_depth_exceeds
from tests.conftest import api_as
from tests.factories import make_client

BEYOND_64_BITS = str(2**63)  # one past the largest id either database stores


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        (f"/api/orders/?client={BEYOND_64_BITS}", "client"),
        (f"/api/planned-touches/?client={BEYOND_64_BITS}", "client"),
        (f"/api/clients/?offset={BEYOND_64_BITS}", "offset"),
        (f"/api/clients/?limit={BEYOND_64_BITS}", "limit"),
        (f"/api/organizations/?offset={BEYOND_64_BITS}", "offset"),
        (f"/api/organizations/?limit={10**30}", "limit"),
        (f"/api/journal/?limit={BEYOND_64_BITS}", "limit"),
        (f"/api/ladder/overrides/?offset={BEYOND_64_BITS}", "offset"),
        ("/api/clients/{client}/plan/?days=99999999999999999999", "days"),
    ],
)
def test_no_5xx_a_number_beyond_64_bits_in_an_api_query_is_a_400_naming_the_parameter(alice, lena, url, parameter):
    response = api_as(lena).get(url.format(client=make_client(alice).pk))
    assert response.status_code == 400
    assert parameter in response.json()


def test_no_5xx_a_planned_touch_filtered_by_an_impossible_client_is_refused_not_a_500(alice):
    response = api_as(alice).patch(f"/api/planned-touches/1/?client={BEYOND_64_BITS}", {}, format="json")
    assert response.status_code == 400


def test_no_5xx_bounds_still_take_the_largest_id_and_offset_that_fit(alice):
    api = api_as(alice)
    assert api.get(f"/api/orders/?client={2**63 - 1}").json()["results"] == []
    assert api.get("/api/clients/?offset=1000000000&limit=200").json()["results"] == []


@pytest.mark.parametrize(
    "url", [f"/organizations/?page={10**21}", f"/?more=due&shown={BEYOND_64_BITS}", "/organizations/?page=0"]
)
def test_no_5xx_a_page_with_an_impossible_number_answers_400_with_a_message(client, alice, url):
    client.force_login(alice)
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response.content.strip()


def test_no_5xx_the_client_list_shows_an_impossible_page_number_as_a_wrong_filter(client, alice):
    client.force_login(alice)
    response = client.get("/clients/", {"page": 10**21})
    assert response.status_code < 500
    assert "less than or equal to 1000000" in response.content.decode()


def deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_no_5xx_json_nested_5000_deep_is_a_400_even_on_the_unauthenticated_token_endpoint(api, alice):
    response = api.post("/api/auth/token/", deep(5000), content_type="application/json")
    assert response.status_code == 400
    assert str(MAX_JSON_DEPTH) in response.json()["detail"]
    response = api_as(alice).post(
        "/api/clients/", '{"first_name": ' + deep(5000) + "}", content_type="application/json"
    )
    assert response.status_code == 400


def test_no_5xx_json_as_deep_as_allowed_still_reaches_the_view(api, alice):
    body = json.dumps({"username": "alice", "password": "secret-pass-123"})
    assert api.post("/api/auth/token/", body, content_type="application/json").status_code == 200
    nested = '{"username": "alice", "password": ' + deep(MAX_JSON_DEPTH - 1) + "}"
    assert api.post("/api/auth/token/", nested, content_type="application/json").status_code == 400  # DRF's own
    assert "nested" not in api.post("/api/auth/token/", nested, content_type="application/json").content.decode()


def test_no_5xx_a_body_over_the_cap_is_a_413_with_a_message(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"username": "x" * 2000, "password": "y"})
    response = api.post("/api/auth/token/", body, content_type="application/json")
    assert response.status_code == 413
    assert "1000" in response.json()["detail"]
    form = api.post("/api/auth/token/", {"username": "x" * 2000, "password": "y"})  # form-encoded: capped too
    assert form.status_code == 413


@pytest.mark.parametrize(
    ("body", "deeper"),
    [
        (b'{"note": "[[[[[[[[[[[["}', False),  # brackets inside a string do not nest
        (b'["\\"", [[[]]]]', True),  # an escaped quote does not end the string
        (b'["\\\\", [[[]]]]', True),  # an escaped backslash does
        (b'[[["unterminated [[[[[[[[', False),  # the parser stops at a string that never ends
        (b"[[[]]]", False),
        (b"[[[[]]]]", True),
    ],
)
def test_no_5xx_json_depth_is_told_from_the_brackets_outside_strings(body, deeper):
    assert json_depth_exceeds(body, 3) is deeper


@pytest.mark.parametrize("url", ["/clients/{pk}/touch/?planned={big}", "/clients/{pk}/needs/?questionnaire={big}"])
def test_no_5xx_a_page_naming_an_impossible_row_answers_400(client, alice, url):
    client.force_login(alice)
    response = client.get(url.format(pk=make_client(alice).pk, big=10**30))
    assert response.status_code == 400
