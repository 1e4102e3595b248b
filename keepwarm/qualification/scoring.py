"""Computed indicators (QUAL-2, QUAL-3) and the weighted verdict (QUAL-4), on plain data.

An ICP change rescores a whole team, so the per-client path allocates little and loops only over the client's facts.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from keepwarm.qualification.indicators import INDICATORS, Stage, indicator
from keepwarm.touches.choices import Outcome

# QUAL-4: "almost everyone shows at least one indicator", so a single one never disqualifies, whatever
# weights a team sets. A rule, not a default, hence not a setting.
MIN_INDICATORS_TO_DISQUALIFY = 2

_STAGES = tuple(Stage)  # iterating an enum class per call would cost more than the scoring itself
_Quantity = TypeVar("_Quantity", int, Decimal)
_MEETING_CHANGES = frozenset({Outcome.MEETING_CANCELLED, Outcome.MEETING_MOVED})
_STAGE_WEIGHTS = {
    Stage.IDENTIFICATION: 1.0,  # the profile is a hint; many good clients sit just outside it
    Stage.CONTACT: 1.5,
    Stage.RESEARCH: 2.0,  # what the client does while we study them weighs most
    Stage.RECOMMENDATIONS: 1.5,
}
DEFAULT_WEIGHTS: Mapping[int, float] = MappingProxyType(
    {item.number: _STAGE_WEIGHTS[item.stage] for item in INDICATORS}
)


def _key(text: str) -> str:
    """Verticals and territories are typed by hand; compare them the way a manager reads them."""
    return text.strip().casefold()


class Verdict(models.TextChoices):
    """QUAL-4: a suggestion only; the manager confirms a disqualification."""

    FIT = "fit", _("Fit")
    WATCH = "watch", _("Watch")
    DISQUALIFY_SUGGESTED = "disqualify_suggested", _("Disqualification suggested")


@dataclass(frozen=True)
class IdealCustomerProfile:
    """QUAL-2: a team's ideal customer. Empty sets and None bounds leave that side unchecked."""

    employees_min: int | None = None
    employees_max: int | None = None
    revenue_min: Decimal | None = None
    revenue_max: Decimal | None = None
    target_verticals: frozenset[str] = frozenset()
    # Indicator 4: verticals that look like ours but buy by other schemes (tenders, dealers, barter...).
    other_scheme_verticals: frozenset[str] = frozenset()
    territories: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()  # ISO 3166 alpha-2
    max_tz_offset_hours: float | None = None
    team_utc_offset_hours: float = 0.0

    def __post_init__(self) -> None:
        for low, high in ((self.employees_min, self.employees_max), (self.revenue_min, self.revenue_max)):
            if low is not None and high is not None and low > high:
                raise ValueError("QUAL-2: a range's minimum is above its maximum")
        # Normalised once here so that scoring thousands of organizations does not redo it.
        object.__setattr__(self, "target_verticals", frozenset(map(_key, self.target_verticals)))
        object.__setattr__(self, "other_scheme_verticals", frozenset(map(_key, self.other_scheme_verticals)))
        object.__setattr__(self, "territories", frozenset(map(_key, self.territories)))
        object.__setattr__(self, "countries", frozenset(c.upper() for c in self.countries))


@dataclass(frozen=True)
class OrganizationFacts:
    """What QUAL-2 reads of an organization; None or "" means unknown. Revenue is in the ICP's currency."""

    employees: int | None = None
    annual_revenue: Decimal | None = None
    vertical: str = ""
    territory: str = ""
    country: str = ""
    utc_offset_hours: float | None = None  # at the time of scoring (DST included)


def _outside(value: _Quantity | None, low: _Quantity | None, high: _Quantity | None) -> bool:
    if value is None:
        return False
    return (low is not None and value < low) or (high is not None and value > high)


def _hours_apart(a: float, b: float) -> float:
    """Around the clock: UTC+12 and UTC-11 are one hour apart for working together, not 23."""
    apart = abs(a - b) % 24
    return min(apart, 24 - apart)


def profile_indicators(org: OrganizationFacts, icp: IdealCustomerProfile) -> frozenset[int]:
    """QUAL-2: indicators 1–6. Unknown data never raises an indicator: we do not disqualify on a blank."""
    found: list[int] = []
    if _outside(org.employees, icp.employees_min, icp.employees_max):
        found.append(1)
    if _outside(org.annual_revenue, icp.revenue_min, icp.revenue_max):
        found.append(2)
    vertical = _key(org.vertical)
    if vertical and icp.target_verticals and vertical not in icp.target_verticals:
        found.append(3)
    if vertical in icp.other_scheme_verticals:
        found.append(4)
    territory = _key(org.territory)
    if territory and icp.territories and territory not in icp.territories:
        found.append(5)
    country_off = bool(org.country and icp.countries and org.country.upper() not in icp.countries)
    tz_off = (
        org.utc_offset_hours is not None
        and icp.max_tz_offset_hours is not None
        and _hours_apart(org.utc_offset_hours, icp.team_utc_offset_hours) > icp.max_tz_offset_hours
    )
    if country_off or tz_off:
        found.append(6)
    return frozenset(found)


@dataclass(frozen=True)
class ScoringSettings:
    """A team's QUAL settings. `weights` may be partial: unnamed indicators keep their default weight."""

    weights: Mapping[int, float] = field(default_factory=dict)
    # With the defaults a single indicator (at most 2.0) stays FIT, two usually WATCH, and it takes three
    # research-stage indicators, or four or more mixed ones, to suggest disqualifying.
    watch_threshold: float = 2.5
    disqualify_threshold: float = 6.0
    meeting_window_days: int = 90  # QUAL-3, indicator 19
    meeting_changes: int = 2  # QUAL-3, indicator 19
    material_max_sends: int = 3  # QUAL-3, indicator 21: "more than three times"
    _by_number: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for number, weight in self.weights.items():
            indicator(number)  # refuses a number QUAL-1 does not know
            if not (math.isfinite(weight) and weight >= 0):
                raise ValueError("QUAL-4: a weight is a finite number >= 0")
        watch, disqualify = self.watch_threshold, self.disqualify_threshold
        if not (math.isfinite(disqualify) and 0 < watch <= disqualify):
            raise ValueError("QUAL-4: thresholds must satisfy 0 < watch <= disqualify, finite")
        merged = {**DEFAULT_WEIGHTS, **self.weights}
        object.__setattr__(self, "weights", MappingProxyType(merged))
        # Indexed by indicator number (slot 0 unused): the hot path in score() does no hashing.
        object.__setattr__(self, "_by_number", (0.0, *(merged[n] for n in range(1, len(INDICATORS) + 1))))


def touch_indicators(
    meeting_events: Sequence[tuple[date, str]],
    materials_sent: Sequence[str],
    today: date,
    settings: ScoringSettings,
) -> frozenset[int]:
    """QUAL-3: indicator 19 from meetings cancelled or moved in the window; 21 from repeated materials.

    `meeting_events` are (date, touch outcome); `materials_sent` has one material key per sending.
    "More than three times" means a fourth sending of the same material raises 21.
    """
    found: list[int] = []
    since = today - timedelta(days=settings.meeting_window_days)
    changes = sum(1 for day, outcome in meeting_events if since < day <= today and outcome in _MEETING_CHANGES)
    if changes >= settings.meeting_changes:
        found.append(19)
    sends = Counter(material for material in materials_sent if material)
    if sends and max(sends.values()) > settings.material_max_sends:
        found.append(21)
    return frozenset(found)


@dataclass(frozen=True)
class Score:
    verdict: Verdict
    total: float
    drivers: tuple[int, ...]  # the indicators, heaviest first, so the card explains the verdict
    stage_counts: Mapping[Stage, int]


def score(indicators: Collection[int], settings: ScoringSettings) -> Score:
    """QUAL-4: the weighted verdict; a single indicator can never suggest disqualifying."""
    unique = set(indicators)
    weights = settings._by_number
    stage_counts = dict.fromkeys(_STAGES, 0)
    total = 0.0
    for number in unique:
        stage_counts[indicator(number).stage] += 1
        total += weights[number]
    if total >= settings.disqualify_threshold and len(unique) >= MIN_INDICATORS_TO_DISQUALIFY:
        verdict = Verdict.DISQUALIFY_SUGGESTED
    elif total >= settings.watch_threshold:
        verdict = Verdict.WATCH
    else:
        verdict = Verdict.FIT
    drivers = tuple(sorted(unique, key=lambda number: (-weights[number], number)))
    return Score(verdict, total, drivers, stage_counts)
