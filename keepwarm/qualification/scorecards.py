"""Scorecards from the database (QUAL-2..4): the team's profile, the organization and the touches read as
qualification.scoring's plain data, scored, and serialized as ClientQualification stores them."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone

from keepwarm.accounts.models import Team
from keepwarm.clients.contacts import country_time_zone
from keepwarm.clients.models import Client, Organization
from keepwarm.qualification import scoring
from keepwarm.qualification.models import IdealCustomerProfile, IndicatorMark
from keepwarm.touches.choices import Outcome
from keepwarm.touches.models import Touch

SETTINGS = scoring.ScoringSettings()
MEETING_CHANGES = (Outcome.MEETING_CANCELLED, Outcome.MEETING_MOVED)


def utc_offset_hours(zone: str, at: dt.datetime) -> float | None:
    if not zone:
        return None
    offset = at.astimezone(ZoneInfo(zone)).utcoffset()
    return offset.total_seconds() / 3600 if offset is not None else None


def profile_row(team: Team) -> IdealCustomerProfile:
    row, _ = IdealCustomerProfile.objects.get_or_create(team=team)
    return row


def profile(row: IdealCustomerProfile | None, team: Team | None, now: dt.datetime) -> scoring.IdealCustomerProfile:
    """A missing row (or a user without a team) checks nothing: no indicator 1–6 is raised."""
    team_offset = utc_offset_hours(team.time_zone, now) if team is not None else None
    if row is None:
        return scoring.IdealCustomerProfile(team_utc_offset_hours=team_offset or 0.0)
    tz_hours = row.max_tz_offset_hours
    return scoring.IdealCustomerProfile(
        employees_min=row.employees_min,
        employees_max=row.employees_max,
        revenue_min=row.revenue_min,
        revenue_max=row.revenue_max,
        target_verticals=frozenset(row.target_verticals),
        other_scheme_verticals=frozenset(row.other_scheme_verticals),
        territories=frozenset(row.territories),
        countries=frozenset(row.countries),
        max_tz_offset_hours=float(tz_hours) if tz_hours is not None else None,
        team_utc_offset_hours=team_offset or 0.0,
    )


# The organization columns QUAL-2 reads, in organization_facts' argument order (bulk callers load just these).
ORGANIZATION_COLUMNS = ("employees", "annual_revenue", "vertical", "territory", "country", "time_zone")


def organization_facts(org: Organization | None, now: dt.datetime) -> scoring.OrganizationFacts:
    if org is None:
        return scoring.OrganizationFacts()
    return organization_facts_of(*(getattr(org, name) for name in ORGANIZATION_COLUMNS), now=now)


def organization_facts_of(
    employees: int | None,
    annual_revenue: Decimal | None,
    vertical: str,
    territory: str,
    country: str,
    time_zone: str,
    *,
    now: dt.datetime,
) -> scoring.OrganizationFacts:
    zone = time_zone or (country_time_zone(country) if country else "")
    return scoring.OrganizationFacts(
        employees=employees,
        annual_revenue=annual_revenue,
        vertical=vertical,
        territory=territory,
        country=country,
        utc_offset_hours=utc_offset_hours(zone, now),
    )


def profile_reasons(org: scoring.OrganizationFacts, icp: scoring.IdealCustomerProfile) -> dict[str, dict[str, str]]:
    """What the card shows beside a computed indicator 1–6 (rendered by selectors.describe)."""

    def bound(value: object) -> str:
        return "" if value is None else str(value)

    offset = org.utc_offset_hours
    return {
        "1": {"value": bound(org.employees), "low": bound(icp.employees_min), "high": bound(icp.employees_max)},
        "2": {"value": bound(org.annual_revenue), "low": bound(icp.revenue_min), "high": bound(icp.revenue_max)},
        "3": {"value": org.vertical},
        "4": {"value": org.vertical},
        "5": {"value": org.territory},
        "6": {"value": org.country, "hours": bound(None if offset is None else offset - icp.team_utc_offset_hours)},
    }


class TouchHistory:
    """Meeting changes (indicator 19) and materials sent (21) for many clients, in one query.

    Only clients with such touches get an entry: most have none and need no touch work at all.
    """

    def __init__(self, clients: QuerySet[Client], today: dt.date) -> None:
        self.today = today
        self.since = today - dt.timedelta(days=SETTINGS.meeting_window_days)
        self.meetings: dict[int, list[tuple[dt.date, str]]] = {}
        self.materials: dict[int, list[str]] = {}
        rows = Touch.objects.filter(client__in=clients).filter(
            Q(outcome__in=MEETING_CHANGES, happened_at__date__gt=self.since) | ~Q(material="")
        )
        for client_id, happened_at, outcome, material in rows.values_list(
            "client_id", "happened_at", "outcome", "material"
        ):
            if outcome in MEETING_CHANGES:
                self.meetings.setdefault(client_id, []).append((happened_at.date(), outcome))
            if material.strip():
                self.materials.setdefault(client_id, []).append(material.strip().casefold())

    def indicators(self, client_id: int) -> frozenset[int]:
        if client_id not in self.meetings and client_id not in self.materials:
            return frozenset()
        meetings, materials = self.meetings.get(client_id, []), self.materials.get(client_id, [])
        return scoring.touch_indicators(meetings, materials, self.today, SETTINGS)

    def reasons(self, client_id: int) -> dict[str, dict[str, str]]:
        changes = sum(1 for day, _ in self.meetings.get(client_id, []) if self.since < day <= self.today)
        sends = Counter(self.materials.get(client_id, []))
        # The most sent material; a tie goes to the first alphabetically, so the card reads the same every time.
        most = min(sends, key=lambda material: (-sends[material], material), default="")
        return {
            "19": {"value": str(changes), "days": str(SETTINGS.meeting_window_days)},
            "21": {"value": most, "times": str(sends[most])},
        }


@dataclass(frozen=True, eq=False)  # identity is enough: clients share their organization's scorecard object
class StoredScorecard:
    """A scorecard as ClientQualification stores it, its JSON columns already serialized."""

    indicators: str
    computed: str
    reasons: str
    total: float
    verdict: str
    drivers: str


def stored_scorecard(
    computed: frozenset[int], reasons: dict[str, dict[str, str]], marked: Collection[int]
) -> StoredScorecard:
    """QUAL-4 on the computed and marked indicators; `reasons` explain the computed ones."""
    on = computed.union(marked)
    result = scoring.score(on, SETTINGS)
    return StoredScorecard(
        indicators=_json_numbers(tuple(sorted(on))),
        computed=_json_numbers(tuple(sorted(computed))),
        reasons=json.dumps({key: reasons[key] for key in map(str, sorted(computed)) if key in reasons}),
        total=result.total,
        verdict=result.verdict.value,
        drivers=_json_numbers(result.drivers),
    )


@functools.cache
def _json_numbers(numbers: tuple[int, ...]) -> str:
    """A few distinct indicator lists recur across thousands of scorecards: each is dumped once."""
    return json.dumps(numbers)


@dataclass(frozen=True)
class _Identification:
    """Indicators 1–6 and their reasons: the same for everyone in an organization under one profile."""

    computed: frozenset[int]
    reasons: dict[str, dict[str, str]]
    alone: StoredScorecard  # the whole scorecard of someone with no marks and no touch indicators


class Scorecards:
    """Stored scorecards for many clients, batch by batch. Each profile and organization is read once per call
    and indicators 1–6 scored once per organization and profile: per client, that work was most of the cost."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.today = timezone.localdate(now)
        self._profiles: dict[int | None, scoring.IdealCustomerProfile] = {None: profile(None, None, now)}
        self._organizations: dict[int | None, scoring.OrganizationFacts] = {None: scoring.OrganizationFacts()}
        self._identification: dict[tuple[int | None, int | None], _Identification] = {}

    def of(self, clients: QuerySet[Client]) -> list[tuple[int, StoredScorecard]]:
        """`clients` is one batch; marks and touches are read through it as a subquery, not a list of ids.
        In id order, so that concurrent rescorings lock rows in the same order."""
        batch = list(clients.order_by("pk").distinct().values_list("pk", "owner__team_id", "organization_id"))
        self._read_profiles({team_id for _, team_id, _ in batch} - self._profiles.keys())
        self._read_organizations({organization_id for _, _, organization_id in batch} - self._organizations.keys())
        marked: dict[int, set[int]] = {}
        marks = IndicatorMark.objects.filter(client__in=clients, unmarked_at__isnull=True)
        for client_id, number in marks.values_list("client_id", "number"):
            marked.setdefault(client_id, set()).add(number)
        history = TouchHistory(clients, self.today)
        found = []
        for client_id, team_id, organization_id in batch:
            known = self._identification.get((team_id, organization_id)) or self._identify(team_id, organization_id)
            touched = history.indicators(client_id)
            if touched or client_id in marked:
                reasons = {**known.reasons, **history.reasons(client_id)}
                found.append(
                    (client_id, stored_scorecard(known.computed | touched, reasons, marked.get(client_id, ())))
                )
            else:
                found.append((client_id, known.alone))
        return found

    def of_new(self, team_id: int, clients: list[tuple[int, int | None]]) -> list[tuple[int, StoredScorecard]]:
        """Clients just created, as (id, organization id), without marks or a meeting change or a material sent:
        their organization's scorecard under the team's profile, without reading them back (an import's batch)."""
        self._read_profiles({team_id} - self._profiles.keys())
        self._read_organizations({pk for _, pk in clients if pk is not None} - self._organizations.keys())
        found = []
        for client_id, organization_id in clients:
            known = self._identification.get((team_id, organization_id)) or self._identify(team_id, organization_id)
            found.append((client_id, known.alone))
        return found

    def _identify(self, team_id: int | None, organization_id: int | None) -> _Identification:
        icp, org = self._profiles[team_id], self._organizations[organization_id]
        computed, reasons = scoring.profile_indicators(org, icp), profile_reasons(org, icp)
        found = _Identification(computed, reasons, stored_scorecard(computed, reasons, ()))
        self._identification[team_id, organization_id] = found
        return found

    def _read_profiles(self, team_ids: set[int]) -> None:
        if team_ids:
            for team in Team.objects.filter(pk__in=team_ids).select_related("profile"):
                # A team without a profile row raises on .profile (an AttributeError), hence getattr's default.
                self._profiles[team.pk] = profile(getattr(team, "profile", None), team, self.now)

    def _read_organizations(self, organization_ids: set[int]) -> None:
        if organization_ids:
            rows = Organization.objects.filter(pk__in=organization_ids).values_list("pk", *ORGANIZATION_COLUMNS)
            for organization_id, *values in rows:
                self._organizations[organization_id] = organization_facts_of(*values, now=self.now)
