"""The daily-work UI in a real browser: sign in, create a client, log a refusal (CAT-3), search, languages,
and no horizontal scroll at 390 px."""

from __future__ import annotations

import datetime as dt

import pytest

from keepwarm.touches.models import PlannedTouch
from keepwarm.touches.selectors import open_next_step
from tests.browser.conftest import htmx_settled, log_in, screenshot
from tests.factories import make_client, plain_working_day

pytestmark = pytest.mark.browser


def test_create_a_client_then_a_refusal_needs_a_date_and_makes_it_future(page, alice):
    log_in(page, "alice")
    page.goto("/clients/new/")
    page.fill("#id_first_name", "Анна")
    page.fill("#id_last_name", "Смирнова")
    page.fill("#id_phones", "022 123 456")
    page.select_option("#id_category", "now")
    page.click("button.primary")
    page.wait_for_selector("#client-header")
    assert page.inner_text("#client-name") == "Смирнова Анна"
    assert "+373 22 123 456" in page.inner_text("main")

    page.click("#client-header >> text=Log touch")
    dialog = page.locator("#touch-dialog")
    dialog.locator("#id_outcome").wait_for()
    htmx_settled(page)
    assert page.evaluate("document.activeElement.id") == "id_channel"  # autofocus on the first field
    dialog.locator("#id_outcome").select_option("refused")
    dialog.locator("#id_continue_on").wait_for()
    dialog.locator("#id_refusal_reason").select_option("budget")
    dialog.locator("#id_refusal_note").fill("No budget until spring")
    dialog.locator("button[type=submit]").click()
    assert dialog.locator("#id_continue_on").evaluate("el => el.validity.valueMissing")  # the browser refuses
    # Without the browser's check the server refuses too, and says why on the field (CAT-3).
    dialog.locator("#id_continue_on").evaluate("el => el.removeAttribute('required')")
    dialog.locator("button[type=submit]").click()
    dialog.locator("#id_continue_on_error").wait_for()
    assert "(CAT-3)" in dialog.locator("#id_continue_on_error").inner_text()
    screenshot(page, "log-touch-refusal-error")

    later = plain_working_day()
    dialog.locator("#id_continue_on").fill(later.isoformat())
    dialog.locator("#id_continue_on").press("Enter")
    page.wait_for_selector("#client-header .badge-future")
    page.wait_for_selector(f"#client-header time[datetime='{later.isoformat()}']")
    page.wait_for_selector("#touch-dialog", state="hidden")
    assert "No budget until spring" in page.inner_text("#timeline")
    screenshot(page, "client-card")


def test_search_a_cyrillic_name_typed_in_another_case(page, alice):
    make_client(alice, first_name="Пётр", last_name="Ёлкин")
    make_client(alice, first_name="Ion", last_name="Munteanu")
    log_in(page, "alice")
    page.goto("/clients/")
    page.locator("#id_q").press_sequentially("ЁЛКИН", delay=20)
    page.wait_for_function("() => !document.querySelector('#client-results').innerText.includes('Munteanu')")
    assert "Ёлкин Пётр" in page.inner_text("#client-results")
    assert "q=" in page.url  # the search is in the address, so it survives a reload
    screenshot(page, "client-search")


def test_switching_language_changes_the_page(page, alice):
    log_in(page, "alice")
    page.goto("/clients/new/")
    for code, required in (("ru", "Обязательное поле."), ("ro", "Acest câmp este obligatoriu.")):
        page.click(f".langswitch button[value={code}]")
        page.wait_for_selector(f"html[lang={code}]")
        page.click("button.primary")  # an empty form: Django's own translated message shows
        page.wait_for_selector(f"text={required}")
    page.click(".langswitch button[value=en]")
    page.wait_for_selector("html[lang=en]")


@pytest.mark.parametrize("path", ["/clients/", "card", "/"])
def test_no_horizontal_scroll_at_390px(page, alice, lena, path):
    long_name = "Constantinopolskaya-Vasilievna"
    client = make_client(
        alice,
        first_name=long_name,
        last_name="Dobrovolskaya-Kuznetsova",
        phones=["+37322123456"],
        emails=["very.long.address.for.testing@example-company.md"],
    )
    for number in range(3):
        make_client(alice, first_name=f"Ion{number}", last_name="Popescu")
    PlannedTouch.objects.filter(pk=open_next_step(client).pk).update(due_date=dt.date.today() - dt.timedelta(days=2))
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "lena")
    page.goto(f"/clients/{client.pk}/" if path == "card" else path)
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    name = {"/clients/": "client-list", "card": "client-card", "/": "today"}[path]
    screenshot(page, f"{name}-390")
    assert overflow <= 0
