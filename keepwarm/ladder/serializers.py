"""API shapes for the ladder: the card, suggestions, privileges, offer checks and overrides."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from keepwarm.core.params import id_field
from keepwarm.ladder.criteria import Criterion, Direction, LadderSuggestion, Level, ProspectBehaviour
from keepwarm.ladder.models import CONFIRMATIONS, LadderChange, LevelPrivileges, PrivilegeOverride
from keepwarm.ladder.privileges import ServicePriority, Term
from keepwarm.ladder.selectors import LadderCard


def _criteria(values: tuple[Criterion, ...]) -> list[dict[str, str]]:
    return [{"code": c.value, "label": str(c.label)} for c in values]


class LadderPrivilegesOutput(serializers.Serializer[Any]):
    discount_pct = serializers.DecimalField(max_digits=5, decimal_places=2)
    payment_terms_days = serializers.IntegerField()
    service_priority = serializers.ChoiceField(choices=ServicePriority.choices)
    personal_manager = serializers.BooleanField()
    gifts = serializers.BooleanField()


class LadderSuggestionOutput(serializers.Serializer[LadderSuggestion]):
    level = serializers.ChoiceField(choices=Level.choices)
    # not an enum in the schema: touches also have a "direction" with other values
    direction = serializers.CharField(help_text=", ".join(Direction.values))
    met = serializers.SerializerMethodField()
    missing = serializers.SerializerMethodField()
    to_confirm = serializers.SerializerMethodField()

    def get_met(self, s: LadderSuggestion) -> list[dict[str, str]]:
        return _criteria(s.met)

    def get_missing(self, s: LadderSuggestion) -> list[dict[str, str]]:
        return _criteria(s.missing)

    def get_to_confirm(self, s: LadderSuggestion) -> list[dict[str, str]]:
        return _criteria(s.to_confirm)


class LadderChangeOutput(serializers.ModelSerializer[LadderChange]):
    # plain integers in the schema: one Level enum (on "level") is enough
    from_level = serializers.IntegerField()
    to_level = serializers.IntegerField()

    class Meta:
        model = LadderChange
        fields = ["from_level", "to_level", "by", "at", "reason"]


class LevelPrivilegesOutput(LadderPrivilegesOutput):
    level = serializers.ChoiceField(choices=Level.choices)


class LadderCardOutput(serializers.Serializer[LadderCard]):
    client = serializers.IntegerField(source="client.pk")
    level = serializers.ChoiceField(choices=Level.choices)
    level_label = serializers.CharField(source="level.label")
    privileges = LadderPrivilegesOutput()
    suggestion = LadderSuggestionOutput()
    confirmations = serializers.SerializerMethodField()
    prospect_behaviour = serializers.CharField(source="row.prospect_behaviour", default="")
    partnership = serializers.BooleanField(source="row.partnership", default=False)
    history = LadderChangeOutput(many=True)

    def get_confirmations(self, card: LadderCard) -> dict[str, bool]:
        return {name: bool(card.row and getattr(card.row, name)) for name in CONFIRMATIONS}


class LadderSuggestedOutput(serializers.Serializer[Any]):
    client = serializers.IntegerField(source="client.pk")
    full_name = serializers.CharField(source="client.full_name")
    current = serializers.IntegerField(help_text="The level now (1 Prospect .. 5 Partner).")
    suggestion = LadderSuggestionOutput()


class LadderInput(serializers.Serializer[None]):
    prospect_behaviour = serializers.ChoiceField(choices=ProspectBehaviour.choices, allow_blank=True, required=False)
    partnership = serializers.BooleanField(required=False)
    understands_process = serializers.BooleanField(required=False)
    open_to_rebuy = serializers.BooleanField(required=False)
    ready_to_talk = serializers.BooleanField(required=False)
    satisfied = serializers.BooleanField(required=False)
    visits_offices = serializers.BooleanField(required=False)


class LadderConfirmInput(serializers.Serializer[None]):
    level = serializers.ChoiceField(choices=Level.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    confirmations = serializers.ListField(
        child=serializers.ChoiceField(choices=CONFIRMATIONS), required=False, default=list
    )


class LevelPrivilegesSerializer(serializers.ModelSerializer[LevelPrivileges]):
    class Meta:
        model = LevelPrivileges
        fields = ["level", "discount_pct", "payment_terms_days", "service_priority", "personal_manager", "gifts"]
        extra_kwargs = {name: {"required": False} for name in fields if name != "level"}
        # the unique (team, level) check is the service's: PATCH updates the row in place
        validators: list[Any] = []


class OfferCheckInput(serializers.Serializer[None]):
    discount_pct = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, default=Decimal(0)
    )
    payment_terms_days = serializers.IntegerField(min_value=0, default=0)
    override_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    order = id_field(required=False, allow_null=True, default=None)


class OfferExcessOutput(serializers.Serializer[Any]):
    what = serializers.ChoiceField(source="term", choices=Term.choices)
    offered = serializers.DecimalField(max_digits=7, decimal_places=2)
    allowed = serializers.DecimalField(max_digits=7, decimal_places=2)


class PrivilegeOverrideOutput(serializers.ModelSerializer[PrivilegeOverride]):
    client_name = serializers.CharField(source="client.full_name")

    class Meta:
        model = PrivilegeOverride
        fields = ["id", "client", "client_name", "order", "level", "what", "offered", "allowed", "reason", "by", "at"]
