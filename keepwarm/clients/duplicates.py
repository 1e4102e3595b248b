"""Likely duplicate clients among those a user sees (OWN-1), within one team: the same phone (stored in E.164, so
every format of a number matches), the same e-mail, the same name in the same organization, or a similar name in
the same organization. The exact keys are grouped by the database; only the groups come back to Python."""

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
SIMILAR = 0.85  # difflib ratio of two folded full names in one organization
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
    def reason_labels(self) -> list[str]:
        return [str(DuplicateReason(reason).label) for reason in self.reasons]


# Per database: how each client's list of phones or e-mails becomes one row per value.
EXPAND = {
    "sqlite": ", json_each(c.{column}) j",
    "postgresql": " CROSS JOIN LATERAL jsonb_array_elements_text(c.{column}) AS j(value)",
}
KEYS = {
    DuplicateReason.PHONE: ("phones", "j.value", ""),
    DuplicateReason.EMAIL: ("emails", "lower(j.value)", ""),
    DuplicateReason.NAME_ORGANIZATION: (
        "",
        "CAST(c.organization_id AS TEXT) || '|' || lower(c.last_name) || '|' || lower(c.first_name)",
        " AND c.organization_id IS NOT NULL",
    ),
}
GROUPED = """
WITH keyed AS (
    SELECT {key} AS k, u.team_id AS t, c.id AS id
    FROM {clients} c JOIN {users} u ON u.id = c.owner_id{expand}
    WHERE c.id IN ({visible}){extra}
)
SELECT keyed.k, keyed.t, keyed.id FROM keyed
JOIN (SELECT k, t FROM keyed GROUP BY k, t HAVING COUNT(DISTINCT id) > 1) shared
    ON shared.k = keyed.k AND shared.t = keyed.t
ORDER BY keyed.k, keyed.t, keyed.id
"""


def _shared_key_pairs(visible: QuerySet[Client], reason: str) -> Iterator[tuple[int, int]]:
    """(smaller id, larger id) of clients sharing a key: each client of a group with the group's first."""
    column, key, extra = KEYS[DuplicateReason(reason)]
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
    )
    with connections[visible.db].cursor() as cursor:
        cursor.execute(sql, params)
        for _key, rows in groupby(cursor.fetchall(), key=lambda row: (row[0], row[1])):
            ids = sorted({row[2] for row in rows})[:GROUP_AT_MOST]
            yield from ((ids[0], other) for other in ids[1:])


def _similar(first: str, second: str) -> bool:
    matcher = difflib.SequenceMatcher(None, first, second)  # the cheap upper bounds first
    return matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR


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
        by_initial: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for row in list(rows)[:COMPARED_AT_MOST]:
            name = fold(" ".join(filter(None, row[2:])))
            by_initial[name[:1]].append((row[1], name))
        for named in by_initial.values():
            for (first, first_name), (second, second_name) in combinations(named, 2):
                if first_name != second_name and _similar(first_name, second_name):  # equal: the exact key
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
