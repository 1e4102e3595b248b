"""Law no. 1 (LAD-5): do not give clients more than they have earned; each level carries its privileges."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from keepwarm.ladder.criteria import Level


class ServicePriority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", pgettext_lazy("service priority", "High")
    TOP = "top", _("Top")


class Term(models.TextChoices):
    """The parts of an offer a manager sets per deal, and so can overstep."""

    DISCOUNT = "discount", _("Discount")
    PAYMENT_TERMS = "payment_terms", _("Payment terms")


@dataclass(frozen=True)
class Privileges:
    discount_pct: Decimal
    payment_terms_days: int  # 0: pay before delivery
    service_priority: ServicePriority
    personal_manager: bool
    gifts: bool


# Team defaults: every privilege grows (never shrinks) with the level, so climbing always pays off.
DEFAULT_PRIVILEGES: dict[Level, Privileges] = {
    Level.PROSPECT: Privileges(Decimal(0), 0, ServicePriority.NORMAL, personal_manager=False, gifts=False),
    Level.USER: Privileges(Decimal(3), 7, ServicePriority.NORMAL, personal_manager=False, gifts=False),
    Level.CONSERVATIVE: Privileges(Decimal(5), 14, ServicePriority.HIGH, personal_manager=True, gifts=False),
    Level.ADVOCATE: Privileges(Decimal(7), 30, ServicePriority.HIGH, personal_manager=True, gifts=True),
    Level.PARTNER: Privileges(Decimal(10), 45, ServicePriority.TOP, personal_manager=True, gifts=True),
}


MAX_PAYMENT_TERMS_DAYS = 365


@dataclass(frozen=True)
class Excess:
    term: Term
    offered: Decimal | int
    allowed: Decimal | int


def check_offer(level_privileges: Privileges, discount_pct: Decimal, payment_terms_days: int) -> list[Excess]:
    """LAD-5: what an offer gives beyond the level; empty means no override (and no reason) is needed."""
    if not Decimal(0) <= discount_pct <= Decimal(100) or not 0 <= payment_terms_days <= MAX_PAYMENT_TERMS_DAYS:
        raise ValueError(f"LAD-5: a discount is 0–100 % and payment terms are 0–{MAX_PAYMENT_TERMS_DAYS} days")
    excesses = []
    if discount_pct > level_privileges.discount_pct:
        excesses.append(Excess(Term.DISCOUNT, discount_pct, level_privileges.discount_pct))
    if payment_terms_days > level_privileges.payment_terms_days:
        excesses.append(Excess(Term.PAYMENT_TERMS, payment_terms_days, level_privileges.payment_terms_days))
    return excesses
