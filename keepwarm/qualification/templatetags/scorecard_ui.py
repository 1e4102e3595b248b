"""The scorecard's indicator rows, built in Python (issue 15): 21 rows of template nodes, each with its form, two
reversed URLs and five translations, were most of the card's scorecard part. The HTML is the template's."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from keepwarm.core.renderer import escaped
from keepwarm.core.templatetags.keepwarm_ui import ids_url
from keepwarm.qualification.indicators import indicator
from keepwarm.qualification.selectors import Row

register = template.Library()


@lru_cache(maxsize=8)
def _words(language: str | None) -> dict[str, str]:
    """What every row repeats, translated once per language and escaped as {% translate %} does."""
    return {
        name: escaped(text)
        for name, text in {
            "seen_on": _("Seen on"),
            "evidence": _("Evidence"),
            "what": _("What did you see?"),
            "save": _("Save"),
            "computed": _("Computed"),
            "present": _("present"),
            "absent": _("absent"),
        }.items()
    }


@lru_cache(maxsize=256)
def _labels(number: int, language: str | None) -> tuple[str, str]:
    """The indicator's label and its source's, translated once per language and escaped. Keyed by number: an
    Indicator's hash translates its label each time."""
    item = indicator(number)
    return escaped(item.label), escaped(item.source.label)


def _today(context: template.Context) -> str:
    """Today's date for the mark forms, once per rendering of the scorecard rather than once per row."""
    cache = context.render_context
    if "scorecard_today" not in cache:
        cache["scorecard_today"] = timezone.localdate().isoformat()
    return str(cache["scorecard_today"])


def _errors(errors: Mapping[int, list[str]], number: int) -> str:
    messages = errors.get(number)
    if messages is None:
        return ""
    paragraphs = "".join(f"<p>{escaped(message)}</p>" for message in messages)
    return f'<div class="errorlist" role="alert">{paragraphs}</div>'


@register.simple_tag(takes_context=True)
def scorecard_row(context: template.Context, row: Row, client_pk: int) -> SafeString:
    """One indicator: a form to mark it (QUAL-3, 7-20), or what computed it."""
    words = _words(get_language())
    item = row.item
    number, (label, source) = item.number, _labels(item.number, get_language())
    flag = ' class="flag"' if row.on else ""
    if not item.manager_marks:
        box = "☑" if row.on else "☐"
        why = f" — {escaped(row.why)}" if row.why else ""
        return mark_safe(  # every value escaped
            f'<li id="indicator-{number}"{flag}>\n        \n'
            f'        <span aria-hidden="true">{box}</span>\n'
            f"        <span>{number}. {label}</span>\n"
            f'        <span class="visually-hidden">{words["present" if row.on else "absent"]}</span>\n'
            f'        <small class="muted">{source}{why}</small>\n'
            "        \n      </li>"
        )
    url = ids_url("qualification:mark", client_pk, number)
    token = context.get("csrf_token")
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escaped(token)}">' if token else ""
    mark = row.mark
    checked = "checked" if mark else ""
    day = mark.marked_on.isoformat() if mark else _today(context)
    evidence = escaped(mark.evidence) if mark else ""
    computed = f'<small class="muted">{words["computed"]}: {escaped(row.why)}</small>' if row.computed else ""
    field = f"mark-{number}"
    return mark_safe(  # every value escaped
        f'<li id="indicator-{number}"{flag}>\n        \n'
        f'        <form method="post" action="{url}"\n'
        f'              hx-post="{url}" hx-target="#scorecard" hx-swap="outerHTML">\n'
        f"          {csrf}\n"
        f'          <input type="checkbox" name="on" id="{field}" {checked}>\n'
        f'          <label for="{field}">{number}. {label}</label>\n'
        f'          <label class="visually-hidden" for="{field}-on">{words["seen_on"]}</label>\n'
        f'          <input type="date" name="marked_on" id="{field}-on" value="{day}">\n'
        f'          <label class="visually-hidden" for="{field}-evidence">{words["evidence"]}</label>\n'
        f'          <input type="text" name="evidence" id="{field}-evidence" maxlength="2000"\n'
        f'                 placeholder="{words["what"]}" value="{evidence}">\n'
        f'          <button class="btn small" type="submit">{words["save"]}</button>\n'
        f"          {computed}\n"
        f"          {_errors(context.get('errors') or {}, number)}\n"
        "        </form>\n"
        "        \n      </li>"
    )
