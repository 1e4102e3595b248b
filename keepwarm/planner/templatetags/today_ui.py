"""Today's rows, built in Python (issue 15): a day of fifty rows of template nodes was half the page's time."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from keepwarm.clients.templatetags.clients_ui import category_badge
from keepwarm.core.renderer import escaped
from keepwarm.core.templatetags.keepwarm_ui import iso, log_touch_button, pk_url, short_date
from keepwarm.planner.agenda_rows import AgendaItem
from keepwarm.planner.templatetags.planner_time import client_clock, shown_window
from keepwarm.touches.choices import Channel, Goal

register = template.Library()


@lru_cache(maxsize=8)
def _words(language: str | None) -> dict[str, str]:
    """What every row repeats, translated once per language; as with {% translate %} of a literal, not escaped."""
    return {
        "due": _("Due"),
        "time": _("Client's time"),
        "goal": _("Goal"),
        "category": _("Category"),
        "owner": _("Owner"),
        "overdue": _("overdue"),
        "urgent": _("urgent"),
        "do_not_contact": _("Do not contact"),
        "good_moment": _("good moment now"),
        "courtesy": _("courtesy"),
        "write": _("Write"),
        "overdue_since": _("overdue since %(day)s"),
        "write_to": _("Write the letter to %(name)s"),
    }


def _time_cell(item: AgendaItem, words: dict[str, str]) -> str:
    plan, moment = item.planned, item.moment
    if item.closing_soon:
        minutes = moment.minutes_left
        closes = ngettext(
            "window closes in %(minutes)s minute", "window closes in %(minutes)s minutes", minutes or 0
        ) % {"minutes": escaped(minutes)}
        note = f'<span class="warn">{closes}</span>\n        '  # the template's line break inside the branch
    elif moment.ok:
        note = f'<span class="muted">{words["good_moment"]}</span>'
    else:
        note = ""
    window = f'<small class="muted window">{shown_window(plan)}</small>' if plan.window_start else ""
    return (
        f'<span class="moment moment-{escaped(moment.code)}">{client_clock(item.client_local_time)}</span>\n'
        f"        {note}\n"
        f"        {window}"
    )


@register.simple_tag(takes_context=True)
def plan_row(context: template.Context, item: AgendaItem, *, show_owner: bool, today: dt.date) -> SafeString:
    """One row of Today: the plan's day and flags, the client, the client's clock, goal and why, and the actions."""
    words = _words(get_language())
    plan, client = item.planned, item.planned.client
    row_class = ' class="is-overdue"' if item.overdue else ' class="is-open"' if item.moment.ok else ""
    flags = f' <span class="flag">{words["overdue"]}</span>' if item.overdue else ""
    if plan.overdue_since:
        since = words["overdue_since"] % {"day": escaped(short_date(plan.overdue_since))}
        flags += f' <span class="flag">{since}</span>'
    if plan.urgent:
        flags += f' <span class="flag">{words["urgent"]}</span>'
    name = escaped(client.full_name)
    organization = (
        f'<small class="muted">{escaped(client.organization_name)}</small>' if client.organization_name else ""
    )
    flag = f'<span class="flag">{words["do_not_contact"]}</span>' if client.do_not_contact else ""
    courtesy = "" if plan.is_next_step else f' <span class="muted">({words["courtesy"]})</span>'
    why = f'<small class="muted why">{escaped(item.reasons[0])}</small>' if item.reasons else ""
    owner = f'<td data-label="{words["owner"]}">{escaped(client.owner_name)}</td>' if show_owner else ""
    write = ""
    if plan.channel == Channel.LETTER or plan.goal == Goal.GREETING:
        token = context.get("csrf_token")
        csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escaped(token)}">' if token else ""
        write = (
            f'<form method="post" action="{pk_url(plan.pk, "letters:for-plan")}" class="inline-form">{csrf}'
            f'<button type="submit" class="btn small" aria-label="{words["write_to"] % {"name": name}}">'
            f"{words['write']}</button></form> "
        )
    overdue_class = 'class="overdue"' if plan.due_date < today else ""
    return mark_safe(  # every value above is escaped, or SafeString from the tags that build it
        f'\n    <tr id="plan-{plan.pk}"{row_class}>\n'
        f'      <td data-label="{words["due"]}"><time datetime="{iso(plan.due_date)}" {overdue_class}>'
        f"{escaped(short_date(plan.due_date))}</time>{flags}</td>\n"
        f'      <td class="who"><a href="{pk_url(client.pk, "clients:detail")}">{name}</a>\n'
        f"        {organization}\n"
        f"        {flag}</td>\n"
        f'      <td data-label="{words["time"]}">{_time_cell(item, words)}</td>\n'
        f'      <td data-label="{words["goal"]}">{escaped(plan.channel_label)} · {escaped(plan.goal_label)}{courtesy}\n'
        f"        {why}</td>\n"
        f'      <td data-label="{words["category"]}">{category_badge(client)}</td>\n'
        f"      {owner}\n"
        f'      <td class="actions">{write}{log_touch_button(client, "today", plan)}</td>\n'
        "    </tr>\n    "
    )
