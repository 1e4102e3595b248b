"""TACT-7 in the browser: the card's Move action, by keyboard only, shows the moved step and why it moved."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from keepwarm.touches.selectors import open_next_step
from tests.browser.conftest import log_in
from tests.factories import make_client, midweek

pytestmark = pytest.mark.browser


def test_tact5_tact7_move_the_next_step_to_a_saturday_by_keyboard(page: Page, alice):
    client = make_client(alice, first_name="Mihai", last_name="Rusu")
    saturday = midweek(14) + dt.timedelta(days=3)
    planned_on = open_next_step(client).due_date.isoformat()
    log_in(page, "alice")
    page.goto(f"/clients/{client.pk}/")
    summary = page.locator("#next-step summary")
    summary.focus()
    page.keyboard.press("Enter")
    page.get_by_label("New date").fill(saturday.isoformat())
    page.keyboard.press("Enter")  # submits the form from the date field
    # The step as first planned may carry TACT-5 already (planned on a Sunday): wait for the move itself.
    expect(page.locator("#next-step time")).not_to_have_attribute("datetime", planned_on)
    expect(page.locator("#next-step")).to_contain_text("(TACT-5)")
    moved = open_next_step(client)
    assert moved.due_date > saturday
    expect(page.locator("#next-step time")).to_have_attribute("datetime", moved.due_date.isoformat())
