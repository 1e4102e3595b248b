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


def _nav(body: str) -> str:
    return body[body.index('<nav class="mainnav"') : body.index("</nav>")]


def test_navigation_built_once_still_follows_the_user_the_page_and_the_language(web, alice, lena):
    """The navigation is kept per language and kind of user (issue 15): each still sees their own."""
    manager = _nav(web(alice).get("/").content.decode())
    assert 'href="/" aria-current="page">Today</a>' in manager
    assert 'href="/clients/" >Clients</a>' in manager
    assert "Team load" not in manager
    assert "Back office" not in manager
    on_list = _nav(web(alice).get("/clients/").content.decode())
    assert 'href="/" >Today</a>' in on_list
    assert 'href="/clients/" aria-current="page">Clients</a>' in on_list
    lead = _nav(web(lena).get("/clients/").content.decode())
    assert "Team load" in lead
    assert "Back office" not in lead
    lena.is_staff, lena.language = True, "ru"
    lena.save(update_fields=["is_staff", "language"])
    staff = _nav(web(lena).get("/week/").content.decode())
    assert 'href="/admin/"' in staff
    assert 'aria-current="page"' not in staff
    assert "Сегодня" in staff
