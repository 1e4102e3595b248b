"""CAT-2 in the browser: "Never" from the client card, refused without a listed reason, then set and corrected back;
the header shows the new category and next step without a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from keepwarm.clients.choices import Category
from keepwarm.clients.models import CategoryChange, Client
from tests.browser.conftest import htmx_settled, log_in
from tests.factories import make_client

pytestmark = pytest.mark.browser


def test_cat2_never_from_the_card_then_corrected_without_a_reload(page: Page, alice):
    client = make_client(alice, first_name="Vasile", last_name="Ceban")
    log_in(page, "alice")
    page.goto(f"/clients/{client.pk}/")
    page.evaluate("window.kwNoReload = true")  # lost if the page reloads
    page.locator("#plan-forecast summary").click()  # the coming year loads when opened, then follows the category
    expect(page.locator("#plan-forecast .forecast")).to_be_visible()

    page.get_by_text("Change category").click()
    page.select_option("#category_category", "never")
    page.get_by_role("button", name="Save category").click()
    expect(page.locator("#category_never_reason_error")).to_contain_text("(CAT-2)")
    htmx_settled(page)
    expect(page.locator("#category_never_reason")).to_be_focused()  # the field that says why

    page.select_option("#category_category", "never")
    page.select_option("#category_never_reason", "liquidated")
    page.get_by_role("button", name="Save category").click()
    expect(page.locator("#client-header .badge-never")).to_be_visible()
    expect(page.locator("#plan-forecast")).to_contain_text("Nothing is planned")  # the coming year follows
    expect(page.locator("#client-header")).not_to_contain_text("Log touch")
    assert Client.objects.get(pk=client.pk).category == Category.NEVER
    htmx_settled(page)

    page.get_by_text("Correct the category").click()
    page.select_option("#category_category", "future")
    page.fill("#category_reason", "The company was not liquidated after all")
    page.check("#category_correction")
    page.get_by_role("button", name="Save category").click()
    expect(page.locator("#client-header .badge-future")).to_be_visible()
    expect(page.locator("#next-step time")).to_be_visible()
    expect(page.locator("#plan-forecast .forecast")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("The company was not liquidated after all")
    assert page.evaluate("window.kwNoReload") is True
    assert CategoryChange.objects.filter(client=client, is_correction=True).exists()
