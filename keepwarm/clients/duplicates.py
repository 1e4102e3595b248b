"""Likely duplicate clients among those a user sees (OWN-1), within one team: the same phone (stored in E.164, so
every format of a number matches), the same e-mail, the same name in the same organization, or a similar name in
the same organization. The exact keys are grouped by the database; only the groups come back to Python.

A name is a person's last, first and patronymic name: two people whose patronymics differ are not one person (a
father and his son share the other two), and a similar name is similar in the last and in the first name each,
not as one string (Иванов Сергей Николаевич and Иванов Юрий Николаевич are two people)."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations, groupby

from django.db import connections
from django.db.models import Count, QuerySet, TextChoices
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts.models import User
from keepwarm.clients.access import clients_visible_to
from keepwarm.clients.contacts import fold
from keepwarm.clients.models import Client

LISTED = 200  # pairs a page or an API answer shows
GROUP_AT_MOST = 50  # clients of one shared key (a switchboard number) that are paired
SIMILAR = 0.85  # difflib ratio of two folded last names, and of two first names, in one organization
COMPARED_AT_MOST = 300  # people of one organization compared name by name


class DuplicateReason(TextChoices):
    PHONE = "phone", _("Same phone")
    EMAIL = "email", _("Same e-mail")
    NAME_ORGANIZATION = "name_organization", _("Same name in the same organization")
    SIMILAR_NAME = "similar_name", _("Similar name in the same organization")


@dataclass
class DuplicatePair:
    first: Client
    second: Client
    reasons: list[str] = field(default_factory=list)

    @property
    def reasons_text(self) -> str:
        """ "Same phone, same e-mail": one sentence, capitalised once."""
        labels = [str(DuplicateReason(reason).label) for reason in self.reasons]
        return ", ".join([labels[0], *(label[:1].lower() + label[1:] for label in labels[1:])]) if labels else ""


# Per database: how each client's list of phones or e-mails becomes one row per value.
EXPAND = {
    "sqlite": ", json_each(c.{column}) j",
    "postgresql": " CROSS JOIN LATERAL jsonb_array_elements_text(c.{column}) AS j(value)",
}
# reason: (the column expanded to one row per value, the key, a filter, what tells two people of one key apart)
KEYS = {
    DuplicateReason.PHONE: ("phones", "j.value", "", "''"),
    DuplicateReason.EMAIL: ("emails", "lower(j.value)", "", "''"),
    DuplicateReason.NAME_ORGANIZATION: (
        "",
        "CAST(c.organization_id AS TEXT) || '|' || lower(c.last_name) || '|' || lower(c.first_name)",
        " AND c.organization_id IS NOT NULL",
        "lower(c.patronymic)",
    ),
}
GROUPED = """
WITH keyed AS (
    SELECT {key} AS k, u.team_id AS t, c.id AS id, {apart} AS p
    FROM {clients} c JOIN {users} u ON u.id = c.owner_id{expand}
    WHERE c.id IN ({visible}){extra}
)
SELECT keyed.k, keyed.t, keyed.id, keyed.p FROM keyed
JOIN (SELECT k, t FROM keyed GROUP BY k, t HAVING COUNT(DISTINCT id) > 1) shared
    ON shared.k = keyed.k AND shared.t = keyed.t
ORDER BY keyed.k, keyed.t, keyed.id
"""


def _patronymics_agree(first: str, second: str) -> bool:
    """One person's patronymic may be missing from one record; two that are written and differ are two people."""
    return not first or not second or fold(first) == fold(second)


def _shared_key_pairs(visible: QuerySet[Client], reason: str) -> Iterator[tuple[int, int]]:
    """(smaller id, larger id) of clients sharing a key: each client of a group with the group's first client it
    may be (the same patronymic, or one missing)."""
    column, key, extra, apart = KEYS[DuplicateReason(reason)]
    vendor = connections[visible.db].vendor
    expand = EXPAND[vendor].format(column=column) if column else ""
    visible_sql, params = visible.values("pk").query.sql_with_params()
    sql = GROUPED.format(
        key=key,
        clients=Client._meta.db_table,
        users=User._meta.db_table,
        expand=expand,
        visible=visible_sql,
        extra=extra,
        apart=apart,
    )
    with connections[visible.db].cursor() as cursor:
        cursor.execute(sql, params)
        for _key, rows in groupby(cursor.fetchall(), key=lambda row: (row[0], row[1])):
            people = sorted({row[2]: row[3] or "" for row in rows}.items())[:GROUP_AT_MOST]
            for index, (other, patronymic) in enumerate(people[1:], start=1):
                same = next((first for first, known in people[:index] if _patronymics_agree(known, patronymic)), None)
                if same is not None:
                    yield same, other


def _similar(first: str, second: str) -> bool:
    matcher = difflib.SequenceMatcher(None, first, second)  # the cheap upper bounds first
    return matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR


def similar_names(first: tuple[str, str, str], second: tuple[str, str, str]) -> bool:
    """Two folded (last, first, patronymic) names that may be one person's spelt twice (a typo, a transliteration),
    and are not the same name."""
    if first[:2] == second[:2] or not _patronymics_agree(first[2], second[2]):
        return False
    return all(mine == theirs or _similar(mine, theirs) for mine, theirs in zip(first[:2], second[:2], strict=True))


def _similar_name_pairs(visible: QuerySet[Client]) -> Iterator[tuple[int, int]]:
    """Near matches (a typo, a transliteration) among the people of one organization, never across the team."""
    crowded = visible.filter(organization__isnull=False).values("organization_id").annotate(n=Count("pk"))
    people = (
        visible.filter(organization_id__in=crowded.filter(n__gt=1).values("organization_id"))
        .order_by("organization_id", "id")
        .values_list("organization_id", "id", "last_name", "first_name", "patronymic")
    )
    for _organization, rows in groupby(people.iterator(chunk_size=2000), key=lambda row: row[0]):
        # A typo rarely hits a name's first letter: comparing only names that start alike cuts the pairs by the
        # number of initials (the folded names have no diacritics, so Şarban and Sarban start alike).
        by_initial: dict[str, list[tuple[int, tuple[str, str, str]]]] = defaultdict(list)
        for row in list(rows)[:COMPARED_AT_MOST]:
            name = (fold(row[2]), fold(row[3]), fold(row[4]))
            by_initial[name[0][:1]].append((row[1], name))
        for named in by_initial.values():
            for (first, first_name), (second, second_name) in combinations(named, 2):
                if similar_names(first_name, second_name):
                    yield first, second


def duplicate_pairs(*, user: User, limit: int = LISTED) -> list[DuplicatePair]:
    """The likeliest pairs first (most reasons), then by id; both clients visible to the user (OWN-1)."""
    visible = clients_visible_to(user)
    reasons: dict[tuple[int, int], list[str]] = defaultdict(list)
    for reason in KEYS:
        for pair in _shared_key_pairs(visible, reason):
            reasons[pair].append(reason)
    for pair in _similar_name_pairs(visible):
        reasons[pair].append(DuplicateReason.SIMILAR_NAME)
    chosen = sorted(reasons, key=lambda pair: (-len(reasons[pair]), pair))[:limit]
    ids = {client_id for pair in chosen for client_id in pair}
    clients = visible.select_related("organization", "owner").in_bulk(ids)
    return [
        DuplicatePair(first=clients[first], second=clients[second], reasons=[str(r) for r in reasons[(first, second)]])
        for first, second in chosen
        if first in clients and second in clients
    ]
