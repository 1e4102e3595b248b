"""Issue 13: under the Content-Security-Policy the pages raise no violation in Chromium and what used to be inline
script still works (the team switch, Cancel, the API docs)."""

from __future__ import annotations

import pytest

from keepwarm.flows.letters import letter_compose
from keepwarm.letters.delivery import letter_message, message_source
from keepwarm.letters.models import Letter, LetterKind
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


def test_the_letters_pages_and_a_letter_as_sent_raise_no_violation(page, alice):
    """The sent HTML is shown in a sandboxed frame under the page's policy: its footer must need no inline style."""
    client = make_client(alice, first_name="Ion", last_name="Bălan", emails=["ion@example.md"], language="ro")
    letter = letter_compose(
        by=alice, client=client, kind=LetterKind.FREE, subject="Salut", body="Bună ziua", draft=True
    )
    letter.sent_message = message_source(letter_message(letter))
    letter.status = Letter.Status.SENT
    letter.save(update_fields=["sent_message", "status"])
    violations = watch_violations(page)
    log_in(page, "alice")
    for path in (f"/letters/{letter.pk}/sent/", f"/letters/{letter.pk}/", "/letters/", "/letters/templates/"):
        page.goto(path)
        htmx_settled(page)
    page.goto(f"/clients/{client.pk}/letters/new/?kind=free")
    htmx_settled(page)
    assert violations == []
