"""Reading one cell's value as a client field: words for categories, groups, roles and languages in Russian,
Romanian and English, countries by code or name, dates in the formats spreadsheets write. Pure; None = unreadable."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from babel import Locale
from django.db import models
from django.utils.translation import gettext_lazy as _

from keepwarm.clients.choices import Category, DecisionRole, NeverReason, RelationshipGroup
from keepwarm.clients.contacts import fold
from keepwarm.core.l10n import Language, in_every_language
from keepwarm.imports.mapping import normalize_header

FUTURE_WORDS = ("future", "будущий", "будущая", "будущее", "будущие", "в будущем", "потом", "viitor", "viitoare",
                "later")  # fmt: skip
LIQUIDATED_WORDS = ("liquidated", "company liquidated", "ликвидирована", "ликвидирован", "компания ликвидирована",
                    "lichidata", "lichidat", "compania lichidata", "compania a fost lichidata")  # fmt: skip
DECEASED_WORDS = ("deceased", "person deceased", "died", "умер", "умерла", "скончался", "скончалась", "скончалось",
                  "контактное лицо скончалось", "человек скончался", "человек умер", "decedat", "decedata",
                  "persoana decedata", "persoana a decedat")  # fmt: skip
GONE_WORDS = ("gone", "contact permanently gone", "permanently gone", "выбыл", "выбыла", "контакт утерян",
              "контакт утерян навсегда", "утерян навсегда", "ушел навсегда", "ушла навсегда", "ушло навсегда",
              "контактное лицо ушло навсегда", "нет преемника", "plecat", "plecata", "plecat definitiv",
              "plecata definitiv", "persoana de contact plecata definitiv", "disparut")  # fmt: skip


class Flag(models.TextChoices):
    """A yes-or-no column (do not contact): the words a file may say it with, and KeepWarm's own in any language."""

    YES = "yes", _("Yes")
    NO = "no", _("No")


WORDS: dict[str, dict[str, str]] = {
    "do_not_contact": {  # KeepWarm's CSV writes 1/0, its XLSX a boolean cell (read as True/False)
        **dict.fromkeys(("yes", "y", "да", "d", "true", "1", "x", "v", "+"), Flag.YES),
        **dict.fromkeys(("no", "n", "нет", "nu", "false", "0"), Flag.NO),
    },
    "category": {
        **dict.fromkeys(("now", "сейчас", "acum", "ready", "готов", "текущий"), Category.NOW),
        **dict.fromkeys(FUTURE_WORDS, Category.FUTURE),
        **dict.fromkeys(("never", "никогда", "niciodata"), Category.NEVER),
    },
    "never_reason": {
        **dict.fromkeys(LIQUIDATED_WORDS, NeverReason.LIQUIDATED),
        **dict.fromkeys(DECEASED_WORDS, NeverReason.DECEASED),
        **dict.fromkeys(GONE_WORDS, NeverReason.GONE),
    },
    "relationship_group": {
        **dict.fromkeys(("referral", "рекомендация", "по рекомендации", "recomandare"), RelationshipGroup.REFERRAL),
        **dict.fromkeys(
            (
                "prospect",
                "потенциальный",
                "потенциальный клиент",
                "лид",
                "lead",
                "potential",
                "subscriber",
                "marketingqualifiedlead",
                "salesqualifiedlead",
                "opportunity",
                "other",
                "другое",
                "неизвестно",
                "unknown",
                "necunoscut",
            ),
            RelationshipGroup.PROSPECT,
        ),
        **dict.fromkeys(("customer", "клиент", "клиенты", "покупатель", "client"), RelationshipGroup.CUSTOMER),
        **dict.fromkeys(
            ("distributor", "дистрибьютор", "дилер", "партнер", "партнеры", "distribuitor", "partner"),
            RelationshipGroup.DISTRIBUTOR,
        ),
        **dict.fromkeys(("acquaintance", "знакомый", "знакомые", "cunostinta"), RelationshipGroup.ACQUAINTANCE),
    },
    "decision_role": {
        **dict.fromkeys(
            ("decision maker", "decision_maker", "лпр", "лицо принимающее решение", "decident", "director"),
            DecisionRole.DECISION_MAKER,
        ),
        **dict.fromkeys(("influencer", "влияющий", "лвр", "influent"), DecisionRole.INFLUENCER),
        **dict.fromkeys(("negotiator", "переговорщик", "negociator"), DecisionRole.NEGOTIATOR),
        **dict.fromkeys(("user", "пользователь", "utilizator"), DecisionRole.USER),
        **dict.fromkeys(("gatekeeper", "секретарь", "привратник", "secretar"), DecisionRole.GATEKEEPER),
    },
    "language": {
        **dict.fromkeys(("ru", "русский", "russian", "rusa", "rus"), Language.RU),
        **dict.fromkeys(("ro", "romana", "румынский", "молдавский", "romanian", "moldoveneasca"), Language.RO),
        **dict.fromkeys(("en", "english", "английский", "engleza"), Language.EN),
    },
}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%y", "%m/%d/%Y", "%Y/%m/%d", "%d %m %Y")


FOLDED = {kind: {normalize_header(name): value for name, value in words.items()} for kind, words in WORDS.items()}


CHOICES = {
    "do_not_contact": Flag,
    "category": Category,
    "never_reason": NeverReason,
    "relationship_group": RelationshipGroup,
    "decision_role": DecisionRole,
    "language": Language,
}


@cache
def _labels(kind: str) -> dict[str, str]:
    """KeepWarm's own names for the choices in every language of the UI ("Будущие", "Company liquidated"), so a
    list KeepWarm exported reads back in. Built on first use: the names are translations."""
    labels: dict[str, str] = {}
    for code, label in in_every_language(lambda: CHOICES[kind].choices):
        labels.setdefault(normalize_header(label), code)
    return labels


# A Russian adjective's ending, so any of its forms reads as another ("Будущий", "Будущие", "Будущее").
ADJECTIVE_ENDING = re.compile(r"(?<=[а-я]{4})(ий|ый|ой|ая|яя|ое|ее|ие|ые|ого|его|ую|юю)\b")


@cache
def _stems(kind: str) -> dict[str, str]:
    stems: dict[str, str] = {}
    for key, value in [*FOLDED[kind].items(), *_labels(kind).items()]:
        stems.setdefault(ADJECTIVE_ENDING.sub("", key), value)
    return stems


@lru_cache(maxsize=4096)  # a file's categories, groups and roles repeat: each is read once
def word(kind: str, text: str) -> str | None:
    """The code a word names ("Сейчас", "acum", "NOW", "Будущий" -> now, future), in any case, with or without
    diacritics, a Russian adjective in any form; KeepWarm's own labels in every language; a code as it is."""
    key = normalize_header(text)
    words = FOLDED[kind]
    found = words.get(key) or words.get(key.replace(" ", "")) or words.get(key.replace(" ", "_"))
    return found or _labels(kind).get(key) or _stems(kind).get(ADJECTIVE_ENDING.sub("", key))


# Names people write that babel's (Молдова, Беларусь, Соединенные Штаты) are not.
OTHER_COUNTRY_NAMES = {
    "MD": ("Молдавия", "Республика Молдова", "Moldavia", "Republic of Moldova", "Moldova, Republic of", "РМ", "RM"),
    "RU": ("Российская Федерация", "РФ", "Russian Federation", "Federatia Rusa"),
    "BY": ("Белоруссия", "Республика Беларусь", "Byelorussia", "Belorussia", "Bielorusia"),
    "KG": ("Киргизия", "Kirghizia"),
    "GB": ("Англия", "Британия", "England", "Great Britain", "Britain", "UK", "Marea Britanie", "Anglia"),
    "US": ("США", "Америка", "USA", "U.S.A.", "United States of America", "America", "SUA"),
    "AE": ("ОАЭ", "UAE", "EAU"),
    "CZ": ("Чехия", "Czech Republic", "Cehia"),
    "TR": ("Турция", "Turkey", "Turcia"),
}


@cache
def country_names() -> dict[str, str]:
    """A country's name folded, without punctuation -> its code: babel's names in Russian, Romanian and English, and
    the other names people write (OTHER_COUNTRY_NAMES)."""
    names: dict[str, str] = {}
    for language in ("en", "ru", "ro"):
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names[normalize_header(name)] = code
    for code, others in OTHER_COUNTRY_NAMES.items():
        names.update(dict.fromkeys((normalize_header(name) for name in others), code))
    return names


def country(text: str) -> str | None:
    value = text.strip()
    if len(value) == 2 and value.isalpha() and value.isascii():
        return value.upper() if value.upper() in country_codes() else None
    return country_names().get(normalize_header(value))


@cache
def country_codes() -> frozenset[str]:
    return frozenset(country_names().values())


def time_zone(text: str) -> str | None:
    value = text.strip()
    return value if value in _time_zones() else None


@cache
def _time_zones() -> frozenset[str]:
    """zoneinfo.available_timezones() walks the zone files on every call: once per process is enough."""
    return frozenset(zoneinfo.available_timezones())


@lru_cache(maxsize=4096)  # a file's dates repeat: each is read once
def date(text: str) -> dt.date | None:
    value = text.strip()
    value = re.split(r"[ T]\d{1,2}:\d{2}", value, maxsplit=1)[0].strip()  # "2024-05-01 10:00:00"
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a calendar day, no zone
        except ValueError:
            continue
    return _date_in_words(value)


# Words around a date written out that say nothing more: "12 мая 1980 г.", "12 mai 1980", "May 12th, 1980".
DATE_FILLERS = frozenset({"г", "года", "год", "гг", "de", "anul", "of", "the", "st", "nd", "rd", "th"})


@cache
def month_names() -> dict[str, int]:
    """A month's name folded -> its number: babel's names in Russian, Romanian and English, wide and abbreviated,
    as a date writes them and standing alone ("мая", "май", "mai", "May", "сент.", "Sept")."""
    names: dict[str, int] = {}
    for language in ("en", "ru", "ro"):
        months = Locale.parse(language).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    names.setdefault(normalize_header(name), number)
    names.setdefault("sept", 9)
    return names


def _date_in_words(value: str) -> dt.date | None:
    """A day, a month's name and a year in either order: "12 мая 1980", "12 Mai 1980", "May 12, 1980"."""
    words = re.findall(r"\d+|[^\W\d_]+", fold(value))
    numbers = [word for word in words if word.isdigit()]
    months = [month_names()[word] for word in words if word in month_names()]
    others = [word for word in words if not word.isdigit() and word not in month_names()]
    if len(numbers) != 2 or len(months) != 1 or any(word not in DATE_FILLERS for word in others):
        return None
    day, year = (numbers[1], numbers[0]) if len(numbers[0]) == 4 else (numbers[0], numbers[1])
    if len(year) != 4:
        return None
    try:
        return dt.date(int(year), months[0], int(day))
    except ValueError:
        return None


YEARLESS = re.compile(r"--(\d{2})-?(\d{2})")  # vCard 4.0 and ISO 8601's day without a year: "--0315", "--03-15"


def yearless_day(text: str) -> tuple[int, int] | None:
    """(month, day) of a birthday written without its year, which a vCard 4.0 allows."""
    found = YEARLESS.fullmatch(text.strip())
    if found is None:
        return None
    month, day = int(found.group(1)), int(found.group(2))
    try:
        dt.date(2000, month, day)  # a leap year: 29 February is a day
    except ValueError:
        return None
    return month, day


ISO_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def instant(text: str, zone: str) -> dt.datetime | None:
    """A moment written in ISO form with its time ("2026-10-23T06:35:00", "2026-10-23 06:35:00+03:00"), as
    KeepWarm's export writes a last contact; without an offset it is local time in `zone` (the importer's), as
    the XLSX export writes it (a spreadsheet's date-time has no zone). None for a day alone or another form:
    those are read as days (date)."""
    value = text.strip()
    if not ISO_INSTANT.match(value):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return (moment.replace(tzinfo=zoneinfo.ZoneInfo(zone)) if moment.tzinfo is None else moment).astimezone(dt.UTC)


def number(text: str) -> Decimal | None:
    value = re.sub(r"[\s\u00a0]", "", text).replace(",", ".")
    value = re.sub(r"[^\d.\-]", "", value)  # currency signs and words
    try:
        parsed = Decimal(value)
    except InvalidOperation:
        return None
    return parsed if parsed.is_finite() and parsed >= 0 else None


PATRONYMIC = re.compile(r"(вич|вна|ична|инична|оглы|кызы)$", re.IGNORECASE)
PATRONYMIC_WORDS = frozenset({"оглы", "кызы", "oglu", "ogly", "kyzy", "qizi"})  # "Гейдар оглы": one patronymic


def split_full_name(text: str, *, family_first: bool = False) -> tuple[str, str, str]:
    """(last, first, patronymic). Three words with a patronymic (-вич, -вна, -ична, -оглы, -кызы) are read around it:
    "Смирнова Анна Петровна", "Анна Петровна Смирнова". Otherwise the header decides (mapping.family_name_first):
    "Фамилия Имя" under ФИО and the other Russian and Romanian full-name headers ("Казанцев Рустам", "Popescu Ion"),
    "First Last" under English ones ("Ion Popescu")."""
    words = text.split()
    if len(words) > 3 and words[-1].lower() in PATRONYMIC_WORDS:
        words = [*words[:-2], f"{words[-2]} {words[-1]}"]
    if len(words) == 1:
        return "", words[0], ""
    if len(words) == 3 and PATRONYMIC.search(words[2]):
        return words[0], words[1], words[2]
    if len(words) == 3 and PATRONYMIC.search(words[1]):
        return words[2], words[0], words[1]
    if family_first:
        return words[0], " ".join(words[1:]), ""
    return " ".join(words[1:]), words[0], ""


# Legal forms written out or with dots, as their short form: "Общество с ограниченной ответственностью", "S.R.L.".
LEGAL_FORMS = {  # folded (normalize_header) below: "ограниченной" is "ограниченнои"
    "общество с ограниченной ответственностью": "ооо",
    "публичное акционерное общество": "пао",
    "открытое акционерное общество": "оао",
    "закрытое акционерное общество": "зао",
    "непубличное акционерное общество": "ао",
    "акционерное общество": "ао",
    "индивидуальный предприниматель": "ип",
    "societate cu raspundere limitata": "srl",
    "societatea cu raspundere limitata": "srl",
    "societate pe actiuni": "sa",
    "intreprindere individuala": "ii",
    "intreprinderea individuala": "ii",
    "limited liability company": "llc",
    "incorporated": "inc",
    "limited": "ltd",
    "s r l": "srl",
    "l l c": "llc",
    "s a": "sa",
    "i i": "ii",
}
LEGAL_FORMS = {normalize_header(form): short for form, short in LEGAL_FORMS.items()}
SHORT_LEGAL_FORMS = frozenset({*LEGAL_FORMS.values(), "тов", "ooo", "gmbh", "plc", "corp", "co"})
_LEGAL_FORM = re.compile(r"\b(" + "|".join(sorted(LEGAL_FORMS, key=len, reverse=True)) + r")\b")


@lru_cache(maxsize=20_000)  # a file names the same organizations again and again
def organization_key(name: str) -> str:
    """The same organization however its name is written: without quotes of any kind or punctuation, with one
    space between words and its legal form short and first ("ООО «Ромашка»", "ООО Ромашка", "Ромашка, ООО" and
    "Общество с ограниченной ответственностью "Ромашка"" are one; "S.R.L. Moldtelecom" is "SRL Moldtelecom")."""
    words = _LEGAL_FORM.sub(lambda found: LEGAL_FORMS[found.group(1)], normalize_header(name)).split()
    forms = sorted(word for word in words if word in SHORT_LEGAL_FORMS)
    return " ".join([*forms, *(word for word in words if word not in SHORT_LEGAL_FORMS)])


TEL_URI = re.compile(r"(tel:[^\s,]+)", re.IGNORECASE)  # vCard 4.0: "tel:+7-383-210-00-00;ext=123", its ";" its own


def split_many(text: str) -> list[str]:
    """Several values in one cell: "+373 69 123456; 022 123 456", one per line, or comma-separated; a tel: URI
    is one value with its parameters."""
    values: list[str] = []
    for at, part in enumerate(TEL_URI.split(text)):
        values += [part] if at % 2 else [piece.strip() for piece in re.split(r"[;,\n]| / ", part) if piece.strip()]
    return values
