"""One file row as a client draft: the mapped cells read, normalised and checked, with each problem kept as a code
and its parameters (worded in the reader's language when shown: errors.py). Pure apart from the context's lookups."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from babel.dates import format_skeleton
from django.core.exceptions import ValidationError
from django.db import models

from keepwarm.clients.choices import Category, RelationshipGroup, TimeZoneSource
from keepwarm.clients.contacts import fold, normalize_emails
from keepwarm.clients.models import Client, Organization
from keepwarm.clients.zone_source import EVIDENCE_LENGTH, zone_source_read
from keepwarm.core.l10n import Language
from keepwarm.imports import places, values
from keepwarm.imports.mapping import MULTI_FIELDS, family_name_first
from keepwarm.touches.bounds import EARLIEST_BIRTHDAY


@dataclass(frozen=True)
class RowContext:
    """What reading a row needs to know about the team and the importer (OWN-1)."""

    importer_id: int
    team_country: str
    language: str
    owners: dict[str, int]  # folded username, e-mail or full name -> user id, for the whole team
    assignable: frozenset[int]  # whom the importer may give clients to
    today: dt.date
    time_zone: str = "UTC"  # the importer's: a moment written without an offset is their local time


@dataclass
class OrganizationDraft:
    name: str
    country: str = ""
    time_zone: str = ""
    employees: int | None = None
    annual_revenue: Decimal | None = None
    vertical: str = ""

    @property
    def key(self) -> str:
        """How the import tells organizations apart (values.organization_key: "ООО «Ромашка»" is "ООО Ромашка")."""
        return values.organization_key(self.name)

    def __reduce__(self) -> tuple[type[OrganizationDraft], tuple[Any, ...]]:
        return _reduced(self)


@dataclass
class Draft:
    number: int
    cells: list[str]
    last_name: str = ""
    first_name: str = ""
    patronymic: str = ""
    phones: list[str] = field(default_factory=list)
    phone_digits: list[str] = field(default_factory=list)  # the phones as search finds them
    emails: list[str] = field(default_factory=list)
    organization: OrganizationDraft | None = None
    position: str = ""
    decision_role: str = ""
    country: str = ""
    time_zone: str = ""
    time_zone_source: str = ""  # where the kept zone came from, with its evidence (Client's fields of those names)
    time_zone_evidence: str = ""
    language: str = Language.RU
    relationship_group: str = RelationshipGroup.PROSPECT
    category: str = Category.FUTURE
    never_reason: str = ""
    interests: list[str] = field(default_factory=list)
    birthday: dt.date | None = None
    notes: str = ""
    do_not_contact: bool = False
    owner_id: int = 0
    last_contact: dt.date | None = None
    last_contact_at: dt.datetime | None = None  # when the cell gave the moment, not only the day
    last_purchase: dt.date | None = None
    last_purchase_amount: Decimal | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    notices: list[dict[str, Any]] = field(default_factory=list)  # as errors, but the row goes on (ImportRow.notices)
    derived: list[dict[str, str]] = field(default_factory=list)
    given: set[str] = field(default_factory=set)  # the client fields the row filled (what an update may change)
    totals: bool = False  # a spreadsheet's totals row ("Итого: 4 клиента"): skipped, not a client

    def error(self, column: str, value: str, code: str, **params: Any) -> None:
        self.errors.append(_said(column, value, code, params))

    def notice(self, column: str, value: str, code: str, **params: Any) -> None:
        self.notices.append(_said(column, value, code, params))

    @property
    def zone_to_keep(self) -> str:
        """The client's time zone as saved: the given one, else the one derived from the phone or the city. One
        derived from the country is left empty: an empty zone already means the organization's, then the
        country's (Client.time_zone), and so follows the organization's zone where the file gives one."""
        derived = (d["value"] for d in self.derived if d["field"] == "time_zone" and d["source"] != "country")
        return self.time_zone or next(derived, "")

    @property
    def reading_zone(self) -> str:
        """The zone a moment the row gives without its offset is read in: the given or any derived one."""
        return self.time_zone or next((d["value"] for d in self.derived if d["field"] == "time_zone"), "UTC")

    @property
    def full_name_key(self) -> str:
        return fold(" ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part))

    def __reduce__(self) -> tuple[type[Draft], tuple[Any, ...]]:
        return _reduced(self)


def _said(column: str, value: str, code: str, params: dict[str, Any]) -> dict[str, Any]:
    """A problem or a notice about a cell, as ImportRow stores it: a code and its parameters (LANG-1)."""
    return {"column": column, "value": value[:200], "code": code, "params": params}


_FIELDS: dict[type, tuple[str, ...]] = {}


def _reduced(draft: Any) -> Any:
    """Pickled as its class and its fields' values (the reader process sends drafts: imports.read_ahead): half the
    time of pickle's default for a dataclass, which rebuilds each object's __dict__."""
    kind = type(draft)
    names = _FIELDS.get(kind) or _FIELDS.setdefault(kind, tuple(f.name for f in fields(kind)))
    return kind, tuple([getattr(draft, name) for name in names])


@dataclass(slots=True)
class RowResult:
    """What became of a row: an ImportRow's columns (inserts.insert_plain writes it), without a model instance's
    cost at a hundred thousand rows."""

    job_id: int
    number: int
    cells: list[str]
    errors: list[dict[str, Any]]
    notices: list[dict[str, Any]]
    derived: list[dict[str, str]]
    status: str = ""
    client_id: int | None = None
    organization_created: int | None = None
    before: dict[str, Any] = field(default_factory=dict)
    near: list[int] = field(default_factory=list)


def _max_length(model: type[Client] | type[Organization], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.CharField)
    assert field.max_length is not None
    return field.max_length


LENGTHS = {name: _max_length(Client, name) for name in ("last_name", "first_name", "patronymic", "position")}
ORGANIZATION_NAME_LENGTH = _max_length(Organization, "name")
ORGANIZATION_VERTICAL_LENGTH = _max_length(Organization, "vertical")
CHOICE_FIELDS = ("decision_role", "language", "relationship_group", "category", "never_reason")


def _cells(cells: list[str], mapping: dict[str, str], headers: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Field -> [(column name, cell)] of the filled mapped cells."""
    found: dict[str, list[tuple[str, str]]] = {}
    for index, name in mapping.items():
        position = int(index)
        cell = cells[position].strip() if position < len(cells) else ""
        if cell:
            found.setdefault(name, []).append((headers[position] if position < len(headers) else index, cell))
    return {name: pairs if name in MULTI_FIELDS else pairs[:1] for name, pairs in found.items()}


def read_row(
    number: int, cells: list[str], *, mapping: dict[str, str], headers: list[str], context: RowContext
) -> Draft:
    draft = Draft(number=number, cells=cells, language=context.language, owner_id=context.importer_id)
    found = _cells(cells, mapping, headers)
    if totals := _totals(found):
        draft.totals = True
        draft.notice(*totals, "totals_row")
        return draft
    draft.given = {name for name in found if name in _CLIENT_FIELDS}
    _names(draft, found)
    for name in ("position", "notes"):
        for column, cell in found.get(name, []):
            text = cell if name == "notes" else cell[: LENGTHS["position"] + 1]
            setattr(draft, name, "\n".join(filter(None, (getattr(draft, name), text))))
            if name == "position" and len(cell) > LENGTHS["position"]:
                draft.error(column, cell, "too_long", limit=LENGTHS["position"])
    for name in CHOICE_FIELDS:
        for column, cell in found.get(name, []):
            value = values.word(name, cell)
            if value is not None:
                setattr(draft, name, value)
            elif name == "relationship_group":  # Bitrix24's "Поставщики" is none of ours: the client is still one
                draft.notice(column, cell, "relationship_group_left")
                draft.given.discard(name)  # an update leaves the client's group as it is
            else:
                draft.error(column, cell, f"{name}_unknown")
    for column, cell in found.get("do_not_contact", []):
        flag = values.word("do_not_contact", cell)
        if flag is None:
            draft.error(column, cell, "do_not_contact_unknown")
        draft.do_not_contact = flag == values.Flag.YES
    _place(draft, found)
    _contacts(draft, found, context)
    _dates(draft, found, context)
    _owner(draft, found, context)
    _organization(draft, found)
    draft.interests = sorted(
        {word.lower()[:60] for _c, cell in found.get("interests", []) for word in values.split_many(cell)}
    )
    _category_rules(draft, found)
    return draft


_CLIENT_FIELDS = {
    "full_name", "last_name", "first_name", "patronymic", "phone", "email", "organization", "position",
    "decision_role", "country", "time_zone", "language", "relationship_group", "interests", "birthday", "notes",
    "category", "never_reason", "last_contact", "last_purchase", "do_not_contact",
}  # fmt: skip


# The words a spreadsheet's totals row starts with, in ru/ro/en: "Итого: 4 клиента", "Всего", "Total general".
TOTALS = re.compile(r"(итого|всего|total|totaluri|grand total|subtotal)\b", re.IGNORECASE)


def _totals(found: dict[str, list[tuple[str, str]]]) -> tuple[str, str] | None:
    """The name cell of a totals row: one whose name starts with a totals word and which has no phone, e-mail or
    organization (a person is never only that)."""
    if "phone" in found or "email" in found or "organization" in found:
        return None
    names = found.get("full_name") or found.get("last_name") or found.get("first_name") or []
    return names[0] if names and TOTALS.match(names[0][1]) else None


def _names(draft: Draft, found: dict[str, list[tuple[str, str]]]) -> None:
    for name in ("last_name", "first_name", "patronymic"):
        for column, cell in found.get(name, []):
            setattr(draft, name, cell)
            if len(cell) > LENGTHS[name]:
                draft.error(column, cell, "too_long", limit=LENGTHS[name])
    for column, cell in found.get("full_name", []):
        if not draft.first_name:
            last, first, patronymic = values.split_full_name(cell, family_first=family_name_first(column))
            draft.first_name, draft.last_name = first, draft.last_name or last
            draft.patronymic = draft.patronymic or patronymic
            if max(len(first), len(last), len(patronymic)) > 100:
                draft.error(column, cell, "too_long", limit=100)
    if not draft.first_name:
        if draft.last_name:  # one name only: it is how the person is called
            draft.first_name, draft.last_name = draft.last_name, ""
        else:
            draft.error("", "", "name_missing")


def _place(draft: Draft, found: dict[str, list[tuple[str, str]]]) -> None:
    for column, cell in found.get("country", []):
        code = values.country(cell)
        if code is None:
            draft.error(column, cell, "country_unknown")
        else:
            draft.country = code
    for column, cell in found.get("time_zone", []):
        zone = values.time_zone(cell)
        if zone is None:
            draft.error(column, cell, "time_zone_unknown")
        else:
            draft.time_zone = zone
    for _column, cell in found.get("time_zone_source", []):
        _zone_source_read_back(draft, cell)


def _zone_source_read_back(draft: Draft, cell: str) -> None:
    """TIME-1: a zone KeepWarm's export says was derived ("derived from the phone +7 383 …") stays marked as
    derived, with its evidence; any other text leaves the file's zone as the file's own."""
    read = zone_source_read(cell)
    if not draft.time_zone or read is None:
        return
    source, evidence = read
    if source == TimeZoneSource.PHONE:
        evidence = places.read_phone(evidence, [draft.country]).e164
    if evidence:
        draft.time_zone_source, draft.time_zone_evidence = source, evidence


def _contacts(draft: Draft, found: dict[str, list[tuple[str, str]]], context: RowContext) -> None:
    organization_country = ""
    for _column, cell in found.get("organization_country", []):
        organization_country = values.country(cell) or ""
    city = next((cell for _column, cell in found.get("city", [])), "")
    city_country = places.city_country(city) if city else ""  # "Москва" in a Moldovan team's file: +7 first
    stated = (draft.country, organization_country, context.team_country)
    regions = [draft.country, organization_country, city_country, context.team_country]
    phone_country = ""
    for column, cell in found.get("phone", []):
        for raw in values.split_many(cell):
            reading = places.read_phone(raw, regions)
            if reading.regions:
                draft.error(column, raw, "phone_ambiguous", countries=", ".join(reading.regions))
            elif not reading.e164:
                draft.error(column, raw, "phone_invalid")
            elif reading.e164 not in draft.phones:
                draft.phones.append(reading.e164)
                draft.phone_digits += reading.digits
                phone_country = phone_country or reading.country
                if reading.guessed or reading.read_in not in stated:  # a Russian 8 (985) ... in a Moldovan file
                    source = "format" if reading.guessed else "city"  # read as written in its city's country
                    draft.derived.append({"field": "phone", "value": reading.e164, "source": source})
    for column, cell in found.get("email", []):
        for raw in values.split_many(cell):
            try:
                draft.emails += [e for e in normalize_emails([raw]) if e not in draft.emails]
            except ValidationError:
                draft.error(column, raw, "email_invalid")
    if not draft.country and not organization_country and phone_country:  # the first phone's
        draft.country = phone_country
        draft.derived.append({"field": "country", "value": phone_country, "source": "phone"})
    elif not draft.country and not organization_country and city_country:
        draft.country = city_country  # "Казань" alone: the most populous city of that name
        draft.derived.append({"field": "country", "value": city_country, "source": "city"})
    if not draft.time_zone and (draft.country or organization_country):
        zone, source, evidence = places.derived_zone(draft.country or organization_country, draft.phones, city)
        draft.derived.append({"field": "time_zone", "value": zone, "source": source})
        if source in TimeZoneSource.values:  # kept as the client's, marked as derived (a country's is not kept)
            draft.time_zone_source, draft.time_zone_evidence = source, evidence[:EVIDENCE_LENGTH]


def _dates(draft: Draft, found: dict[str, list[tuple[str, str]]], context: RowContext) -> None:
    for name in ("birthday", "last_contact", "last_purchase"):
        for column, cell in found.get(name, []):
            day = values.date(cell)
            earliest = EARLIEST_BIRTHDAY if name == "birthday" else dt.date(1900, 1, 1)
            if day is None and name == "birthday" and (month_day := values.yearless_day(cell)):
                # A client's birthday needs its year (Client.birthday): the day is kept in the notes, not lost, as
                # the importer reads it ("15 марта", not vCard's "--0315").
                written = format_skeleton("MMMMd", dt.date(2000, *month_day), locale=context.language)
                draft.notes = "\n".join(filter(None, (draft.notes, f"{column}: {written}")))
                draft.given.discard("birthday")  # an update leaves the client's birthday as it is
            elif day is None:
                draft.error(column, cell, "date_invalid")
            elif day > context.today or day < earliest:
                draft.error(column, cell, "date_out_of_range")
            else:
                setattr(draft, name, day)
                if name == "last_contact" and (moment := values.instant(cell, context.time_zone)) is not None:
                    draft.last_contact_at = moment
    for column, cell in found.get("last_purchase_amount", []):
        amount = values.number(cell)
        if amount is None or amount >= Decimal(10) ** 12:
            draft.error(column, cell, "number_invalid")
        else:
            draft.last_purchase_amount = amount.quantize(Decimal("0.01"))


def _owner(draft: Draft, found: dict[str, list[tuple[str, str]]], context: RowContext) -> None:
    """OWN-1: by username, e-mail or full name; only someone the importer may give clients to."""
    for column, cell in found.get("owner", []):
        owner_id = context.owners.get(fold(cell.strip()))
        if owner_id is None:
            draft.error(column, cell, "owner_unknown")
        elif owner_id not in context.assignable:
            draft.error(column, cell, "owner_not_assignable")
        else:
            draft.owner_id = owner_id


def _organization(draft: Draft, found: dict[str, list[tuple[str, str]]]) -> None:
    names = found.get("organization", [])
    if not names:
        return
    column, name = names[0]
    if len(name) > ORGANIZATION_NAME_LENGTH:
        draft.error(column, name, "too_long", limit=ORGANIZATION_NAME_LENGTH)
    organization = OrganizationDraft(name=name[:ORGANIZATION_NAME_LENGTH])
    for column, cell in found.get("organization_country", []):
        organization.country = values.country(cell) or ""
        if not organization.country:
            draft.error(column, cell, "country_unknown")
    for column, cell in found.get("organization_time_zone", []):
        organization.time_zone = values.time_zone(cell) or ""
        if not organization.time_zone:
            draft.error(column, cell, "time_zone_unknown")
    for column, cell in found.get("organization_employees", []):
        employees = values.number(cell)
        if employees is None or employees != employees.to_integral_value() or employees > 10**9:
            draft.error(column, cell, "number_invalid")
        else:
            organization.employees = int(employees)
    for column, cell in found.get("organization_revenue", []):
        revenue = values.number(cell)
        if revenue is None or revenue >= Decimal(10) ** 14:
            draft.error(column, cell, "number_invalid")
        else:
            organization.annual_revenue = revenue.quantize(Decimal("0.01"))
    for _column, cell in found.get("organization_vertical", []):
        organization.vertical = cell[:ORGANIZATION_VERTICAL_LENGTH]
    draft.organization = organization


def _category_rules(draft: Draft, found: dict[str, list[tuple[str, str]]]) -> None:
    """CAT-2: Never only with an objective reason from the closed list; a reason without Never means nothing."""
    if draft.category == Category.NEVER and not draft.never_reason:
        column, cell = found.get("category", [("", "")])[0]
        draft.error(column, cell, "never_needs_reason")
    if draft.category != Category.NEVER:
        draft.never_reason = ""
