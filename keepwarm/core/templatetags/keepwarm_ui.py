"""Display pieces every row shows (date, next step, log-touch button), in Python because a list renders
them hundreds of times and template includes cost ~10x more per row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any

import phonenumbers
from django import template
from django.db.models import Field, Model
from django.forms import BoundField, CheckboxInput
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from keepwarm.core.l10n import date_text, money_text
from keepwarm.core.places import country_name, zone_name
from keepwarm.core.renderer import escaped

register = template.Library()


@register.filter
def day(value: dt.date | None, style: str = "long") -> str:
    """LANG-1: `{{ due|day }}`, `{{ due|day:"weekday" }}`, `{{ due|day:"short" }}` in the reader's locale."""
    if isinstance(value, dt.datetime):
        value = timezone.localdate(value)
    return "" if value is None else date_text(value, style)


# Django's date filter parses its format on every call (~0.1 ms a value); a list shows hundreds of dates in the
# few plain formats the languages here have, so those are compiled once per language (others go to Django).
_DATE_PARTS: dict[str, Callable[[Any], str]] = {
    "d": lambda value: f"{value.day:02d}",
    "j": lambda value: str(value.day),
    "m": lambda value: f"{value.month:02d}",
    "n": lambda value: str(value.month),
    "Y": lambda value: f"{value.year:04d}",
    "y": lambda value: f"{value.year % 100:02d}",
    "H": lambda value: f"{value.hour:02d}",
    "G": lambda value: str(value.hour),
    "i": lambda value: f"{value.minute:02d}",
}


@lru_cache(maxsize=32)
def _format_parts(format_name: str, language: str | None) -> tuple[Callable[[Any], str] | str, ...] | None:
    """A format setting as pieces, or None when it uses more than numbers and separators."""
    parts: list[Callable[[Any], str] | str] = []
    for char in str(get_format(format_name, lang=language)):
        if char in _DATE_PARTS:
            parts.append(_DATE_PARTS[char])
        elif char.isalpha() or char == "\\":
            return None
        else:
            parts.append(char)
    return tuple(parts)


def _local(value: dt.date) -> dt.date:
    """An aware datetime on the viewer's clock, as the date filter shows it."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _formatted(value: dt.date | None, format_name: str) -> str:
    if value in (None, ""):
        return ""
    value = _local(value)
    parts = _format_parts(format_name, get_language())
    if parts is None:
        return date_format(value, format_name)
    return "".join(part if isinstance(part, str) else part(value) for part in parts)


@register.filter
def short_date(value: dt.date | None) -> str:
    """`{{ value|date:"SHORT_DATE_FORMAT" }}`, the same text without parsing the format for every row."""
    return _formatted(value, "SHORT_DATE_FORMAT")


@register.filter
def short_datetime(value: dt.datetime | None) -> str:
    """`{{ value|date:"SHORT_DATETIME_FORMAT" }}`, the same text without parsing the format for every row."""
    return _formatted(value, "SHORT_DATETIME_FORMAT")


@register.filter
def iso(value: dt.date | None) -> str:
    """`{{ value|date:"c" }}` (ISO 8601, an aware datetime on the viewer's clock) for a `<time datetime>`."""
    return "" if value in (None, "") else _local(value).isoformat()


@lru_cache(maxsize=256)
def _url_parts(name: str, count: int, prefix: str, urlconf: str | None) -> tuple[str, ...]:
    """The URL's text around its `count` ids, reversed once with marker ids in their places."""
    markers = [str(987654321987654321 + k) for k in range(count)]
    rest = reverse(name, args=[int(marker) for marker in markers], urlconf=urlconf)
    parts = []
    for marker in markers:
        head, _, rest = rest.partition(marker)
        parts.append(head)
    return (*parts, rest)


def ids_url(name: str, *ids: int) -> str:
    """`{% url name id ... %}` for a view taking ids, reversed once per process rather than once per row."""
    parts = _url_parts(name, len(ids), get_script_prefix(), get_urlconf())
    return "".join(f"{part}{pk}" for part, pk in zip(parts, ids, strict=False)) + parts[-1]


@register.filter
def pk_url(pk: int, name: str) -> str:
    return ids_url(name, pk)


@lru_cache(maxsize=256)
def _labels(field: Field[Any, Any], language: str | None) -> dict[str, str]:
    """The field's choices' labels, translated once per language (a lazy label translates on every str())."""
    return {str(value): str(label) for value, label in field.flatchoices}


@register.filter
def display(obj: Model, field_name: str) -> str:
    """Like get_FOO_display(), without Django translating every label of the field on each call
    (its hashing of lazy labels costs ~10x on a list of 50 rows)."""
    field = obj._meta.get_field(field_name)
    assert isinstance(field, Field)
    value = getattr(obj, field.attname)
    return str(_labels(field, get_language()).get(str(value), value))


register.filter("zone_name", zone_name)  # a zone id or tzinfo as the reader calls it: "Россия — Москва"
register.filter("country_name", country_name)


@register.filter
def money(value: Decimal | None) -> str:
    """`{{ deal.amount|money }}`: grouped in thousands, with the reader's marks (core.l10n.money_text)."""
    return "" if value is None else money_text(value)


@register.filter
def phone(value: str) -> str:
    """E.164 as the international format people read (+373 22 123 456); unparsable text stays as is."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@register.simple_tag
def next_step(client: Any, step: Any, today: dt.date) -> SafeString:
    """The open next step's date and goal, red when overdue; a warning when an active client has none (CAT-5);
    a do-not-contact client's step as the revisit it is."""
    if not step:  # None, or "" for a missing list item in the template
        if client.category == "never":
            return mark_safe('<span class="muted">—</span>')  # a constant: nothing to escape
        return format_html('<span class="warn">{}</span>', _("No next step"))
    if client.do_not_contact:  # its step is CAT-5's revisit of the flag, not a contact to make
        return format_html(
            '<span class="next-step revisit">{} <time datetime="{}">{}</time></span>',
            _("Revisit the do-not-contact flag on"),
            step.due_date.isoformat(),
            short_date(step.due_date),
        )
    overdue = " overdue" if step.due_date < today else ""
    return mark_safe(  # a date's digits, and the rest escaped
        f'<span class="next-step{overdue}"><time datetime="{step.due_date.isoformat()}">'
        f"{escaped(short_date(step.due_date))}</time> · {escaped(display(step, 'goal'))}</span>"
    )


@register.simple_tag
def log_touch_button(client: Any, where: str, plan: Any = None) -> SafeString:
    """Opens the log-a-touch dialog (htmx) or, without JavaScript, the log-a-touch page."""
    url = pk_url(client.pk, "touches:log") + f"?context={where}"
    if plan is not None:
        url += f"&planned={plan.pk}"
    with_name, label = _log_touch_words(get_language())
    url, name = escaped(url), escaped(with_name % {"name": client.full_name})
    return mark_safe(  # each value escaped
        f'<a class="btn small" href="{url}" hx-get="{url}" hx-target="#touch-dialog-body" aria-label="{name}">'
        f"{escaped(label)}</a>"
    )


@lru_cache(maxsize=8)
def _log_touch_words(language: str | None) -> tuple[str, str]:
    return _("Log a touch with %(name)s"), _("Log touch")


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters replaced (sort links, next page); empty values drop."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = str(value)
    return "?" + params.urlencode() if params else "?"


# Characters that end a label without the suffix, in Django's own catalogs as BoundField.label_tag reads them
# (a name, not a literal: ours are not the catalogs to carry it).
CLOSING_MARKS = ":?.!"


@lru_cache(maxsize=8)
def _closing_marks(language: str | None) -> str:
    return str(_(CLOSING_MARKS))


def _label_tag(field: BoundField) -> str:
    """BoundField.label_tag() through django/forms/label.html, written out (~40% of a field's cost); a form that
    changes what it reads (a label template, a suffix of its own, a required class) gets Django's."""
    form = field.form
    if (
        form.template_name_label != "django/forms/label.html"
        or field.field.label_suffix is not None
        or hasattr(form, "required_css_class")
    ):
        return escaped(field.label_tag())
    label, suffix = field.label, form.label_suffix
    text = escaped(label)
    if suffix and label and str(label)[-1] not in _closing_marks(get_language()):
        text += escaped(suffix)
    widget = field.field.widget
    given = widget.attrs.get("id") or field.auto_id
    if not given:
        return text
    target = widget.id_for_label(given)
    return f'<label for="{escaped(target)}">{text}</label>' if target else f"<label>{text}</label>"


@register.simple_tag
def form_field(field: BoundField) -> SafeString:
    """A form field with its label, help and errors, as components/ui.html#field wrote it with template nodes
    (issue 15: a card's three forms spent ~2 ms there)."""
    errors = field.errors
    checkbox = isinstance(field.field.widget, CheckboxInput)  # one box, labelled after it (not a list of boxes)
    classes = "field" + (" has-error" if errors else "") + (" check" if checkbox else "")
    widget, label = escaped(field), _label_tag(field)
    shown = f"{widget} {label}" if checkbox else f"{label}{widget}"
    auto_id = escaped(field.auto_id)
    help_text = (
        f'<small class="muted" id="{auto_id}_helptext">{escaped(field.help_text)}</small>' if field.help_text else ""
    )
    if errors:
        listed = "".join(f"<p>{escaped(error)}</p>" for error in errors)
        errors_html = f'<div class="errorlist" id="{auto_id}_error" role="alert">{listed}</div>'
    else:
        errors_html = ""
    return mark_safe(f'<div class="{classes}">\n  {shown}\n  {help_text}\n  {errors_html}\n</div>')  # all escaped
