"""API shapes for the profile and the scorecard; input and output kept apart."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from keepwarm.qualification.indicators import Source
from keepwarm.qualification.models import IdealCustomerProfile
from keepwarm.qualification.scoring import Verdict
from keepwarm.qualification.selectors import Row, Scorecard, StageGroup
from keepwarm.qualification.services import PROFILE_FIELDS


def _words() -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(max_length=100), required=False)


class ProfileSerializer(serializers.ModelSerializer[IdealCustomerProfile]):
    target_verticals = _words()
    other_scheme_verticals = _words()
    territories = _words()
    countries = serializers.ListField(child=serializers.RegexField(r"^[A-Za-z]{2}$"), required=False)

    class Meta:
        model = IdealCustomerProfile
        fields = ["team", *PROFILE_FIELDS, "updated_at"]
        read_only_fields = ["team", "updated_at"]


class IndicatorOutput(serializers.Serializer[Row]):
    number = serializers.IntegerField(source="item.number")
    code = serializers.CharField(source="item.code")
    label = serializers.CharField(source="item.label")  # type: ignore[assignment]
    source = serializers.ChoiceField(source="item.source", choices=Source.choices)  # type: ignore[assignment]
    markable = serializers.BooleanField(source="item.manager_marks")
    on = serializers.BooleanField()
    computed = serializers.BooleanField()
    marked = serializers.SerializerMethodField()
    marked_on = serializers.DateField(source="mark.marked_on", allow_null=True, default=None)
    evidence = serializers.CharField(source="mark.evidence", allow_null=True, default=None)
    why = serializers.CharField()

    def get_marked(self, row: Row) -> bool:
        return row.mark is not None


class StageOutput(serializers.Serializer[StageGroup]):
    stage = serializers.CharField()
    label = serializers.CharField(source="stage.label")  # type: ignore[assignment]
    deal_stages = serializers.ListField(child=serializers.CharField())
    indicators = IndicatorOutput(source="rows", many=True)


class ScorecardOutput(serializers.Serializer[Scorecard]):
    client = serializers.IntegerField(source="client.pk")
    verdict = serializers.ChoiceField(source="qualification.verdict", choices=Verdict.choices)
    verdict_label = serializers.CharField(source="qualification.get_verdict_display")
    total = serializers.FloatField(source="qualification.total")
    drivers = serializers.SerializerMethodField()
    stages = StageOutput(many=True)
    computed_at = serializers.DateTimeField(source="qualification.computed_at")
    disqualified_confirmed_at = serializers.DateTimeField(
        source="qualification.disqualified_confirmed_at", allow_null=True
    )
    reevaluate_on = serializers.DateField(source="qualification.reevaluate_on", allow_null=True)
    can_confirm = serializers.BooleanField()

    def get_drivers(self, card: Scorecard) -> list[dict[str, Any]]:
        return [{"number": item.number, "label": str(item.label)} for item in card.drivers]


class MarkInput(serializers.Serializer[None]):
    number = serializers.IntegerField(min_value=1, max_value=21)
    marked_on = serializers.DateField()
    evidence = serializers.CharField(max_length=2000)


class ReasonInput(serializers.Serializer[None]):
    reason = serializers.CharField(max_length=2000)
