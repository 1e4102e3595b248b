"""Letter templates (LANG-1): `{placeholder}` text checked when saved and filled in the letter's language.

Pure apart from gettext_lazy labels: a template is plain text with `{name}` placeholders (`{{`/`}}` for braces);
a rendered letter is a one-line subject, the plain text and an HTML alternative with every value escaped.
"""

from __future__ import annotations

import datetime as dt
import functools
import string
from collections.abc import Mapping
from dataclasses import dataclass

from babel.dates import format_date
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from keepwarm.letters.address import salutation

PLACEHOLDERS = {
    "salutation": _("Greeting line: “Здравствуйте, Иван Петрович!”, “Stimate domnule Popescu,”, “Dear Mr Smith,”"),
    "client_first_name": _("Client's first name"),
    "client_last_name": _("Client's last name"),
    "client_patronymic": _("Client's patronymic"),
    "client_full_name": _("Client's full name"),
    "client_name": _("Client's first name and patronymic"),
    "organization": _("Client's organization"),
    "manager_name": _("Manager's name"),
    "manager_email": _("Manager's e-mail"),
    "manager_phone": _("Manager's phone"),
    "team_name": _("Team's name"),
    "signature": _("Signature: manager's name, team and e-mail"),
    "product": _("Product"),
    "holiday": _("Holiday's name"),
    "purchase_date": _("Purchase date"),
    "years": _("Years (organization's anniversary)"),
    "years_text": _("Years, worded: “10 лет”, “20 de ani”, “10 years”"),
}
# Placeholders whose value may be empty in a good letter; the others are refused when empty (see missing_values).
OPTIONAL = frozenset({"client_last_name", "client_patronymic", "manager_phone", "organization"})
_FORMATTER = string.Formatter()


@functools.lru_cache(maxsize=256)
def _parsed(text: str) -> tuple[tuple[str, str | None, str | None, str | None], ...]:
    """The text cut at its placeholders, once per template text (a morning writes thousands of letters from a few
    templates); ValueError for bad braces, as string.Formatter.parse."""
    return tuple(_FORMATTER.parse(text))


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def placeholders_in(text: str) -> list[str]:
    """The placeholder names used in `text`, in order; ValueError for bad braces or a non-plain field."""
    names = []
    for _literal, field, spec, conversion in _parsed(text):
        if field is None:
            continue
        if spec or conversion or not field.isidentifier():
            raise ValueError(field)
        names.append(field)
    return names


def _text_errors(text: str) -> list[str]:
    try:
        names = placeholders_in(text)
    except ValueError:
        return [str(_("Braces don't match: write placeholders as {name}, and a brace itself as {{ or }}."))]
    unknown = sorted({name for name in names if name not in PLACEHOLDERS})
    if unknown:
        return [str(_("Unknown placeholder: %(names)s.") % {"names": ", ".join(f"{{{n}}}" for n in unknown)})]
    return []


def template_errors(subject: str, body: str) -> dict[str, list[str]]:
    """Field errors of a template: bad braces or an unknown placeholder (a letter is never rendered broken)."""
    errors = {}
    for field, text in (("subject", subject), ("body", body)):
        found = _text_errors(text)
        if not text.strip():
            found.append(str(_("This field is required.")))
        if found:
            errors[field] = found
    if "\n" in subject.strip() and "subject" not in errors:
        errors["subject"] = [str(_("The subject is one line."))]
    return errors


def missing_values(subject: str, body: str, context: Mapping[str, str]) -> list[str]:
    """The placeholders the template uses that this letter has no value for (a product, a purchase date...)."""
    used = dict.fromkeys([*placeholders_in(subject), *placeholders_in(body)])
    return [name for name in used if name not in OPTIONAL and not context.get(name)]


def fill(text: str, context: Mapping[str, str]) -> str:
    """The text with each placeholder replaced by its value (which is never itself parsed)."""
    parts = []
    for literal, field, _spec, _conversion in _parsed(text):
        parts.append(literal)
        if field is not None:
            parts.append(context.get(field, ""))
    return "".join(parts)


def text_html(text: str, language: str = "") -> str:
    """The HTML alternative of a plain-text letter: a paragraph per blank-line block, <br> for line breaks."""
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n")]
    paragraphs = "\n".join(f"<p>{escape(block).replace(chr(10), '<br>' + chr(10))}</p>" for block in blocks if block)
    lang = f' lang="{escape(language)}"' if language else ""
    return (
        f'<!DOCTYPE html>\n<html{lang}>\n<head><meta charset="utf-8"></head>\n<body>\n{paragraphs}\n</body>\n</html>\n'
    )


def one_line(text: str) -> str:
    return " ".join(text.split())


def render(subject: str, body: str, context: Mapping[str, str], language: str = "") -> Rendered:
    """The letter: subject on one line, plain text, and the same text as escaped HTML."""
    text = fill(body, context).strip("\n") + "\n"
    return Rendered(subject=one_line(fill(subject, context)), text=text, html=text_html(text, language))


def date_in(day: dt.date | None, language: str) -> str:
    """ "9 октября 2026 г.", "9 octombrie 2026", "October 9, 2026"; CLDR's narrow no-break space (which some mail
    readers show as a box) becomes a plain no-break space."""
    return format_date(day, "long", locale=language).replace("\u202f", "\u00a0") if day is not None else ""


def years_worded(years: int | None, language: str) -> str:
    """ "21 год", "22 года", "25 лет"; "1 an", "5 ani", "20 de ani"; "1 year", "5 years"."""
    if years is None:
        return ""
    if language == "ru":
        tail = years % 100
        if years % 10 == 1 and tail != 11:
            word = "год"
        elif years % 10 in (2, 3, 4) and tail not in (12, 13, 14):
            word = "года"
        else:
            word = "лет"
        return f"{years} {word}"
    if language == "ro":
        if years == 1:
            return "1 an"
        return f"{years} de ani" if years % 100 == 0 or years % 100 >= 20 else f"{years} ani"
    return f"{years} year" if years == 1 else f"{years} years"


@dataclass(frozen=True)
class Person:
    """The client as a letter addresses them."""

    first_name: str
    last_name: str = ""
    patronymic: str = ""
    form_of_address: str = ""  # "", "mr", "ms"
    organization: str = ""


@dataclass(frozen=True)
class Sender:
    """The manager who signs the letter (and receives the replies)."""

    name: str
    email: str = ""
    phone: str = ""
    team: str = ""


def letter_context(
    *,
    person: Person,
    sender: Sender,
    language: str,
    product: str = "",
    holiday: str = "",
    purchase_date: dt.date | None = None,
    years: int | None = None,
) -> dict[str, str]:
    """Every placeholder's value for one letter, in its language (dates with babel)."""
    first, last, patronymic = person.first_name, person.last_name, person.patronymic
    signature = "\n".join(part for part in (sender.name, sender.team, sender.email, sender.phone) if part)
    return {
        "salutation": salutation(language, first, last, patronymic, person.form_of_address),
        "client_first_name": first,
        "client_last_name": last,
        "client_patronymic": patronymic,
        "client_full_name": " ".join(part for part in (last, first, patronymic) if part),
        "client_name": " ".join(part for part in (first, patronymic) if part),
        "organization": person.organization,
        "manager_name": sender.name,
        "manager_email": sender.email,
        "manager_phone": sender.phone,
        "team_name": sender.team,
        "signature": signature,
        "product": product,
        "holiday": holiday,
        "purchase_date": date_in(purchase_date, language),
        "years": str(years) if years is not None else "",
        "years_text": years_worded(years, language),
    }
