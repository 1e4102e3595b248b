"""QUAL-3 / QUAL-4 in a real browser: the manager marks indicators on the client card's scorecard."""

from __future__ import annotations

import pytest

from keepwarm.qualification.models import ClientQualification, IndicatorMark
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_client

pytestmark = pytest.mark.browser


def mark(page, number: int, evidence: str) -> None:
    """Tick an indicator on the card, give the evidence and save it (the section is swapped in by htmx)."""
    page.check(f"#mark-{number}")
    page.fill(f"#mark-{number}-evidence", evidence)
    page.locator(f"#indicator-{number} button[type=submit]").click()
    page.wait_for_selector(f"#indicator-{number}.flag")


def test_qual3_fill_the_scorecard_from_the_client_card(page, alice):
    client = make_client(alice, first_name="Radu", last_name="Ciobanu")
    log_in(page, "alice")
    page.goto(f"/clients/{client.pk}/")
    page.click("summary:has-text('Qualification scorecard')")  # loaded when opened (issue 15)
    page.wait_for_selector("#scorecard #mark-7")

    mark(page, 7, "Shouted at the receptionist")
    verdict = page.locator("#scorecard [role=status]")
    assert verdict.inner_text().strip() != ""
    assert IndicatorMark.objects.filter(client=client, number=7, unmarked_at__isnull=True).exists()
    assert ClientQualification.objects.get(client=client).verdict == "fit"  # QUAL-4: one indicator never disqualifies

    for number, evidence in ((12, "Said A, then B"), (13, "Skipped the agreed demo"), (18, "Ignored the advice")):
        mark(page, number, evidence)
    page.wait_for_selector("#scorecard button:has-text('Confirm disqualification')")
    screenshot(page, "scorecard")
    assert ClientQualification.objects.get(client=client).verdict == "disqualify_suggested"
