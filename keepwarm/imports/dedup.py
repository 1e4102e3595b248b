"""Finding a row's client among the team's and the file's earlier rows: the same phone, e-mail, or name within
the same organization; similar names are only listed for review (never merged)."""

from __future__ import annotations

import json
from collections import defaultdict
from difflib import SequenceMatcher

from django.db import connection

from keepwarm.clients.contacts import fold
from keepwarm.clients.models import Client
from keepwarm.imports.rows import Draft
from keepwarm.imports.values import organization_key

NEAR_RATIO = 0.8  # of each part of the name on its own: one letter of five or more (Сергей / Сергэй, Ion / Ioan)
NEAR_CANDIDATES = 30  # compared per row at most, so a common surname costs no more than a rare one
NEAR_LISTED = 5


def _json_list(value: str | list[str] | None) -> list[str]:
    if isinstance(value, str):
        return json.loads(value) if value != "[]" else []
    return value or []


def name_key(last_name: str, first_name: str, patronymic: str) -> str:
    return fold(" ".join(part for part in (last_name, first_name, patronymic) if part))


class DedupIndex:
    """The team's clients by phone, e-mail and name + organization, kept in step as the import adds clients."""

    def __init__(self) -> None:
        self.by_phone: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_name: dict[tuple[str, str], int] = {}
        self.by_last: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)  # pk, last, first, patronymic
        self.settled: dict[int, int] = {}  # a file row's placeholder (minus its number) -> its client, once saved

    @classmethod
    def load(cls, team_id: int) -> DedupIndex:
        """Read raw: Django's row conversion (the JSON phones and e-mails above all) took longer than the query."""
        index = cls()
        query = (
            Client.objects.filter(owner__team_id=team_id)
            .values_list("pk", "phones", "emails", "last_name", "first_name", "patronymic", "organization__name")
            .order_by()
        )
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while chunk := cursor.fetchmany(5000):
                for pk, phones, emails, last, first, patronymic, organization in chunk:
                    index.add(pk, _json_list(phones), _json_list(emails), fold(last), fold(first), fold(patronymic),
                              organization_key(organization) if organization else "")  # fmt: skip
        return index

    def add(self, pk: int, phones: list[str], emails: list[str], last: str, first: str, patronymic: str,
            organization: str) -> None:  # fmt: skip
        for phone in phones:
            self.by_phone.setdefault(phone, pk)
        for email in emails:
            self.by_email.setdefault(email, pk)
        key = " ".join(part for part in (last, first, patronymic) if part)
        if organization:
            self.by_name.setdefault((key, organization), pk)
        self.by_last[last or first].append((pk, last, first, patronymic))

    def add_draft(self, pk: int, draft: Draft) -> None:
        organization = draft.organization.key if draft.organization else ""
        self.add(pk, draft.phones, draft.emails, fold(draft.last_name), fold(draft.first_name),
                 fold(draft.patronymic), organization)  # fmt: skip

    def settle(self, placeholder: int, pk: int) -> None:
        self.settled[placeholder] = pk

    def real(self, pk: int) -> int:
        return self.settled.get(pk, pk)

    def match(self, draft: Draft) -> int | None:
        for phone in draft.phones:
            if phone in self.by_phone:
                return self.real(self.by_phone[phone])
        for email in draft.emails:
            if email in self.by_email:
                return self.real(self.by_email[email])
        if draft.organization is not None:
            found = self.by_name.get((draft.full_name_key, draft.organization.key))
            return None if found is None else self.real(found)
        return None

    def near(self, draft: Draft) -> list[int]:
        """Clients who may be the same person spelled differently (Иванов Сергей / Иванов Сергэй, with or without
        the patronymic): for review only. The parts are compared each on its own — a whole-name comparison found
        Иванов Сергей Николаевич like Иванов Юрий Николаевич — and two patronymics must agree too."""
        last, first, patronymic = fold(draft.last_name), fold(draft.first_name), fold(draft.patronymic)
        candidates = self.by_last.get(last or first, [])[-NEAR_CANDIDATES:]
        found = []
        for pk, other_last, other_first, other_patronymic in candidates:
            if (
                _similar(last, other_last)
                and _similar(first, other_first)
                and (not patronymic or not other_patronymic or _similar(patronymic, other_patronymic))
            ):
                found.append(self.real(pk))
        return found[:NEAR_LISTED]


def _similar(one: str, other: str) -> bool:
    if one == other:
        return True
    matcher = SequenceMatcher(None, one, other)
    return matcher.quick_ratio() >= NEAR_RATIO and matcher.ratio() >= NEAR_RATIO
