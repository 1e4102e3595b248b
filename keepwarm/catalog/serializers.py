"""API shapes for the catalog, events and suggestions."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from keepwarm.catalog.models import Event, Product, ProductMatch
from keepwarm.catalog.selectors import match_wait_texts
from keepwarm.core.params import id_field
from keepwarm.deals.serializers import inline_choice
from keepwarm.planner.explain import reasons_from_json

EventKindField = inline_choice(Event.Kind)


class ProductOutput(serializers.ModelSerializer[Product]):
    tags = serializers.SlugRelatedField[Any](many=True, read_only=True, slug_field="name")

    class Meta:
        model = Product
        fields = ["id", "team", "name", "description", "tags", "need_class", "related", "active", "created_at"]


class ProductInput(serializers.ModelSerializer[Product]):
    tags = serializers.ListField(child=serializers.CharField(max_length=60), required=False)

    class Meta:
        model = Product
        fields = ["team", "name", "description", "tags", "need_class", "related", "active"]
        extra_kwargs = {"team": {"required": False}, "related": {"required": False}}

    def scope_relations(self, user: Any) -> None:
        from keepwarm.catalog.selectors import products_visible_to

        self.fields["related"].child_relation.queryset = products_visible_to(user)  # type: ignore[attr-defined]


class WaitReasonOutput(serializers.Serializer[Any]):
    rule = serializers.CharField()
    code = serializers.CharField()
    day = serializers.DateField(allow_null=True)
    text = serializers.CharField()


class ProductMatchOutput(serializers.ModelSerializer[ProductMatch]):
    client_name = serializers.CharField(source="client.full_name", read_only=True)
    planned_on = serializers.DateField(source="planned_touch.due_date", read_only=True, allow_null=True)
    wait_reasons = serializers.SerializerMethodField()

    class Meta:
        model = ProductMatch
        fields = ["id", "client", "client_name", "status", "matched_tags", "waits_until", "planned_on", "wait_reasons"]

    @extend_schema_field(WaitReasonOutput(many=True))
    def get_wait_reasons(self, match: ProductMatch) -> list[dict[str, Any]]:
        """Why the offer waits (ANNOY-1..4, QUAL-4, CAT-3, ...), each with its sentence in the viewer's language."""
        texts = match_wait_texts(match)
        reasons = reasons_from_json(match.wait_reasons) if texts else []
        return [
            {"rule": r.rule, "code": r.code, "day": r.day.isoformat() if r.day else None, "text": text}
            for r, text in zip(reasons, texts, strict=True)
        ]


class EventOutput(serializers.ModelSerializer[Event]):
    kind = EventKindField(read_only=True)
    tags = serializers.SlugRelatedField[Any](many=True, read_only=True, slug_field="name")

    class Meta:
        model = Event
        fields = ["id", "team", "kind", "title", "date", "description", "tags", "created_at"]


class EventInput(serializers.ModelSerializer[Event]):
    kind = EventKindField()
    tags = serializers.ListField(child=serializers.CharField(max_length=60), required=False)

    class Meta:
        model = Event
        fields = ["team", "kind", "title", "date", "description", "tags"]
        extra_kwargs = {"team": {"required": False}}


class InviteInput(serializers.Serializer[None]):
    client = id_field()


class InvitationOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    client = serializers.IntegerField(source="client_id")
    touch = serializers.IntegerField(source="touch_id")


class EventCandidateOutput(serializers.Serializer[Any]):
    """POST-7: a visible client whose interests match the event; `invited` once the invitation is logged."""

    id = serializers.IntegerField()
    full_name = serializers.CharField()
    owner = serializers.IntegerField(source="owner_id")
    invited = serializers.BooleanField()


class SuggestionOutput(serializers.Serializer[Any]):
    product = ProductOutput()
    reason = serializers.CharField()
    detail = serializers.CharField()
    reason_text = serializers.CharField()
