"""The log-a-touch form: the fields it asks for follow the outcome (CAT-3, TACT-6, ANNOY-4, CAT-4, LAD-5)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from keepwarm.core.forms import set_queryset
from keepwarm.flows.orders import OrderDetails
from keepwarm.ladder.privileges import MAX_PAYMENT_TERMS_DAYS
from keepwarm.touches import outcomes
from keepwarm.touches.choices import COURTESY_GOALS, Channel, Direction, Goal, Outcome, RefusalReason
from keepwarm.touches.models import PlannedTouch

# The order a purchase records in the same step, with its terms (LAD-5: beyond the level needs a reason).
ORDER_FIELDS = (
    "amount", "currency", "items", "amount_paid", "delivered", "discount_pct", "payment_terms_days", "override_reason",
)  # fmt: skip
# The fields each outcome asks for; which of them it cannot go without is outcomes.OUTCOME_REQUIRES.
OUTCOME_FIELDS: dict[str, tuple[str, ...]] = {
    Outcome.REFUSED: ("refusal_reason", "refusal_note", "continue_on"),
    Outcome.BAD_MOMENT: ("preferred_time",),
    Outcome.BOUGHT: ("record_order", *ORDER_FIELDS),
    Outcome.BOUGHT_ELSEWHERE: ("competitor", "competitor_advice", "continue_on"),
    Outcome.AGREED_TO_MEET: ("continue_on",),
    Outcome.NOT_USED_YET: ("continue_on",),
}
# What the manager may pick for the next contact (TACT-7); without a date the planner decides.
NEXT_STEP_FIELDS = ("next_step_on", "next_step_goal", "next_step_channel", "next_step_time", "next_step_client_asked")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class TouchForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    goal = forms.ChoiceField(label=_("Goal"), choices=Goal.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    direction = forms.ChoiceField(label=_("Who started"), choices=Direction.choices, initial=Direction.OUTBOUND)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # QUAL-3, indicator 21 counts touches that sent the same material, whatever the channel: a call or a meeting
    # can walk through the same price list again, so the field is always there.
    material = forms.CharField(
        label=_("Material sent"),
        required=False,
        max_length=200,
        help_text=_("Name it the same way each time, e.g. “Warehouse solutions presentation”."),
    )
    next_step_on = forms.DateField(label=_("Next contact on (optional)"), required=False, widget=DATE)
    next_step_goal = forms.ChoiceField(
        label=_("Goal of the next contact"),
        choices=[(goal.value, goal.label) for goal in Goal if goal not in COURTESY_GOALS],
        required=False,
        initial=Goal.SELL_MEETING,
    )
    next_step_channel = forms.ChoiceField(
        label=_("Channel of the next contact"), choices=Channel.choices, required=False, initial=Channel.CALL
    )
    next_step_time = forms.TimeField(
        label=_("Time (optional)"), required=False, widget=TIME, help_text=_("In the client's time zone.")
    )
    # TACT-6: as on the card's "Move", a day and time the client asked for are kept, not moved by tact (TACT-7).
    next_step_client_asked = forms.BooleanField(label=_("The client asked for this time"), required=False)
    planned_touch = forms.ModelChoiceField(
        queryset=PlannedTouch.objects.none(), required=False, widget=forms.HiddenInput
    )
    # Asked for by some outcomes only (OUTCOME_FIELDS).
    refusal_reason = forms.ChoiceField(
        label=_("What the client did not yet see"),
        choices=[("", "—"), *RefusalReason.choices],
        required=False,
    )
    refusal_note = forms.CharField(label=_("In their words"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    continue_on = forms.DateField(label=_("Continue on"), required=False, widget=DATE)
    preferred_time = forms.TimeField(
        label=_("When it suits the client"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    competitor = forms.CharField(label=_("Competitor"), required=False, max_length=120)
    competitor_advice = forms.CharField(
        label=_("Their advice to us"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    record_order = forms.BooleanField(label=_("Record the order now"), required=False, initial=True)
    amount = forms.DecimalField(label=_("Amount"), required=False, min_value=Decimal(0), decimal_places=2)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3, initial="EUR")
    items = forms.CharField(label=_("What was bought"), required=False)
    amount_paid = forms.DecimalField(
        label=_("Amount paid"), required=False, min_value=Decimal(0), decimal_places=2, initial=Decimal(0)
    )
    delivered = forms.BooleanField(label=_("Delivered"), required=False)
    # LAD-5: terms beyond the client's level need a reason (offer_check says which and why).
    discount_pct = forms.DecimalField(
        label=capfirst(_("discount, %")),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        initial=Decimal(0),
    )
    payment_terms_days = forms.IntegerField(
        label=capfirst(_("payment terms, days")),
        required=False,
        min_value=0,
        max_value=MAX_PAYMENT_TERMS_DAYS,
        initial=0,
    )
    override_reason = forms.CharField(
        label=_("Why more than the level allows"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, client_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self.fields["planned_touch"], PlannedTouch.objects.filter(client_id=client_id, status="open"))
        self.fields["channel"].widget.attrs["autofocus"] = True
        self.fields["continue_on"].label = self.continue_label()
        for name, message in outcomes.required_fields(self.outcome_value).items():
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = message

    @property
    def shows_next_step_on(self) -> bool:
        """Outcomes that carry their own date (continue_on) do not ask for a separate next contact."""
        return "continue_on" not in OUTCOME_FIELDS.get(self.outcome_value, ())

    @property
    def outcome_value(self) -> str:
        return str((self.data if self.is_bound else self.initial).get("outcome") or "")

    def extra_fields(self) -> list[forms.BoundField]:
        """The outcome's own fields, rendered by the outcome partial."""
        return [self[name] for name in OUTCOME_FIELDS.get(self.outcome_value, ())]

    def next_step_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in NEXT_STEP_FIELDS]

    def continue_label(self) -> str:
        labels: dict[str, Any] = {
            Outcome.REFUSED: _("Continue on"),
            Outcome.BOUGHT_ELSEWHERE: _("Expected re-purchase date"),
            Outcome.AGREED_TO_MEET: _("Meeting date"),
            Outcome.NOT_USED_YET: _("Call after first use on"),
        }
        return str(labels.get(self.outcome_value, _("Continue on")))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.wants_order():
            for name in ("amount", "items"):
                if data.get(name) in (None, ""):
                    self.add_error(name, _("Needed to record the order."))
        if self.shows_next_step_on and data.get("next_step_time") and not data.get("next_step_on"):
            self.add_error("next_step_on", _("Pick the day of the next contact as well as its time."))
        if self.shows_next_step_on and data.get("next_step_client_asked") and not data.get("next_step_on"):
            self.add_error("next_step_on", _("Pick the day of the next contact the client asked for."))
        return data

    def wants_order(self) -> bool:
        return self.outcome_value == Outcome.BOUGHT and bool(self.cleaned_data.get("record_order"))

    def touch_fields(self) -> dict[str, Any]:
        """The keyword arguments of client_log_touch: the outcome's own fields (a purchase's order too, when it is
        recorded with it), the rest left at their defaults."""
        data = self.cleaned_data
        own = set(OUTCOME_FIELDS.get(self.outcome_value, ())) - {"record_order", *ORDER_FIELDS}
        fields = {name: data[name] for name in own if data.get(name) not in (None, "")}
        fields.update(
            {name: data[name] for name in ("channel", "goal", "outcome", "direction", "notes", "planned_touch")}
        )
        if data.get("next_step_on") and self.shows_next_step_on:
            fields.update(
                next_step_on=data["next_step_on"],
                next_step_goal=data.get("next_step_goal") or Goal.SELL_MEETING,
                next_step_channel=data.get("next_step_channel") or Channel.CALL,
                next_step_time=data.get("next_step_time"),
                next_step_client_asked=bool(data.get("next_step_client_asked")),
            )
        if data.get("material"):
            fields["material"] = data["material"]
        if self.wants_order():
            fields["order"] = self.order_details()
        return fields

    def order_details(self) -> OrderDetails:
        data = self.cleaned_data
        today = timezone.localdate()
        return OrderDetails(
            ordered_on=today,
            delivered_on=today if data.get("delivered") else None,
            amount=data["amount"],
            items=data["items"],
            currency=data.get("currency") or "EUR",
            amount_paid=data.get("amount_paid") or Decimal(0),
            discount_pct=data.get("discount_pct") or Decimal(0),
            payment_terms_days=data.get("payment_terms_days") or 0,
            override_reason=data.get("override_reason") or "",
        )


class MoveForm(forms.Form):
    """Move a planned contact (TACT-7): a day, maybe a time in the client's zone; tact moves a bad pick on."""

    due_date = forms.DateField(label=_("New date"), widget=DATE)
    time = forms.TimeField(
        label=_("Time (optional)"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    client_asked = forms.BooleanField(label=_("The client asked for this time"), required=False)
