"""API shapes for deals (SALE-1) and organization assessments (CORP-1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import TextChoices
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from keepwarm.clients.models import Client
from keepwarm.clients.serializers import ScopedRelationsMixin
from keepwarm.deals.models import Deal, DealStageChange, OrganizationAssessment
from keepwarm.deals.selectors import scorecard_stages
from keepwarm.qualification.grid import Grade
from keepwarm.qualification.indicators import DealStage


def inline_choice(choices: type[TextChoices], *, blank: bool = False) -> Callable[..., serializers.ChoiceField]:
    """A choice field described by a pattern, not an enum: drf-spectacular names one enum component per field
    name, and warns (failing `check --deploy`) when one choice set gets two names (interest and capacity, from and
    to) or one name two sets (an event's kind, a planned touch's kind)."""

    values = list(choices.values) + ([""] if blank else [])
    listed = ", ".join(value or '""' for value in values)
    described = {"type": "string", "pattern": f"^({'|'.join(values)})$", "description": listed}

    @extend_schema_field(described)
    class InlineChoiceField(serializers.ChoiceField):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(choices=choices.choices, **kwargs)

    return InlineChoiceField


GradeField = inline_choice(Grade)
DealStageField = inline_choice(DealStage)
FromStageField = inline_choice(DealStage, blank=True)  # empty on the change that opened the deal


class StageChangeOutput(serializers.ModelSerializer[DealStageChange]):
    from_stage = FromStageField(read_only=True)
    to_stage = DealStageField(read_only=True)

    class Meta:
        model = DealStageChange
        fields = ["changed_at", "changed_by", "from_stage", "to_stage", "result", "note"]


class DealOutput(serializers.ModelSerializer[Deal]):
    scorecard_stages = serializers.SerializerMethodField(help_text="S2 stages to watch at this deal stage.")
    history = StageChangeOutput(source="stage_changes", many=True, read_only=True)

    class Meta:
        model = Deal
        fields = [
            "id",
            "client",
            "title",
            "amount",
            "currency",
            "stage",
            "scorecard_stages",
            "result",
            "opened_on",
            "closed_on",
            "history",
        ]

    def get_scorecard_stages(self, deal: Deal) -> list[str]:
        return [str(stage) for stage in scorecard_stages(deal.stage)]


class DealInput(ScopedRelationsMixin, serializers.ModelSerializer[Deal]):
    class Meta:
        model = Deal
        fields = ["client", "title", "amount", "currency", "stage", "opened_on"]
        extra_kwargs = {"opened_on": {"required": False}}


class MoveInput(serializers.Serializer[None]):
    stage = serializers.ChoiceField(choices=DealStage.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CloseInput(serializers.Serializer[None]):
    won = serializers.BooleanField()
    closed_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AssessmentOutput(serializers.ModelSerializer[OrganizationAssessment]):
    strategy = serializers.CharField(read_only=True)
    capacity = GradeField(read_only=True)

    class Meta:
        model = OrganizationAssessment
        fields = ["organization", "interest", "capacity", "strategy", "assessed_by", "assessed_at"]


class AssessmentInput(serializers.ModelSerializer[OrganizationAssessment]):
    capacity = GradeField()

    class Meta:
        model = OrganizationAssessment
        fields = ["interest", "capacity"]


class GridCellOutput(serializers.Serializer[Any]):
    """CORP-1: one cell of the interest x financial-capacity grid, with its strategy and how many organizations."""

    interest = GradeField()
    capacity = GradeField()
    strategy = serializers.CharField()
    strategy_label = serializers.CharField(source="strategy.label")
    description = serializers.CharField()
    count = serializers.IntegerField(help_text="Assessed organizations in this cell that the user may see.")


class PersonOutput(serializers.ModelSerializer[Client]):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Client
        fields = ["id", "full_name", "position", "decision_role"]


class OrganizationPeopleOutput(serializers.Serializer[Any]):
    """CORP-1: the people the user may see, in decision-role order, and whether anyone decides."""

    organization = serializers.IntegerField()
    has_decision_maker = serializers.BooleanField(help_text="Counted over all the organization's people.")
    warning = serializers.CharField(allow_null=True, help_text="Set when no decision-maker is known.")
    people = PersonOutput(many=True)
