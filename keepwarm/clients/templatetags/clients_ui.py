"""Display pieces of a client that lists render hundreds of times, in Python (an include costs ~10x more a row)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from keepwarm.clients.choices import Category

register = template.Library()


@register.simple_tag
def category_badge(client: Any) -> SafeString:
    """CAT-1 category as a colored badge (NOW green, FUTURE blue, NEVER grey), for a Client or a plain row."""
    return format_html('<span class="badge badge-{}">{}</span>', client.category, Category(client.category).label)
