"""API shapes for organizations, clients and orders; input and output kept apart (Styleguide)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from keepwarm.accounts import access
from keepwarm.clients.choices import Category, NeverReason
from keepwarm.clients.models import Client, Order, Organization
from keepwarm.clients.services import CLIENT_EDITABLE_FIELDS, ORGANIZATION_EDITABLE_FIELDS
from keepwarm.touches.models import PlannedTouch


class ScopedRelationsMixin:
    """OWN-1 for writes: related rows offered to a user are only the ones they may see."""

    def scope_relations(self, user: object) -> None:
        fields = self.fields  # type: ignore[attr-defined]
        scopes = {
            "organization": access.organizations_visible_to,
            "referred_by": access.clients_visible_to,
            "client": access.clients_visible_to,
            "owner": access.users_assignable_by,
        }
        for name, scope in scopes.items():
            if name in fields:
                fields[name].queryset = scope(user)  # type: ignore[arg-type]


class OrganizationOutput(serializers.ModelSerializer[Organization]):
    class Meta:
        model = Organization
        fields = ["id", "team", *ORGANIZATION_EDITABLE_FIELDS, "version", "created_at", "updated_at"]


class OrganizationInput(serializers.ModelSerializer[Organization]):
    version = serializers.IntegerField(required=False, help_text="Required when updating (optimistic locking).")

    class Meta:
        model = Organization
        fields = ["team", *ORGANIZATION_EDITABLE_FIELDS, "version"]
        extra_kwargs = {"team": {"required": False}}


class NextStepOutput(serializers.ModelSerializer[PlannedTouch]):
    class Meta:
        model = PlannedTouch
        fields = [
            "id",
            "due_date",
            "window_start",
            "window_end",
            "channel",
            "goal",
            "kind",
            "client_choice",
            "urgent",
            "note",
            "explanation",
        ]


class ClientOutput(serializers.ModelSerializer[Client]):
    full_name = serializers.CharField(read_only=True)
    interests = serializers.SlugRelatedField[Any](many=True, read_only=True, slug_field="name")
    next_step = serializers.SerializerMethodField()

    class Meta:
        model = Client
        fields = [
            "id",
            "full_name",
            "owner",
            "category",
            "never_reason",
            *CLIENT_EDITABLE_FIELDS,
            "interests",
            "last_touch_at",
            "last_order_on",
            "next_step",
            "version",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(NextStepOutput(allow_null=True))
    def get_next_step(self, client: Client) -> dict[str, object] | None:
        steps = getattr(client, "open_next_steps", None)
        step = steps[0] if steps else None
        return NextStepOutput(step).data if step is not None else None


class ClientInput(ScopedRelationsMixin, serializers.ModelSerializer[Client]):
    phones = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    emails = serializers.ListField(child=serializers.CharField(max_length=254), required=False)
    interests = serializers.ListField(child=serializers.CharField(max_length=60), required=False)
    category = serializers.ChoiceField(
        choices=[(Category.NOW, Category.NOW.label), (Category.FUTURE, Category.FUTURE.label)], required=False
    )
    next_step_on = serializers.DateField(required=False, help_text="Date of the first contact (default: planner).")
    version = serializers.IntegerField(required=False, help_text="Required when updating (optimistic locking).")

    class Meta:
        model = Client
        fields = ["owner", "category", *CLIENT_EDITABLE_FIELDS, "interests", "next_step_on", "version"]
        extra_kwargs = {"owner": {"required": False}}


class CategoryInput(serializers.Serializer[None]):
    category = serializers.ChoiceField(choices=Category.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    never_reason = serializers.ChoiceField(choices=NeverReason.choices, required=False, allow_blank=True, default="")
    correction = serializers.BooleanField(required=False, default=False)
    next_step_on = serializers.DateField(required=False)
    version = serializers.IntegerField(required=False)


class OrderOutput(serializers.ModelSerializer[Order]):
    class Meta:
        model = Order
        fields = [
            "id",
            "client",
            "ordered_on",
            "amount",
            "currency",
            "items",
            "amount_paid",
            "delivered_on",
            "created_by",
            "created_at",
        ]


class OrderInput(ScopedRelationsMixin, serializers.ModelSerializer[Order]):
    discount_pct = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, default=Decimal(0))
    payment_terms_days = serializers.IntegerField(min_value=0, required=False, default=0)
    override_reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Why more than the client's level allows (LAD-5)."
    )

    class Meta:
        model = Order
        fields = [
            "client",
            "ordered_on",
            "amount",
            "currency",
            "items",
            "amount_paid",
            "delivered_on",
            "discount_pct",
            "payment_terms_days",
            "override_reason",
        ]
