"""Issue 13: every page is sent with a Content-Security-Policy that allows no inline script, and no template needs
one (an inline <script>, an on...= handler, a javascript: link or an hx-on attribute would be refused)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "keepwarm").glob("**/templates/**/*.html"))
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+=|javascript:|\bhx-on|<style|\sstyle=", re.IGNORECASE)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_template_needs_inline_script_or_style(template):
    assert INLINE.findall(template.read_text(encoding="utf-8")) == []


def test_pages_and_the_api_send_a_policy_without_inline_script(client, alice):
    client.force_login(alice)
    for path in ("/login/", "/", "/clients/", "/api/clients/"):
        policy = client.get(path)["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_the_policy_follows_the_settings_and_a_views_own_policy(client, alice, settings):
    """The usual policy is built once (core.csp); a changed setting and a view's own policy still count."""
    client.force_login(alice)
    assert "frame-ancestors 'none'" in client.get("/clients/")["Content-Security-Policy"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "https:"]}}
    changed = client.get("/clients/")["Content-Security-Policy"]
    assert sorted(changed.split("; ")) == ["default-src 'self'", "img-src 'self' https:"]
    browsable = client.get("/api/clients/", HTTP_ACCEPT="text/html")["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in browsable or "'unsafe-inline'" in browsable.split("style-src")[1]
