"""Client vocabularies (METHOD section 1, SIX-3, CORP-1).

Kept apart from models.py so the pure rule modules can use them without touching the ORM.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """CAT-1: every client is in exactly one category."""

    NOW = "now", _("Now")
    FUTURE = "future", _("Future")
    NEVER = "never", _("Never")


ACTIVE_CATEGORIES = (Category.NOW, Category.FUTURE)


class NeverReason(models.TextChoices):
    """CAT-2: the closed list of objective reasons a client no longer exists for us."""

    LIQUIDATED = "liquidated", _("Company liquidated")
    DECEASED = "deceased", _("Person deceased")
    GONE = "gone", _("Contact permanently gone, no successor")


class RelationshipGroup(models.TextChoices):
    """SIX-3: the groups to keep in touch with."""

    REFERRAL = "referral", _("Referral")
    PROSPECT = "prospect", _("Prospect")
    CUSTOMER = "customer", _("Customer")
    DISTRIBUTOR = "distributor", _("Distributor")
    ACQUAINTANCE = "acquaintance", _("Acquaintance")


class DecisionRole(models.TextChoices):
    """CORP-1: a person's role in an organization's buying decision."""

    DECISION_MAKER = "decision_maker", _("Decision-maker")
    INFLUENCER = "influencer", _("Influencer")
    NEGOTIATOR = "negotiator", _("Negotiator")
    USER = "user", _("User")
    GATEKEEPER = "gatekeeper", _("Gatekeeper")


class FormOfAddress(models.TextChoices):
    """How letters address the client (LANG-1): empty reads it from the patronymic, else a neutral greeting."""

    MR = "mr", _("Mr")
    MS = "ms", _("Ms")


class TimeZoneSource(models.TextChoices):
    """Where a client's time zone was derived from by an import (TIME-1); "" is a zone a person entered or confirmed.
    The evidence (the phone, the city) is kept beside it as written, so the card can say what to check."""

    PHONE = "phone", _("The phone's area code")
    CITY = "city", _("The city")
