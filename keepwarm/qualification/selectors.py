"""Reads for the scorecard (QUAL-1..4): the indicators grouped by stage, with marks, reasons and the verdict."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.clients.models import Client
from keepwarm.core.l10n import number_text
from keepwarm.core.statements import Statement
from keepwarm.qualification import services
from keepwarm.qualification.indicators import DEAL_STAGES, INDICATORS, DealStage, Indicator, Stage
from keepwarm.qualification.models import ClientQualification, IndicatorMark
from keepwarm.qualification.scoring import Verdict

_WHY = {
    "1": lambda r: _("%(value)s employees; the profile wants %(low)s–%(high)s.") % r,
    "2": lambda r: _("Revenue %(value)s; the profile wants %(low)s–%(high)s.") % r,
    "3": lambda r: _("Vertical “%(value)s” is not among the target verticals.") % r,
    "4": lambda r: _("Vertical “%(value)s” works by other schemes.") % r,
    "5": lambda r: _("Territory “%(value)s” is outside our sales territories.") % r,
    "6": lambda r: _("Country %(value)s, %(hours)s h from the team's time zone.") % r,
    "19": lambda r: _("%(value)s meetings cancelled or moved in %(days)s days.") % r,
    "21": lambda r: _("“%(value)s” sent %(times)s times.") % r,
}


# The parameters that are numbers, shown with the reader's decimal mark (LANG-1).
_NUMBERS = {"1": ("value", "low", "high"), "2": ("value", "low", "high"), "6": ("hours",), "19": ("value", "days")}


def describe(number: int, reasons: dict[str, dict[str, str]]) -> str:
    """Why a computed indicator is on, in the reader's language (stored as data, not text)."""
    key = str(number)
    if key not in _WHY or key not in reasons:
        return ""
    params = dict(reasons[key])
    for name in _NUMBERS.get(key, ()):
        if params.get(name):
            params[name] = number_text(params[name])
    return _WHY[key](params)


@dataclass(frozen=True)
class Row:
    item: Indicator
    on: bool
    computed: bool
    mark: IndicatorMark | None
    why: str


@dataclass(frozen=True)
class StageGroup:
    stage: Stage
    deal_stages: tuple[DealStage, ...]
    rows: list[Row]


@dataclass(frozen=True)
class Scorecard:
    client: Client
    qualification: ClientQualification
    stages: list[StageGroup]
    drivers: list[Indicator]

    @property
    def can_confirm(self) -> bool:
        q = self.qualification
        return q.verdict == Verdict.DISQUALIFY_SUGGESTED and not q.is_disqualified


# The scorecard part's reads, built once (core.statements).
_QUALIFICATION = Statement(lambda client: ClientQualification.objects.filter(client_id=client), client=int)
_STAMPS = Statement(
    lambda client: Client.objects.filter(pk=client).values(
        "last_touch_at", "organization__updated_at", "owner__team__profile__updated_at"
    ),
    client=int,
)
_MARKS = Statement(lambda client: IndicatorMark.objects.filter(client_id=client, unmarked_at__isnull=True), client=int)


def _stale(row: ClientQualification) -> bool:
    """Organizations, touches and the profile are written elsewhere; rescoring on read keeps the card true.
    Read from the database, not the caller's instance, which may predate the change."""
    stamps = (_STAMPS.first(client=row.client_id) or {}).values()
    scored_on = timezone.localtime(row.computed_at).date()  # indicator 19 counts the last 90 days: rescore daily
    return scored_on < timezone.localdate() or any(t and t > row.computed_at for t in stamps)


def scorecard_for(client: Client) -> Scorecard:
    """The client must come from client_for_user (OWN-1). A fixed number of queries."""
    row = _QUALIFICATION.first(client=client.pk) or services.qualification_of(client)
    if _stale(row):
        services.scorecards_recompute(clients=[client])
        row = ClientQualification.objects.get(client=client)
    marks = {m.number: m for m in _MARKS.rows(client=client.pk)}
    on, computed = set(row.indicators), set(row.computed)
    stages = [
        StageGroup(
            stage,
            DEAL_STAGES[stage],
            [
                Row(
                    item,
                    item.number in on,
                    item.number in computed,
                    marks.get(item.number),
                    describe(item.number, row.reasons),
                )
                for item in INDICATORS
                if item.stage == stage
            ],
        )
        for stage in Stage
    ]
    return Scorecard(client, row, stages, [INDICATORS[n - 1] for n in row.drivers])
