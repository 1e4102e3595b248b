"""Display pieces of a client that lists render hundreds of times, in Python (an include costs ~10x more a row)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from keepwarm.clients.choices import Category
from keepwarm.clients.zone_source import zone_source_html
from keepwarm.core.renderer import escaped
from keepwarm.core.templatetags.keepwarm_ui import iso, log_touch_button, next_step, pk_url, short_date

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
        "select": _("Select %(name)s"),
    }


@register.simple_tag
def client_row(row: Any, *, can_reassign: bool, today: dt.date, oob: bool = False) -> SafeString:
    """One row of the client list, for the page and for the swap after a touch is logged. Built here, not in the
    template: fifty rows of template nodes were half the list's time. `row` comes with its organization, owner and
    `open_next_steps` (selectors.with_next_step)."""
    labels = _row_labels(get_language())
    steps = row.open_next_steps
    name = escaped(row.full_name)
    organization = f'<small class="muted">{escaped(row.organization.name)}</small>' if row.organization else ""
    flag = f'<span class="flag">{escaped(labels["do_not_contact"])}</span>' if row.do_not_contact else ""
    if row.last_touch_at:
        last = f'<time datetime="{iso(row.last_touch_at)}">{escaped(short_date(row.last_touch_at))}</time>'
    else:
        last = f'<span class="muted">{escaped(labels["never"])}</span>'
    pick = ""
    if can_reassign:  # OWN-1: the lead's checkbox that selects the client for reassignment
        label = escaped(labels["select"] % {"name": row.full_name})
        pick = f'<td class="pick"><input type="checkbox" name="clients" value="{row.pk}" aria-label="{label}"></td>'
    owner = (
        f'<td data-label="{escaped(labels["owner"])}">{escaped(row.owner.display_name)}</td>' if can_reassign else ""
    )
    action = log_touch_button(row, "list") if row.category != Category.NEVER else ""
    step = next_step(row, steps[0] if steps else None, today)
    swap = ' hx-swap-oob="true"' if oob else ""
    return mark_safe(  # every value above is escaped, or SafeString from the tags that build it
        f'\n      <tr id="client-row-{row.pk}"{swap}>\n        {pick}\n'
        f'        <td class="who"><a href="{pk_url(row.pk, "clients:detail")}">{name}</a>\n'
        f"          {organization}\n"
        f"          {flag}</td>\n"
        f'        <td data-label="{escaped(labels["category"])}">{category_badge(row)}</td>\n'
        f'        <td data-label="{escaped(labels["next_step"])}">{step}</td>\n'
        f'        <td data-label="{escaped(labels["last_contact"])}">{last}</td>\n'
        f"        {owner}\n"
        f'        <td class="actions">{action}</td>\n'
        "      </tr>\n      "
    )


@register.simple_tag
def zone_source(client: Any) -> SafeString:
    """TIME-1: "derived from the phone +7 383 210-00-00" for a zone an import derived, "" for a person's."""
    return zone_source_html(client.time_zone_source, client.time_zone_evidence)
