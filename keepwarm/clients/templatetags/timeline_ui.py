"""The card's timeline rows written out in Python, the same HTML the template loop wrote (issue 15): its filters
and branches over a hundred rows cost the card more than reading them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from keepwarm.clients.models import CategoryChange, Client, Order
from keepwarm.clients.selectors import TimelineItem
from keepwarm.core.l10n import money_text
from keepwarm.core.renderer import escaped
from keepwarm.core.templatetags.keepwarm_ui import display, iso, short_date, short_datetime
from keepwarm.touches.models import PlannedTouch, Touch

register = template.Library()

ROW = "\n          "  # a line inside an item, as the template indented it


def _touch(touch: Touch, client: Client) -> str:
    def shown(field: str) -> str:
        return escaped(display(touch, field))

    lines = [
        f'<time datetime="{escaped(iso(touch.happened_at))}">{escaped(short_datetime(touch.happened_at))}</time>',
        f"<strong>{shown('channel')}: {shown('outcome')}</strong> · {shown('goal')}",
        f'<span class="muted">({shown("direction")})</span>' if touch.direction == "inbound" else "",
        (
            f"<div>{shown('refusal_reason')}{f': {escaped(touch.refusal_note)}' if touch.refusal_note else ''}</div>"
            if touch.refusal_reason
            else ""
        ),
        f"<div>{escaped(_('Material sent'))}: {escaped(touch.material)}</div>" if touch.material else "",
        (
            f"<div>{escaped(_('Competitor'))}: {escaped(touch.competitor)}"
            f"{f' — {escaped(touch.competitor_advice)}' if touch.competitor_advice else ''}</div>"
            if touch.competitor
            else ""
        ),
        f'<div class="muted">{escaped(touch.notes)}</div>' if touch.notes else "",
        f'<small class="muted">{escaped(touch.by.display_name)}</small>' if touch.by else "",
    ]
    return ROW + ROW.join(lines)


def _planned(plan: PlannedTouch, client: Client) -> str:
    head = f'<time datetime="{escaped(iso(plan.due_date))}">{escaped(short_date(plan.due_date))}</time>'
    if plan.is_next_step and client.do_not_contact:
        what = f"<strong>{escaped(_('Revisit the do-not-contact flag'))}</strong>"
    else:
        if plan.is_next_step:
            kind = _("Next step")
        elif plan.goal in ("greeting", "thank_you"):
            kind = _("Planned")
        else:
            kind = _("Agreed date")
        channel, goal = escaped(display(plan, "channel")), escaped(display(plan, "goal"))
        what = f"{ROW}<strong>{escaped(kind)}:</strong>{ROW}{channel} · {goal}"
    urgent = f' <span class="flag">{escaped(_("urgent"))}</span>' if plan.urgent else ""
    return f"{ROW}{head}{ROW}{what}{urgent}"


def _order(order: Order, client: Client) -> str:
    paid = (
        f'<span class="muted">({escaped(_("paid"))} {escaped(money_text(order.amount_paid))})</span>'
        if order.amount_paid < order.amount
        else ""
    )
    return (
        f'{ROW}<time datetime="{escaped(iso(order.ordered_on))}">{escaped(short_date(order.ordered_on))}</time>'
        f"{ROW}<strong>{escaped(_('Order'))}:</strong> {escaped(order.items)} — {escaped(money_text(order.amount))} "
        f"{escaped(order.currency)}{ROW}{paid}"
    )


def _change(change: CategoryChange, client: Client) -> str:
    reason = change.reason_text
    if change.from_category == change.to_category:  # an event of its history, not a change (a merge)
        return (
            f'{ROW}<time datetime="{escaped(iso(change.changed_at))}">{escaped(short_datetime(change.changed_at))}'
            f"</time>{ROW}<strong>{escaped(reason)}</strong>"
        )
    why = f'<div class="muted">{escaped(reason)}</div>' if reason else ""
    return (
        f'{ROW}<time datetime="{escaped(iso(change.changed_at))}">{escaped(short_datetime(change.changed_at))}</time>'
        f"{ROW}<strong>{escaped(_('Category'))}:</strong> {escaped(display(change, 'from_category') or '—')} → "
        f"{escaped(display(change, 'to_category'))}"
        f"{ROW}{why}"
    )


BRANCHES: dict[str, Callable[[Any, Client], str]] = {
    "touch": _touch,
    "planned": _planned,
    "order": _order,
    "category": _change,
}


@register.simple_tag
def timeline_items(timeline: list[TimelineItem], client: Client) -> SafeString:
    """The <li> rows of the card's timeline, newest first (TimelineItem.kind picks the branch)."""
    if not timeline:
        return mark_safe(f'\n      <li class="muted">{escaped(_("Nothing yet."))}</li>\n      ')
    return mark_safe(  # every value escaped
        "".join(
            f'\n      <li class="tl-{escaped(item.kind)}">\n        \n        '
            f"{BRANCHES[item.kind](item.obj, client)}\n        \n        \n      </li>\n      "
            for item in timeline
        )
    )
