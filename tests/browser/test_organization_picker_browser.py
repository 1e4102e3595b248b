"""The client form's organization picker in a real browser: type in another case, pick from the keyboard, save."""

from __future__ import annotations

import pytest

from keepwarm.clients.models import Client
from keepwarm.clients.services import organization_create
from tests.browser.conftest import log_in, screenshot
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.browser


def test_type_part_of_an_organization_then_pick_it_with_the_keyboard(page, alice, carol):
    organization_create(by=alice, name="АО «АГРО-ПЛЮС»")
    wanted = organization_create(by=alice, name="АГРО-НОРД SRL")
    organization_create(by=carol, name="АГРО-ЮГ SRL")  # another team's: never offered (OWN-1)
    for number in range(30):
        OrganizationFactory(team=alice.team, name=f"Bulk org {number:02d}")
    log_in(page, "alice")
    page.goto("/clients/new/")
    page.fill("#id_first_name", "Анна")
    assert page.locator("#id_organization option").count() == 1  # not 32 organizations up front
    page.locator("#id_organization_search").press_sequentially("агро", delay=20)
    page.wait_for_function("() => document.querySelectorAll('#id_organization option').length === 3")
    assert "АГРО-ЮГ" not in page.inner_text("#id_organization")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_organization"
    page.select_option("#id_organization", str(wanted.pk))
    screenshot(page, "client-form-organization-picker")
    page.click("button.primary")
    page.wait_for_selector("#client-header")
    assert Client.objects.get(first_name="Анна").organization == wanted
