"""The base layout's pieces that are the same on most pages, built once per process rather than on every page
(issue 15): the main navigation's 18 links and 20 words cost about 2 ms a page through the template engine."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

MARKED = ("home", "clients:list", "clients:organizations")  # the links marked aria-current on their own page


@lru_cache(maxsize=64)
def _nav(
    language: str | None, prefix: str, urlconf: Any, root: str, current: str, lead_or_admin: bool, staff: bool
) -> SafeString:
    """One variant of the navigation: a few languages, whether the user leads a team or is staff, and which of
    the marked links (if any) is the page's own."""
    context = {"current": current, "lead_or_admin": lead_or_admin, "staff": staff}
    return mark_safe(get_template("components/nav.html").render(context))  # the template escaped its values


@lru_cache(maxsize=16)
def _marked(prefix: str, urlconf: Any, root: str) -> frozenset[str]:
    return frozenset(reverse(name, urlconf=urlconf) for name in MARKED)


@register.simple_tag(takes_context=True)
def main_nav(context: template.Context) -> SafeString:
    user = context["user"]
    prefix, urlconf = get_script_prefix(), get_urlconf()
    path = context["request"].path
    current = path if path in _marked(prefix, urlconf, settings.ROOT_URLCONF) else ""
    lead_or_admin = bool(user.is_lead or user.is_admin_role)
    return _nav(get_language(), prefix, urlconf, settings.ROOT_URLCONF, current, lead_or_admin, bool(user.is_staff))
