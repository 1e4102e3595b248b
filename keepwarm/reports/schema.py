"""What GET /api/reports/<name>/ answers, report by report, as OpenAPI components: the report modules compute
plain dicts (fast, and shared with the pages and downloads), so their shapes are written down here once, for the
schema only; tests/reports/test_report_schema.py checks every report's real answer against them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import PolymorphicProxySerializer, inline_serializer
from rest_framework import serializers as s

CODE = "A stored code (its label is shown in the reader's language on the report page)."


def _count(help_text: str | None = None) -> s.IntegerField:
    return s.IntegerField(help_text=help_text)


def _share(help_text: str) -> s.FloatField:
    return s.FloatField(allow_null=True, help_text=help_text)


def _object(component: str, /, **fields: Any) -> Any:
    return inline_serializer(name=component, fields=fields)


def _rows(component: str, /, **fields: Any) -> Any:
    return inline_serializer(name=component, fields=fields, many=True)


def _by(component: str, key: str, field: s.Field) -> Any:
    """Counts by one value: [{<key>: value, "count": n}], most first."""
    return _rows(component, **{key: field, "count": _count()})


def _day_counts(component: str) -> Any:
    return _rows(component, day=s.DateField(), count=_count())


FLOWS = _object(
    "FlowsNumbers",
    future_to_now=_count("CAT-6: FUTURE → NOW changes."),
    now_to_future=_count("CAT-6: NOW → FUTURE changes."),
    to_never=_count("CAT-6: changes to NEVER."),
    days_to_now_median=_share("Median days from entry to NOW of those who became NOW (null: none)."),
    days_from_refusal_median=_share("Median days from their last refusal to NOW (null: none refused before)."),
    days_to_now=_rows("FlowsDaysToNow", days=s.CharField(help_text='A range of days, e.g. "31-90".'), clients=_count()),
    cohorts=_rows(
        "FlowsCohort",
        month=s.CharField(help_text="YYYY-MM"),
        clients=_count("New clients that month."),
        now_by_day_30=_count(),
        now_by_day_91=_count(),
        now_by_day_182=_count(),
        now_by_day_365=_count(),
    ),
)
REFUSALS = _object(
    "RefusalsNumbers",
    refusals=_count("CAT-3 refusals."),
    by_reason=_by("RefusalsByReason", "reason", s.CharField(help_text=CODE)),
    by_manager=_rows("RefusalsByManager", manager=s.IntegerField(), reason=s.CharField(help_text=CODE), count=_count()),
    by_product=_rows(
        "RefusalsByProduct",
        product=s.IntegerField(allow_null=True, help_text="The offered product's id."),
        reason=s.CharField(help_text=CODE),
        count=_count(),
    ),
    refusers=_count("Clients who refused."),
    refusers_later_bought=_count("Of them, clients who bought on or after the refusal."),
    competitors=_by("RefusalsByCompetitor", "competitor", s.CharField()),
    advice=_rows(
        "RefusalsAdvice",
        client_id=s.IntegerField(),
        competitor=s.CharField(),
        competitor_advice=s.CharField(),
        happened_at=s.DateTimeField(),
    ),
)
_SIX_MANAGERS = _rows(
    "SixByManager",
    manager=s.IntegerField(),
    target=s.IntegerField(allow_null=True, help_text="SIX-1's yearly target of the manager's team."),
    clients=_count(),
    compliant=_count(),
    share=s.FloatField(),
)
_SIX_SHARES = {
    "clients": _count("Clients SIX-2 counts (not do-not-contact)."),
    "compliant": _count("Of them, clients with their contacts in the last year."),
    "below_six": _count(),
    "share": _share("compliant / clients (null: no clients)."),
    "by_manager": _SIX_MANAGERS,
}
SIX = _object(
    "SixNumbers",
    target=s.IntegerField(allow_null=True, help_text="SIX-1's target, null when the teams in scope differ."),
    **_SIX_SHARES,
    passive=_count("POST-4 passive clients."),
    below=_rows(
        "SixBelow",
        client=s.IntegerField(),
        name=s.CharField(),
        owner=s.IntegerField(),
        contacts=_count(),
        needed=_count(),
    ),
    trend=inline_serializer(
        name="SixTrendMonth",
        fields={"month": s.CharField(help_text="YYYY-MM"), "day": s.DateField(), **_SIX_SHARES},
        many=True,
        required=False,
        help_text="The period's only (not the previous one's): SIX-2 at each month's end.",
    ),
)
_PLANNED_DAY = {"planned": _count(), "done": _count(), "capacity": _count("PLAN-1 daily capacity.")}
ACTIVITY = _object(
    "ActivityNumbers",
    touches=_count(),
    hung_up_clients=_count("ANNOY-2: clients who hung up."),
    hang_ups=_count(),
    by_channel=_by("ActivityByChannel", "channel", s.CharField(help_text=CODE)),
    by_goal=_by("ActivityByGoal", "goal", s.CharField(help_text=CODE)),
    by_outcome=_by("ActivityByOutcome", "outcome", s.CharField(help_text=CODE)),
    per_day=_day_counts("ActivityPerDay"),
    planned=_object("ActivityPlanned", on_time=_count(), late=_count(), missed=_count()),
    overdue_per_day=_day_counts("ActivityOverduePerDay"),
    capacity=_object(
        "ActivityCapacity",
        per_day=_rows("CapacityPerDay", day=s.DateField(), **_PLANNED_DAY),
        by_manager=_rows(
            "CapacityByManager",
            manager=s.IntegerField(),
            capacity=_count(),
            working_days=_count(),
            planned=_count(),
            done=_count(),
            days_over_capacity=_count(),
        ),
        by_manager_day=_rows("CapacityByManagerDay", manager=s.IntegerField(), day=s.DateField(), **_PLANNED_DAY),
    ),
)
DEALS = _object(
    "DealsNumbers",
    funnel=_rows(
        "DealsStage",
        stage=s.CharField(help_text=CODE),
        deals=_count("SALE-1: deals that moved into the stage."),
        to_next=_share("Share of them that moved on to a later stage (null: none)."),
        median_days=_share("Median days in the stage (null: none left it)."),
    ),
    won=_count(),
    lost=_count(),
    win_rate=_share("won / (won + lost) (null: none closed)."),
    won_by_month=_rows(
        "DealsWonMonth",
        month=s.CharField(help_text="YYYY-MM"),
        currency=s.CharField(),
        amount=s.DecimalField(max_digits=20, decimal_places=2, help_text="The won deals' sum."),
        deals=_count(),
    ),
)
LADDER = _object(
    "LadderNumbers",
    by_level=_rows("LadderLevel", level=s.IntegerField(), clients=_count()),
    promotions=_count(),
    demotions=_count(),
    overrides=_count("LAD-5: privileges granted beyond the level."),
    override_list=_rows(
        "LadderOverride",
        client_id=s.IntegerField(),
        level=s.IntegerField(),
        what=s.CharField(help_text=CODE),
        offered=s.DecimalField(max_digits=7, decimal_places=2),
        allowed=s.DecimalField(max_digits=7, decimal_places=2),
        reason=s.CharField(),
    ),
)
JOURNAL = _object(
    "JournalNumbers",
    written=_count("JOUR-1 entries written."),
    reviewed=_count("Entries reviewed."),
    by_manager=_rows("JournalByManager", manager=s.IntegerField(), count=_count()),
)
NUMBERS = {
    "flows": FLOWS,
    "refusals": REFUSALS,
    "six": SIX,
    "activity": ACTIVITY,
    "deals": DEALS,
    "ladder": LADDER,
    "journal": JOURNAL,
}


PERIOD = _object("ReportPeriod", **{"from": s.DateField(), "to": s.DateField()})


def _report(name: str, numbers: Any) -> Any:
    return inline_serializer(
        name=f"{name.capitalize()}Report",
        fields={
            "report": s.ChoiceField(choices=[name]),
            "period": PERIOD,
            "previous_period": PERIOD,
            "current": numbers,
            "previous": numbers,
        },
    )


REPORT = PolymorphicProxySerializer(
    component_name="Report",
    serializers={name: _report(name, numbers) for name, numbers in NUMBERS.items()},
    resource_type_field_name="report",
)
