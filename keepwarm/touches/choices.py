"""Touch and planned-touch vocabularies (POST-8, CAT-3, the planner's kinds).

Kept apart from models.py so the pure planner can use them without touching the ORM.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    CALL = "call", _("Call")
    EMAIL = "email", _("Email")
    MEETING = "meeting", _("Meeting")
    LETTER = "letter", _("Letter")
    MESSAGE = "message", _("Message")


class Direction(models.TextChoices):
    OUTBOUND = "outbound", _("We started")
    INBOUND = "inbound", _("The client started")


class Goal(models.TextChoices):
    """POST-8: every contact has its own goal."""

    SELL_MEETING = "sell_meeting", _("Sell a meeting")
    GATHER_INFO = "gather_info", _("Gather information")
    FIND_DECISION_MAKER = "find_decision_maker", _("Find the decision-maker")
    IDENTIFY_NEEDS = "identify_needs", _("Identify needs")
    PRESENT = "present", _("Present")
    ANSWER_OBJECTIONS = "answer_objections", _("Answer objections")
    CLOSE = "close", _("Close")
    POST_SALE_CHECK = "post_sale_check", _("Post-sale check")
    OFFER = "offer", _("Offer")
    GREETING = "greeting", _("Greeting")
    THANK_YOU = "thank_you", _("Thank-you")


# Courtesy goals never count as the sales "next step" (CAT-5).
COURTESY_GOALS = frozenset({Goal.GREETING, Goal.THANK_YOU})


class Outcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    NO_ANSWER = "no_answer", _("No answer")
    HUNG_UP = "hung_up", _("Hung up")
    BAD_MOMENT = "bad_moment", _("Bad moment, rescheduled")
    REFUSED = "refused", _("Refused")
    AGREED_TO_MEET = "agreed_to_meet", _("Agreed to meet")
    READY_TO_BUY = "ready_to_buy", _("Ready to buy")
    BOUGHT = "bought", _("Bought")
    BOUGHT_ELSEWHERE = "bought_elsewhere", _("Bought from a competitor")
    MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
    MEETING_MOVED = "meeting_moved", _("Meeting moved")
    NOT_USED_YET = "not_used_yet", _("Not using it yet")
    SATISFIED = "satisfied", _("Uses it and likes it")
    UNSUITABLE = "unsuitable", _("Product not suitable")
    SENT = "sent", _("Sent")


class RefusalReason(models.TextChoices):
    """CAT-3: what the client did not yet see about the product."""

    PRICE_VALUE = "price_value", _("Price / value")
    NO_NEED_NOW = "no_need_now", _("No need now")
    TIMING = "timing", _("Timing")
    BUDGET = "budget", _("Budget")
    DECISION_MAKER_ABSENT = "decision_maker_absent", _("Decision-maker absent")
    TRUST = "trust", _("Trust")
    COMPETITOR = "competitor", _("Competitor")
    OTHER = "other", _("Other")


class PlanKind(models.TextChoices):
    """Why a contact was planned."""

    MANUAL = "manual", _("Manual")
    RULE_OF_SIX = "rule_of_six", _("Rule of six")
    REFUSAL_FOLLOWUP = "refusal_followup", _("Refusal follow-up")
    RETRY = "retry", _("Retry")
    MEETING = "meeting", _("Meeting")
    POST_SALE = "post_sale", _("Post-sale")
    OFFER = "offer", _("Offer")
    GREETING = "greeting", _("Greeting")
    THANK_YOU = "thank_you", _("Thank-you letter")
    REACTIVATION = "reactivation", _("Reactivation")


class PlanStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
