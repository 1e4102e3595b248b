"""API rate limits: a per-user budget answered by 429 with Retry-After, set by API_RATE_USER / API_RATE_ANON."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from config.settings import base
from tests.conftest import api_as

pytestmark = pytest.mark.django_db


def rates(user, anon):
    return override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": user, "anon": anon}}
    )


@pytest.fixture(autouse=True)
def fresh_budget():
    cache.clear()
    yield
    cache.clear()


def test_a_user_past_their_budget_gets_429_with_retry_after(alice, bob):
    with rates("5/minute", "100/minute"):
        api = api_as(alice)
        answers = [api.get("/api/me/").status_code for _ in range(6)]
        refused = api.get("/api/me/")
        other = api_as(bob).get("/api/me/")
    assert answers[:5] == [200] * 5
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert other.status_code == 200  # the budget is per user


def test_three_hundred_requests_in_a_burst_do_not_all_pass_with_the_production_budget(alice):
    production = base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]  # the test settings switch the budgets off
    with rates(production["user"], production["anon"]):
        api = api_as(alice)
        statuses = [api.get("/api/me/").status_code for _ in range(300)]
    assert statuses.count(429) > 0
    assert statuses.count(200) == int(production["user"].split("/")[0])


def test_anonymous_callers_of_the_token_endpoint_have_a_budget_by_address(api, alice):
    with rates("100/minute", "3/minute"):
        answers = [
            api.post("/api/auth/token/", {"username": "alice", "password": "secret-pass-123"}).status_code
            for _ in range(4)
        ]
    assert answers == [200, 200, 200, 429]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["120/minute", "30/minute"]),
        ({"API_RATE_USER": "7/second", "API_RATE_ANON": "2/hour"}, ["7/second", "2/hour"]),
    ],
)
def test_the_budgets_come_from_the_environment(env, expected):
    code = (
        "import json, config.settings.base as s; "
        "r = s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']; print(json.dumps([r['user'], r['anon']]))"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("API_RATE_")}
    environment |= {"DEBUG": "1", **env}
    out = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == expected


def test_a_malformed_budget_stops_the_server_at_start_with_the_variable_named():
    environment = {**os.environ, "DEBUG": "1", "API_RATE_USER": "lots"}
    out = subprocess.run(
        [sys.executable, "-c", "import config.settings.base"], env=environment, capture_output=True, text=True
    )
    assert out.returncode != 0
    assert "API_RATE_USER='lots'" in out.stderr
