"""Display pieces of a client that lists render hundreds of times, in Python (an include costs ~10x more a row)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from keepwarm.clients.choices import Category

register = template.Library()


@lru_cache(maxsize=32)
def _badge(category: str, language: str | None) -> SafeString:
    return format_html('<span class="badge badge-{}">{}</span>', category, Category(category).label)


@register.simple_tag
def category_badge(client: Any) -> SafeString:
    """CAT-1 category as a colored badge (NOW green, FUTURE blue, NEVER grey), for a Client or a plain row."""
    return _badge(client.category, get_language())


@lru_cache(maxsize=8)
def _row_labels(language: str | None) -> dict[str, str]:
    return {
        "category": _("Category"),
        "next_step": _("Next step"),
        "last_contact": _("Last contact"),
        "owner": _("Owner"),
        "never": _("never"),
        "do_not_contact": _("Do not contact"),
    }


@register.simple_tag
def client_row_labels() -> dict[str, str]:
    """The words every row of the client list repeats, translated once per language instead of on each row."""
    return _row_labels(get_language())


@register.simple_tag
def pick_box(client: Any) -> SafeString:
    """The list's checkbox that selects a client for reassignment (OWN-1), labelled with the client's name."""
    return format_html(
        '<input type="checkbox" name="clients" value="{}" aria-label="{}">',
        client.pk,
        _("Select %(name)s") % {"name": client.full_name},
    )
