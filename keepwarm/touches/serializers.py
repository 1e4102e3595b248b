"""API shapes for touches and planned touches."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from keepwarm.clients.models import Client
from keepwarm.clients.serializers import NextStepOutput, OrderInput, OrderOutput
from keepwarm.core.params import id_field
from keepwarm.flows.orders import OrderDetails
from keepwarm.planner.explain import explanation
from keepwarm.touches import outcomes
from keepwarm.touches.choices import COURTESY_GOALS, Channel, Goal, Outcome, PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch

# The goals a next step can have: greetings and thank-you letters are planned beside it (CAT-5).
SALES_GOALS = [(goal.value, goal.label) for goal in Goal if goal not in COURTESY_GOALS]
# What a person records about a touch; the output adds who, when it was logged and its id.
TOUCH_FIELDS = [
    "happened_at", "channel", "direction", "goal", "outcome", "refusal_reason", "refusal_note", "continue_on",
    "preferred_time", "competitor", "competitor_advice", "material", "notes", "planned_touch",
]  # fmt: skip


class TouchOutput(serializers.ModelSerializer[Touch]):
    class Meta:
        model = Touch
        fields = ["id", "client", "by", *TOUCH_FIELDS, "created_at"]


class TouchOrderInput(OrderInput):
    """The order a purchase records with its touch (CAT-4, POST-1); its terms are checked against the client's
    level (LAD-5)."""

    class Meta(OrderInput.Meta):
        fields = [field.name for field in dataclasses.fields(OrderDetails)]
        extra_kwargs = {"ordered_on": {"required": False, "help_text": "Default: today."}}


class TouchInput(serializers.ModelSerializer[Touch]):
    order = TouchOrderInput(
        required=False, help_text="Only with the outcome `bought`: the order is recorded with the touch, in one step."
    )
    next_step_on = serializers.DateField(required=False, help_text="Date of the next contact, if agreed.")
    next_step_goal = serializers.ChoiceField(
        choices=SALES_GOALS, required=False, help_text="Goal of that next contact (default: sell a meeting)."
    )
    next_step_channel = serializers.ChoiceField(
        choices=Channel.choices, required=False, help_text="Channel of that next contact (default: call)."
    )
    next_step_time = serializers.TimeField(
        required=False, help_text="Time of that next contact in the client's zone (TACT-7 moves a bad pick)."
    )
    next_step_client_asked = serializers.BooleanField(
        required=False,
        help_text="The client asked for that day and time (TACT-6): kept as is, not moved by tact. Needs "
        "`next_step_on`.",
    )
    planned_touch = serializers.PrimaryKeyRelatedField(queryset=PlannedTouch.objects.none(), required=False)

    class Meta:
        model = Touch
        fields = [
            *TOUCH_FIELDS,
            *("next_step_on", "next_step_goal", "next_step_channel", "next_step_time", "next_step_client_asked"),
            "order",
        ]
        extra_kwargs = {"happened_at": {"required": False}}

    def __init__(self, *args: Any, client: Client | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if client is not None:  # only the client's own open plans can be fulfilled by its touch
            self.fields["planned_touch"] = serializers.PrimaryKeyRelatedField(
                queryset=PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN), required=False
            )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """The outcome's required fields (outcomes.OUTCOME_REQUIRES), each missing one a 400 on its field."""
        missing = outcomes.missing(attrs["outcome"], attrs.get)
        if missing:
            raise serializers.ValidationError(missing)
        if attrs.get("order") is not None and attrs["outcome"] != Outcome.BOUGHT:
            raise serializers.ValidationError({"order": [_("Only a purchase records an order.")]})
        return attrs

    def service_fields(self) -> dict[str, Any]:
        """The keyword arguments of client_log_touch."""
        data = dict(self.validated_data)
        if (order := data.pop("order", None)) is not None:
            data["order"] = OrderDetails(**{"ordered_on": timezone.localdate(), **order})
        return data


class TouchLogged(serializers.Serializer[Any]):
    """The answer to logging a touch: the touch, the client's category now, and its next step."""

    touch = TouchOutput()
    category = serializers.CharField()
    next_step = NextStepOutput(allow_null=True)
    next_step_moved = serializers.BooleanField(
        help_text="TACT-7: a rule moved the day or time picked for the next step; its `explanation` says which."
    )
    order = OrderOutput(allow_null=True, required=False, help_text="The order recorded with a purchase, if any.")


class PlannedTouchOutput(serializers.ModelSerializer[PlannedTouch]):
    client_name = serializers.CharField(source="client.full_name", read_only=True)
    explanation_text = serializers.SerializerMethodField(help_text="The explanation in the viewer's language.")

    class Meta:
        model = PlannedTouch
        fields = [
            "id",
            "client",
            "client_name",
            "due_date",
            "window_start",
            "window_end",
            "due_at",
            "channel",
            "goal",
            "kind",
            "is_next_step",
            "status",
            "client_choice",
            "urgent",
            "overdue_since",
            "explanation",
            "explanation_text",
            "note",
            "created_at",
            "closed_at",
        ]

    def get_explanation_text(self, planned: PlannedTouch) -> list[str]:
        return explanation(planned)


class CourtesyInput(serializers.Serializer[None]):
    client = id_field()
    due_date = serializers.DateField()
    goal = serializers.ChoiceField(choices=[(goal, Goal(goal).label) for goal in sorted(COURTESY_GOALS)])
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.LETTER)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RescheduleInput(serializers.Serializer[None]):
    """TACT-7: the day (and maybe the time, in the client's zone) a person picks; `client_asked` keeps it (TACT-6)."""

    due_date = serializers.DateField()
    time = serializers.TimeField(required=False, allow_null=True, default=None)
    client_asked = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")
