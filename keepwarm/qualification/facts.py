"""Build the scorecard's plain data from models: the only place the ORM meets qualification.scoring."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q

from keepwarm.accounts.models import Team
from keepwarm.clients.contacts import country_time_zone
from keepwarm.clients.models import Organization
from keepwarm.qualification import scoring
from keepwarm.qualification.models import IdealCustomerProfile
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
    """Meeting changes (indicator 19) and materials sent (21) for many clients, in one query."""

    def __init__(self, client_ids: Iterable[int], today: dt.date) -> None:
        since = today - dt.timedelta(days=SETTINGS.meeting_window_days)
        self.meetings: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
        self.materials: dict[int, list[str]] = defaultdict(list)
        rows = Touch.objects.filter(client_id__in=list(client_ids)).filter(
            Q(outcome__in=MEETING_CHANGES, happened_at__date__gt=since) | ~Q(material="")
        )
        for client_id, happened_at, outcome, material in rows.values_list(
            "client_id", "happened_at", "outcome", "material"
        ):
            if outcome in MEETING_CHANGES:
                self.meetings[client_id].append((happened_at.date(), outcome))
            if material.strip():
                self.materials[client_id].append(material.strip().casefold())

    def reasons(self, client_id: int, today: dt.date) -> dict[str, dict[str, str]]:
        since = today - dt.timedelta(days=SETTINGS.meeting_window_days)
        changes = sum(1 for day, _ in self.meetings[client_id] if since < day <= today)
        sends = sorted(self.materials[client_id])
        most = max(set(sends), key=sends.count, default="")
        return {
            "19": {"value": str(changes), "days": str(SETTINGS.meeting_window_days)},
            "21": {"value": most, "times": str(sends.count(most))},
        }
