"""Issue 9: on a 390 px phone the top bar's "More" menu opens inside the screen, every item reachable; the
favicon loads from our own server."""

from __future__ import annotations

import pytest

from keepwarm.accounts.models import User
from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("language", ["ru", "ro", "en"])
def test_the_more_menu_fits_a_390_px_screen(page, lena, language):
    User.objects.filter(pk=lena.pk).update(language=language)  # a lead has the longest menu
    page.set_viewport_size(PHONE)
    log_in(page, "lena")
    page.click(".navmore summary")
    menu = page.locator(".navmenu")
    menu.wait_for(state="visible")
    screenshot(page, f"more-menu-390px-{language}")
    box = menu.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    for link in menu.locator("a").all():
        item = link.bounding_box()
        assert item is not None
        assert item["x"] >= 0, link.inner_text()
        assert item["x"] + item["width"] <= PHONE["width"], link.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # no sideways scrolling


def test_the_favicon_loads_from_our_own_server(page, alice):
    log_in(page, "alice")
    href = page.get_attribute('link[rel="icon"]', "href")
    assert href is not None
    assert href.startswith("/static/")
    answer = page.request.get(href)
    assert answer.ok
    assert answer.headers["content-type"].startswith("image/svg+xml")
