"""API shapes for letters and letter templates (issue 10): input serializers check shapes and offer only rows the
user may see (OWN-1); the rules are letters.services' and flows.letters'."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from keepwarm.accounts.models import User
from keepwarm.catalog.models import Product
from keepwarm.core.l10n import Language
from keepwarm.core.params import id_field
from keepwarm.letters.access import templates_visible_to
from keepwarm.letters.models import Letter, LetterKind, LetterTemplate
from keepwarm.planner.calendars import GREETING_KEYS
from keepwarm.touches.access import planned_touches_visible_to
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch

HOLIDAY_CHOICES = [("", "")] + [(key, key) for key in GREETING_KEYS]


class ClientLocalDateTimeField(serializers.DateTimeField):
    """TIME-1: a time without a UTC offset is the client's wall time (the flow resolves it); one with an offset is
    taken as it is."""

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        return value if timezone.is_naive(value) else super().enforce_timezone(value)


SEND_AT_HELP = "When to send: ISO 8601; without a UTC offset it is the client's local time (TIME-1). Empty: now."


class TemplateOutput(serializers.Serializer[Any]):
    """A team's template (with an id) or a shipped default (`is_default`, id null)."""

    id = serializers.IntegerField(source="pk", allow_null=True, read_only=True)
    kind = serializers.ChoiceField(choices=LetterKind.choices)
    holiday = serializers.CharField(allow_blank=True, help_text="POST-5 greeting key of a holiday greeting.")
    name = serializers.CharField(allow_blank=True, help_text="Tells a team's free letters apart.")
    language = serializers.ChoiceField(choices=Language.choices)
    subject = serializers.CharField()
    body = serializers.CharField()
    is_default = serializers.BooleanField()


class TemplateInput(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=LetterKind.choices)
    language = serializers.ChoiceField(choices=Language.choices)
    subject = serializers.CharField(max_length=250, help_text="One line; placeholders as {client_first_name}.")
    body = serializers.CharField(max_length=20000, help_text="Plain text; placeholders as {salutation}.")
    holiday = serializers.ChoiceField(choices=HOLIDAY_CHOICES, required=False, default="")
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class PreviewInput(serializers.Serializer[Any]):
    """The client to preview with, and what to preview: a template of the team (`template`), the team's or
    KeepWarm's wording of a kind (`kind`, `language`, `holiday`), or text being written (`subject`, `body`)."""

    client = id_field()
    template = serializers.PrimaryKeyRelatedField(queryset=LetterTemplate.objects.none(), required=False)
    kind = serializers.ChoiceField(choices=LetterKind.choices, required=False)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    holiday = serializers.ChoiceField(choices=HOLIDAY_CHOICES, required=False, default="")
    subject = serializers.CharField(max_length=250, required=False)
    body = serializers.CharField(max_length=20000, required=False)
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.none(), required=False, allow_null=True)

    def scope_relations(self, user: User) -> None:
        self.fields["template"].queryset = templates_visible_to(user)  # type: ignore[attr-defined]
        self.fields["product"].queryset = Product.objects.filter(team_id=user.team_id or 0)  # type: ignore[attr-defined]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "template" not in attrs and "kind" not in attrs:
            raise serializers.ValidationError({"kind": [_("Give a template, or a kind of letter.")]})
        return attrs


class RenderedOutput(serializers.Serializer[Any]):
    subject = serializers.CharField()
    text = serializers.CharField()
    html = serializers.CharField()


class LetterOutput(serializers.ModelSerializer[Letter]):
    class Meta:
        model = Letter
        fields = [
            "id", "client", "owner", "created_by", "kind", "holiday", "template", "product", "planned_touch", "touch",
            "language", "recipient", "subject", "body_text", "body_html", "status", "auto", "send_at", "attempts",
            "sent_at", "message_id", "error_code", "error_detail", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class LetterDetailOutput(LetterOutput):
    sent_message = serializers.CharField(read_only=True, help_text="The RFC 5322 source as it was sent.")

    class Meta(LetterOutput.Meta):
        fields = [*LetterOutput.Meta.fields, "sent_message"]
        read_only_fields = fields


class ComposeInput(serializers.Serializer[Any]):
    """Compose: from a template (the team's `template`, else the team's or KeepWarm's wording of `kind`), or from
    `subject` and `body` (placeholders filled in either way), in the client's language unless `language` says."""

    kind = serializers.ChoiceField(choices=LetterKind.choices)
    template = serializers.PrimaryKeyRelatedField(queryset=LetterTemplate.objects.none(), required=False)
    subject = serializers.CharField(max_length=250, required=False)
    body = serializers.CharField(max_length=20000, required=False)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    send_at = ClientLocalDateTimeField(required=False, allow_null=True, help_text=SEND_AT_HELP)
    planned_touch = serializers.PrimaryKeyRelatedField(queryset=PlannedTouch.objects.none(), required=False)
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.none(), required=False, allow_null=True)
    holiday = serializers.ChoiceField(choices=HOLIDAY_CHOICES, required=False, default="")
    draft = serializers.BooleanField(required=False, default=False, help_text="Keep it for approval; don't queue.")

    def scope_relations(self, user: User) -> None:
        fields = self.fields
        fields["template"].queryset = templates_visible_to(user)  # type: ignore[attr-defined]
        fields["planned_touch"].queryset = planned_touches_visible_to(user).filter(status=PlanStatus.OPEN)  # type: ignore[attr-defined]
        fields["product"].queryset = Product.objects.filter(team_id=user.team_id or 0)  # type: ignore[attr-defined]


class EditInput(serializers.Serializer[Any]):
    """The letter's final text (placeholders are not filled in any more) and maybe a new time."""

    subject = serializers.CharField(max_length=250)
    body = serializers.CharField(max_length=20000)
    send_at = ClientLocalDateTimeField(required=False, allow_null=True, help_text=SEND_AT_HELP)


class SendInput(serializers.Serializer[Any]):
    send_at = ClientLocalDateTimeField(required=False, allow_null=True, help_text=SEND_AT_HELP)


class ApproveInput(serializers.Serializer[Any]):
    ids = serializers.ListField(child=id_field(), min_length=1, max_length=500)


class ApproveOutput(serializers.Serializer[Any]):
    approved = LetterOutput(many=True, help_text="Queued to go out at their planned time (or now, if it passed).")
    not_approved = serializers.ListField(
        child=serializers.IntegerField(), help_text="Ids left as they were: not a draft, not yours, or refused."
    )
