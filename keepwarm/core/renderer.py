"""A form renderer that writes Django's plain widget and label templates out in Python, the same HTML (issue 15).

Django renders every input, every select option and every label through a template: a card's few forms cost more
than the rest of the page. Forms opt in with `default_renderer = FAST_RENDERER`; templates not written out here
(multiple inputs, custom widgets) go to Django's own."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest

WIDGETS = "django/forms/widgets/"


def escaped(value: Any) -> str:
    """`{{ value }}` in a template: the value's own HTML, else its escaped text. Django's conditional_escape without
    its lazy-string wrapper, which is most of its cost at the hundreds of values of a list or a form."""
    return str(value.__html__()) if hasattr(value, "__html__") else html.escape(str(value))


def _attrs(attrs: Mapping[str, Any] | None) -> str:
    """django/forms/widgets/attrs.html: True is a bare name, False leaves the attribute out."""
    return "".join(
        f" {escaped(name)}" if value is True else f' {escaped(name)}="{escaped(value)}"'
        for name, value in (attrs or {}).items()
        if value is not False
    )


def _input(widget: Mapping[str, Any]) -> str:
    value = "" if widget["value"] is None else f' value="{escaped(widget["value"])}"'
    return f'<input type="{escaped(widget["type"])}" name="{escaped(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(option: Mapping[str, Any]) -> str:
    return f'<option value="{escaped(option["value"])}"{_attrs(option["attrs"])}>{escaped(option["label"])}</option>\n'


def _select(widget: Mapping[str, Any]) -> str | None:
    parts = [f'<select name="{escaped(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escaped(group_name)}">')
        for option in options:
            if option["template_name"] != WIDGETS + "select_option.html":
                return None
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_OPTIONS = (WIDGETS + "checkbox_option.html", WIDGETS + "radio_option.html")


def _choices(widget: Mapping[str, Any]) -> str | None:
    """multiple_input.html (checkbox_select.html, radio.html), each option its input_option.html; the newlines are
    those the templates' own line ends leave."""
    attrs = widget["attrs"]
    parts = ["<div"]
    if attrs.get("id"):
        parts.append(f' id="{escaped(attrs["id"])}"')
    if attrs.get("class"):
        parts.append(f' class="{escaped(attrs["class"])}"')
    parts.append(">")
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <div><label>{escaped(group_name)}</label>")
        for option in options:
            if option["template_name"] not in _OPTIONS:
                return None
            tag = _input(option) + "\n"
            if option["wrap_label"]:
                option_id = option["attrs"].get("id")
                opening = f'<label for="{escaped(option_id)}">' if option_id else "<label>"
                tag = f"{opening}{tag} {escaped(option['label'])}</label>"
            parts.append(f"<div>\n    {tag}\n\n</div>")
        if group_name:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def _textarea(widget: Mapping[str, Any]) -> str:
    value = escaped(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{escaped(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _label(context: Mapping[str, Any]) -> str:
    label = escaped(context["label"])
    if not context["use_tag"]:
        return label
    tag = escaped(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


_INPUTS = ("text", "date", "checkbox", "hidden", "number", "email", "url", "time", "password", "input")
BUILT: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    **{f"{WIDGETS}{name}.html": lambda context: _input(context["widget"]) for name in _INPUTS},
    WIDGETS + "select.html": lambda context: _select(context["widget"]),
    WIDGETS + "textarea.html": lambda context: _textarea(context["widget"]),
    WIDGETS + "checkbox_select.html": lambda context: _choices(context["widget"]),
    WIDGETS + "radio.html": lambda context: _choices(context["widget"]),
    "django/forms/label.html": _label,
}


class FastRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        build = BUILT.get(template_name)
        built = build(context) if build else None
        return super().render(template_name, context, request) if built is None else built


FAST_RENDERER = FastRenderer()
