"""Which client field each column fills: the fields an import knows, and a mapping suggested from the headers
(Russian, Romanian and English names, and the columns of amoCRM/Kommo, Bitrix24, HubSpot and Pipedrive exports)."""

from __future__ import annotations

import functools
import re

from django.utils.translation import gettext_lazy as _

from keepwarm.clients.contacts import fold
from keepwarm.core.l10n import in_every_language

FIELDS = {
    "full_name": _("Full name"),
    "last_name": _("Last name"),
    "first_name": _("First name"),
    "patronymic": _("Patronymic"),
    "phone": _("Phone"),
    "email": _("E-mail"),
    "organization": _("Organization"),
    "organization_country": _("Organization country"),
    "organization_time_zone": _("Organization time zone"),
    "organization_employees": _("Organization size (employees)"),
    "organization_revenue": _("Organization annual revenue"),
    "organization_vertical": _("Organization vertical"),
    "position": _("Position"),
    "decision_role": _("Decision role"),
    "country": _("Country"),
    "time_zone": _("Time zone"),
    "time_zone_source": _("Time zone source (KeepWarm's export)"),
    "city": _("City (for the time zone)"),
    "language": _("Language"),
    "relationship_group": _("Relationship group"),
    "category": _("Category"),
    "never_reason": _("Reason for Never"),
    "interests": _("Interests (tags)"),
    "birthday": _("Birthday"),
    "notes": _("Notes"),
    "do_not_contact": _("Do not contact (yes/no)"),
    "owner": _("Owner"),
    "last_contact": _("Last contact date"),
    "last_purchase": _("Last purchase date"),
    "last_purchase_amount": _("Last purchase amount"),
}
# Fields several columns may fill together (a work and a mobile phone); the others take the first filled column.
MULTI_FIELDS = frozenset({"phone", "email", "interests", "notes"})

# Header names as they come (folded: lowercase, no diacritics, punctuation as spaces).
KNOWN_HEADERS: dict[str, str] = {}


def _known(field: str, *names: str) -> None:
    for name in names:
        KNOWN_HEADERS[normalize_header(name)] = field


def normalize_header(header: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(header)).split())


_known(
    "full_name",
    "ФИО", "Полное имя", "Имя контакта", "Контакт", "Наименование", "Full name", "Name", "Contact name", "Contact",
    "Nume complet", "Nume și prenume", "Persoana de contact", "Person - Name", "Name (Person)", "FN",
)  # fmt: skip
_known(
    "last_name",
    "Фамилия", "Last name", "Surname", "Family name", "Nume", "Nume de familie", "Person - Last name", "N:family",
)  # fmt: skip
_known("first_name", "Имя", "First name", "Given name", "Prenume", "Person - First name", "N:given")
_known("patronymic", "Отчество", "Middle name", "Patronymic", "Patronimic", "N:additional")
_known(
    "phone",
    "Телефон", "Телефоны", "Рабочий телефон", "Мобильный телефон", "Домашний телефон", "Другой телефон",
    "Рабочий прямой", "Телефон для рассылок", "Phone", "Phone number", "Phones", "Mobile", "Mobile phone",
    "Mobile phone number", "Work phone", "Home phone", "Other phone", "Telefon", "Telefon mobil", "Mobil",
    "Person - Phone", "Person - Phone - Work", "Person - Phone - Mobile", "Person - Phone - Home",
    "Person - Phone - Other", "Business Phone", "Work number", "Primary Contact Phone", "TEL",
)  # fmt: skip
_known(
    "email",
    "Email", "E-mail", "Эл. почта", "Электронная почта", "Почта", "Рабочий email", "Рабочий e-mail", "Личный email",
    "Частный e-mail", "Другой e-mail", "E-mail для рассылок", "Email address", "Work email", "Personal email",
    "Other email", "Adresa de email", "Poștă electronică", "Person - Email", "Person - Email - Work",
    "Person - Email - Home", "Person - Email - Other", "Email addresses", "Primary Contact Emails", "EMAIL",
)  # fmt: skip
_known(
    "organization",
    "Компания", "Организация", "Название компании", "Контрагент", "Company", "Company name", "Organization",
    "Organisation", "Associated Company", "Companie", "Firma", "Organizație", "Organizatie",
    "Person - Organization", "Organization - Name", "Associated company", "Account Name", "ORG",
)  # fmt: skip
_known("organization_country", "Страна компании", "Company country", "Organization - Country", "Țara companiei")
_known("organization_time_zone", "Часовой пояс компании", "Company time zone", "Organization - Time zone")
_known(
    "organization_employees",
    "Количество сотрудников", "Кол-во сотрудников", "Число сотрудников", "Employees", "Number of Employees",
    "Company size", "Număr de angajați", "Organization - Number of employees",
)  # fmt: skip
_known(
    "organization_revenue",
    "Годовой оборот", "Выручка", "Годовой доход", "Annual Revenue", "Revenue", "Cifra de afaceri",
    "Venit anual", "Organization - Annual revenue",
)  # fmt: skip
_known(
    "organization_vertical",
    "Отрасль", "Сфера деятельности", "Сфера", "Industry", "Vertical", "Industrie", "Domeniu de activitate",
    "Organization - Industry",
)  # fmt: skip
_known("position", "Должность", "Position", "Job title", "Title", "Funcție", "Functie", "Person - Job title", "TITLE")
_known("decision_role", "Роль", "Роль в принятии решения", "Decision role", "Role", "Rol", "Rol în decizie")
_known(
    "country", "Страна", "Country", "Country/Region", "Țara", "Tara", "Person - Country", "ADR:country",
)  # fmt: skip
_known("time_zone", "Часовой пояс", "Time zone", "Timezone", "Fus orar", "Person - Time zone")
_known("language", "Язык", "Language", "Preferred language", "Limba", "Limbă")
_known(
    "relationship_group",
    "Группа", "Тип контакта", "Тип клиента", "Relationship group", "Group", "Lifecycle Stage", "Contact type",
    "Grup", "Tip contact", "Tip client",
)  # fmt: skip
_known("city", "Город", "City", "Oraș", "Oras", "Localitate", "Населённый пункт", "Person - City")
_known("category", "Категория", "Category", "Categorie", "Статус клиента", "Client status")
_known("never_reason", "Причина Never", "Причина", "Never reason", "Reason for Never", "Motiv Never", "Motiv")
_known(
    "interests",
    "Теги", "Тэги", "Интересы", "Метки", "Tags", "Interests", "Labels", "Etichete", "Interese", "Person - Labels",
    "Person - Label", "CATEGORIES",
)  # fmt: skip
_known(
    "birthday", "День рождения", "Дата рождения", "Birthday", "Date of birth", "Birthdate", "Data nașterii",
    "Ziua de naștere", "Person - Birthday", "BDAY",
)  # fmt: skip
_known(
    "notes",
    "Примечание", "Примечания", "Комментарий", "Заметки", "Notes", "Note", "Comment", "Comments", "Description",
    "Notițe", "Comentariu", "Observații", "Person - Notes", "NOTE",
)  # fmt: skip
_known(
    "do_not_contact",
    "Не связываться", "Не звонить", "Не беспокоить", "Do not contact", "Do not call", "Nu contactați", "Nu suna",
)  # fmt: skip
_known(
    "owner",
    "Ответственный", "Ответственный менеджер", "Менеджер", "Owner", "Contact owner", "Responsible user",
    "Responsible", "Manager", "Responsabil", "Person - Owner", "Sales owner",
)  # fmt: skip
_known(
    "last_contact",
    "Дата последнего контакта", "Последний контакт", "Дата последней активности", "Последняя активность",
    "Last contact", "Last contacted", "Last Activity Date", "Last activity", "Ultimul contact",
    "Person - Last activity date", "Person - Last activity",
)  # fmt: skip
_known(
    "last_purchase",
    "Дата последней покупки", "Последняя покупка", "Дата последней продажи", "Last purchase", "Last purchase date",
    "Last order date", "Recent Deal Close Date", "Ultima achiziție", "Person - Won deals last date",
)  # fmt: skip
_known("last_purchase_amount", "Сумма последней покупки", "Last purchase amount", "Suma ultimei achiziții")

# Full-name headers under which the family name comes first, as official Romanian writes it ("Popescu Ion"); every
# Russian header does ("Фамилия Имя Отчество", ФИО), English ones do not ("First Last").
FAMILY_FIRST_HEADERS = frozenset(
    normalize_header(name) for name in ("Nume complet", "Nume și prenume", "Numele și prenumele", "Nume prenume")
)
CYRILLIC = re.compile("[\u0400-\u04ff]")


def family_name_first(header: str) -> bool:
    """Whether a full name under this header is written "Фамилия Имя" (Russian, official Romanian)."""
    name = re.sub(r" \d+$", "", normalize_header(header))  # "ФИО (2)"
    return bool(CYRILLIC.search(name)) or name in FAMILY_FIRST_HEADERS


# Words that name a field inside a longer header ("Телефон (моб.)", "Work Phone 2", "Email - Other").
KEYWORDS = (
    ("patronymic", ("отчество", "patronymic")),
    ("phone", ("телефон", "phone", "telephone", "cellphone", "telefon", "mobile", "mobil")),
    ("email", ("email", "e mail", "почта", "mail")),
    ("birthday", ("рождени", "birth", "nastere")),
    ("interests", ("тег", "tag", "label", "etichet")),
)
# Pipedrive and some others prefix a person's columns: "Person - Phone - Work".
PREFIXES = ("person ", "contact ", "контакт ")


@functools.cache
def _worded_headers() -> dict[str, str]:
    """The fields' own names and the headers of KeepWarm's client export, in every language of the UI, so that
    a file KeepWarm wrote (or a sheet typed from the field list) comes back in with its columns mapped."""
    from keepwarm.exports.clients import COLUMNS

    worded: dict[str, str] = {}
    exported = [(column.imported_as, column.header) for column in COLUMNS if column.imported_as]
    for field, label in in_every_language(lambda: [*FIELDS.items(), *exported]):
        worded.setdefault(normalize_header(label), field)
    return worded


def _named(name: str) -> str:
    return KNOWN_HEADERS.get(name) or _worded_headers().get(name, "")


def suggest_field(header: str) -> str:
    """The field a header names, or "" when it names none we know."""
    name = normalize_header(header)
    if _named(name):
        return _named(name)
    for prefix in PREFIXES:
        if name.startswith(prefix) and _named(name[len(prefix) :]):
            return _named(name[len(prefix) :])
    without_number = re.sub(r" \d+$", "", name)
    if _named(without_number):  # "Phone (2)": a merged header's second column
        return _named(without_number)
    for field, words in KEYWORDS:
        # At a word's start: "тег" is inside "категории", "tag" inside "stage".
        if any(re.search(rf"\b{re.escape(word)}", name) for word in words):
            return field
    return ""


def suggest(headers: list[str]) -> dict[str, str]:
    """Column index (as text, as JSON keeps it) -> field; a single-valued field goes to its first column."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        field = suggest_field(header)
        if field and (field in MULTI_FIELDS or field not in taken):
            mapping[str(index)] = field
            taken.add(field)
    return mapping


def _column_index(column: object, headers: list[str]) -> int | None:
    """A column named by its index ("0", ASCII digits only: "²" is a digit to str.isdigit) or its header."""
    text = str(column)
    if text.isascii() and text.isdigit():
        return int(text) if len(text) <= 9 and int(text) < len(headers) else None
    return headers.index(text) if text in headers else None


def clean_mapping(raw: object, headers: list[str], base: dict[str, str] | None = None) -> dict[str, str]:
    """A mapping sent by a person or a client program: column indexes or header names -> known fields, "" for a
    column left out. The columns it does not name keep their field in `base` (the one suggested or chosen before):
    a program that names the one column the suggestion got wrong loses none of the others."""
    from django.core.exceptions import ValidationError

    if not isinstance(raw, dict):
        raise ValidationError({"mapping": [_("Send the mapping as an object: column -> field.")]})
    mapping: dict[str, str] = dict(base or {})
    errors: list[str] = []
    for column, field in raw.items():
        index = _column_index(column, headers)
        if index is None:
            errors.append(str(_("There is no column “%(column)s” in the file.") % {"column": column}))
        elif field and (not isinstance(field, str) or field not in FIELDS):
            errors.append(str(_("“%(field)s” is not a field an import fills.") % {"field": field}))
        elif field:
            mapping[str(index)] = field
        else:
            mapping.pop(str(index), None)
    if errors:
        raise ValidationError({"mapping": errors})
    return mapping
