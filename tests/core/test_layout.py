"""Issue 9: every page links a favicon kept in our own static files (no CDN)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/login/"])
def test_every_page_links_our_own_favicon(web, client, alice, url):
    browser = web(alice) if url == "/" else client
    body = browser.get(url).content.decode()
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', body)
    assert link, "no favicon link"
    href = link.group(1)
    assert href.startswith("/static/")  # served from our static files, never a third-party host
    found = finders.find(href.removeprefix("/static/"))
    assert found
    assert Path(str(found)).read_text().startswith("<svg")
