"""Issue 13: under the Content-Security-Policy the pages raise no violation in Chromium and what used to be inline
script still works (the team switch, Cancel, the API docs)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import htmx_settled, log_in
from tests.factories import make_client

pytestmark = pytest.mark.browser


def watch_violations(page) -> list[str]:
    """Chromium reports each refused script, style or handler on the console."""
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    return seen


def test_pages_under_the_content_security_policy_raise_no_violation(page, alice, lena):
    client = make_client(alice, first_name="Ana", last_name="Lupu")
    violations = watch_violations(page)
    log_in(page, "lena")
    for path in ("/", "/clients/", f"/clients/{client.pk}/", f"/clients/{client.pk}/needs/", "/settings/planner/"):
        response = page.goto(path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        htmx_settled(page)
    page.goto("/clients/")
    page.goto("/clients/new/")
    page.click("a[data-back]")  # Cancel goes back without a javascript: link
    page.wait_for_url("**/clients/")
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .info")  # the docs' script is a file, not inline
    assert violations == []


def test_an_admin_switches_the_team_of_the_settings_without_inline_handlers(page, root, team, other_team):
    violations = watch_violations(page)
    log_in(page, "root")
    page.goto("/settings/planner/")
    page.select_option("#team-pick", str(other_team.pk))
    page.wait_for_url(f"**/settings/planner/?team={other_team.pk}")
    assert violations == []


def test_the_admin_and_the_browsable_api_raise_no_violation(page, root, alice):
    client = make_client(alice)
    violations = watch_violations(page)
    log_in(page, "root")
    for path in ("/admin/", f"/admin/clients/client/{client.pk}/change/", "/api/clients/", "/api/me/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert violations == []
