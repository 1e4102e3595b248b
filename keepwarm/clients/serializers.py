"""API shapes for organizations, clients and orders; input and output kept apart (Styleguide)."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.clients import selectors
from keepwarm.clients.access import clients_visible_to, organizations_visible_to
from keepwarm.clients.choices import Category, NeverReason, RelationshipGroup, TimeZoneSource
from keepwarm.clients.models import CategoryChange, Client, Order, Organization
from keepwarm.clients.moment import client_moment
from keepwarm.clients.services import (
    CLIENT_EDITABLE_FIELDS,
    NEVER_REFUSED_MESSAGE,
    ORDER_FIELDS,
    ORGANIZATION_EDITABLE_FIELDS,
    ZONE_SOURCE_FIELDS,
    contact_errors,
)
from keepwarm.clients.zone_source import zone_source_text
from keepwarm.core.params import id_field
from keepwarm.planner.inputs import hangup_warning
from keepwarm.touches.models import PlannedTouch


class ScopedRelationsMixin:
    """OWN-1 for writes: related rows offered to a user are only the ones they may see."""

    def scope_relations(self, user: object) -> None:
        fields = self.fields  # type: ignore[attr-defined]
        scopes = {
            "organization": organizations_visible_to,
            "referred_by": clients_visible_to,
            "client": clients_visible_to,
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
    time_zone_source = serializers.ChoiceField(
        choices=TimeZoneSource.choices,
        allow_blank=True,
        read_only=True,
        help_text='TIME-1: what an import derived the time zone from; "" for a zone a person entered or confirmed '
        "(sending `time_zone` in a PATCH confirms it).",
    )
    time_zone_evidence = serializers.CharField(
        read_only=True, help_text='The phone (E.164) or the city the time zone was derived from; "" otherwise.'
    )
    time_zone_source_text = serializers.SerializerMethodField(
        help_text="TIME-1: where an import derived the time zone from, in the reader's language "
        '("derived from the phone +7 383 210-00-00"); empty for a zone a person entered or confirmed.'
    )
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
            *ZONE_SOURCE_FIELDS,
            "time_zone_source_text",
            "interests",
            "last_touch_at",
            "last_order_on",
            "next_step",
            "version",
            "created_at",
            "updated_at",
        ]

    def get_time_zone_source_text(self, client: Client) -> str:
        return zone_source_text(client.time_zone_source, client.time_zone_evidence)

    @extend_schema_field(NextStepOutput(allow_null=True))
    def get_next_step(self, client: Client) -> dict[str, object] | None:
        steps = getattr(client, "open_next_steps", None)
        step = steps[0] if steps else None
        return NextStepOutput(step).data if step is not None else None


class MomentOutput(serializers.Serializer[None]):
    """The card's "local time now / good moment to call" (TACT-1..5), in the client's time zone."""

    time_zone = serializers.CharField()
    local_time = serializers.CharField(help_text="ISO 8601 with the client's UTC offset.")
    good_moment = serializers.BooleanField()
    status = serializers.CharField(help_text="good, off_hours, lunch, end_of_day, non_working_day or pre_weekend.")
    good_until = serializers.TimeField(allow_null=True, help_text="When the current good window ends.")


class ClientDetailOutput(ClientOutput):
    """One client, as the card shows it: with the client's local time and whether now is a good moment."""

    moment = serializers.SerializerMethodField()
    hangup_warning = serializers.SerializerMethodField(
        help_text="ANNOY-2: the latest hang-up's day while two hang-ups slow contacts down; null otherwise."
    )

    class Meta(ClientOutput.Meta):
        fields = [*ClientOutput.Meta.fields, "moment", "hangup_warning"]

    def get_hangup_warning(self, client: Client) -> dt.date | None:
        return hangup_warning(client)

    @extend_schema_field(MomentOutput)
    def get_moment(self, client: Client) -> dict[str, object]:
        moment = client_moment(client, timezone.now())
        return {
            "time_zone": str(moment.local_now.tzinfo),
            "local_time": moment.local_now.isoformat(),
            "good_moment": moment.ok,
            "status": moment.code,
            "good_until": moment.closes_at.isoformat(timespec="minutes") if moment.closes_at else None,
        }


class CategoryChangeOutput(serializers.ModelSerializer[CategoryChange]):
    """CAT-6: one row of a client's category history; `reason` in the reader's language (LANG-1)."""

    reason = serializers.CharField(source="reason_text", read_only=True)
    note = serializers.CharField(source="reason", read_only=True, help_text="The person's own words, as written.")

    class Meta:
        model = CategoryChange
        fields = [
            "id",
            "changed_at",
            "changed_by",
            "from_category",
            "to_category",
            "reason",
            "reason_code",
            "reason_params",
            "note",
            "never_reason",
            "is_correction",
        ]


class ClientListQuery(serializers.Serializer[None]):
    """The client list's filters, the same as the web page's (selectors.clients_listed)."""

    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="Name, phone, e-mail or organization."
    )
    category = serializers.ChoiceField(choices=Category.choices, required=False, allow_blank=True)
    relationship_group = serializers.ChoiceField(choices=RelationshipGroup.choices, required=False, allow_blank=True)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), required=False, allow_null=True, help_text="A team lead's or admin's filter."
    )
    no_next_step = serializers.BooleanField(required=False, default=False, help_text="Clients without a next step.")
    overdue = serializers.BooleanField(required=False, default=False, help_text="The next step was due before today.")
    going_cold = serializers.BooleanField(
        required=False,
        default=False,
        help_text="POST-4: no purchase and no contact for the team's passive threshold (planner settings).",
    )
    sort = serializers.ChoiceField(choices=list(selectors.CLIENT_SORTS), required=False, allow_blank=True)

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["owner"].queryset = access.users_assignable_by(user)  # type: ignore[attr-defined]

    def filters(self) -> selectors.ClientFilters:
        return selectors.ClientFilters.of(self.validated_data, group_field="relationship_group")


REASSIGN_AT_MOST = 500


class ReassignInput(serializers.Serializer[None]):
    clients = serializers.ListField(
        child=id_field(),
        allow_empty=False,
        max_length=REASSIGN_AT_MOST,
        help_text="Ids of clients you can see.",
    )
    to_owner = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), help_text="The manager to give them to."
    )


class ReassignOutput(serializers.Serializer[None]):
    reassigned = serializers.IntegerField(help_text="How many changed owner (the others were theirs already).")


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

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        """Field errors come with what the service would say of the phones and e-mails (clients.forms does the
        same): the service is not reached until the others are fixed."""
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            if isinstance(error.detail, dict) and "phones" not in error.detail and "emails" not in error.detail:
                raise serializers.ValidationError({**self._contact_errors(data), **error.detail}) from error
            raise

    def _contact_errors(self, data: Any) -> dict[str, list[str]]:
        """The service's word on the phones and e-mails, from the fields of `data` that are valid."""
        values: dict[str, Any] = {}
        for name in ("phones", "emails", "owner", "country", "organization"):
            if hasattr(data, "get") and name in data and name in self.fields:
                with contextlib.suppress(serializers.ValidationError):  # its own error is reported already
                    values[name] = self.fields[name].run_validation(data[name])
        saved = self.instance if isinstance(self.instance, Client) else None
        return contact_errors(saved=saved, by=self.context["request"].user, values=values)


class CategoryInput(serializers.Serializer[None]):
    category = serializers.ChoiceField(choices=Category.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    never_reason = serializers.ChoiceField(
        choices=NeverReason.choices,
        required=False,
        allow_blank=True,
        default="",
        error_messages={"invalid_choice": NEVER_REFUSED_MESSAGE},  # CAT-2: say why, as the card does
    )
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
        fields = list(ORDER_FIELDS)
