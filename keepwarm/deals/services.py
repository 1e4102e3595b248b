"""Writes for deals (SALE-1) and corporate assessments (CORP-1); each stage move writes one history row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.audit.services import changes_record, values_of
from keepwarm.clients.models import Client, Organization
from keepwarm.deals.models import Deal, DealStageChange, OrganizationAssessment
from keepwarm.qualification.indicators import DealStage
from keepwarm.touches import bounds


def _history(deal: Deal, *, by: User, from_stage: str, note: str = "") -> DealStageChange:
    return DealStageChange.objects.create(
        deal=deal,
        changed_at=timezone.now(),
        changed_by=by,
        from_stage=from_stage,
        to_stage=deal.stage,
        result=deal.result,
        note=note,
    )


def _locked(deal: Deal) -> Deal:
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    if deal.result != Deal.Result.OPEN:
        raise ValidationError(_("This deal is closed; open a new deal for a new sale."))
    return deal


@transaction.atomic
def deal_create(
    *,
    client: Client,
    by: User,
    title: str,
    amount: Decimal = Decimal(0),
    currency: str = "EUR",
    stage: str = DealStage.SEARCH_EVALUATION,
    opened_on: dt.date | None = None,
) -> Deal:
    deal = Deal(
        client=client,
        title=title,
        amount=amount,
        currency=currency.upper(),
        stage=stage,
        opened_on=opened_on or timezone.localdate(),
        created_by=by,
    )
    bounds.check_past_days(opened_on=deal.opened_on)
    deal.full_clean()
    deal.save()
    _history(deal, by=by, from_stage="", note=_("Deal opened"))
    return deal


@transaction.atomic
def deal_move(*, deal: Deal, by: User, stage: str, note: str = "") -> Deal:
    """SALE-1: move to any of the five stages (deals do step back, e.g. to answer new objections)."""
    deal = _locked(deal)
    if stage not in DealStage.values:
        raise ValidationError({"stage": _("Unknown stage.")})
    if stage == deal.stage:
        raise ValidationError({"stage": _("The deal is already at this stage.")})
    previous = deal.stage
    before = values_of(deal, ["stage"])
    deal.stage = stage
    deal.save(update_fields=["stage", "updated_at"])
    _history(deal, by=by, from_stage=previous, note=note)
    changes_record(instance=deal, before=before, by=by, client_id=deal.client_id)
    return deal


@transaction.atomic
def deal_close(*, deal: Deal, by: User, won: bool, closed_on: dt.date | None = None, note: str = "") -> Deal:
    """Won only from "closing and support"; a deal may be lost at any stage (the client stays FUTURE, CAT-3)."""
    deal = _locked(deal)
    before = values_of(deal, ["result", "closed_on"])
    if won and deal.stage != DealStage.CLOSING_SUPPORT:
        raise ValidationError({"stage": _("Move the deal to “Closing and support” before marking it won.")})
    deal.result = Deal.Result.WON if won else Deal.Result.LOST
    deal.closed_on = closed_on or timezone.localdate()
    bounds.check_past_days(closed_on=deal.closed_on)
    if deal.closed_on < deal.opened_on:
        raise ValidationError({"closed_on": _("A deal cannot close before it opened.")})
    deal.save(update_fields=["result", "closed_on", "updated_at"])
    _history(deal, by=by, from_stage=deal.stage, note=note)
    changes_record(instance=deal, before=before, by=by, client_id=deal.client_id)
    return deal


@transaction.atomic
def organization_assess(
    *, organization: Organization, by: User, interest: str, capacity: str
) -> OrganizationAssessment:
    """CORP-1: place the organization on the interest x capacity grid."""
    assessment, _created = OrganizationAssessment.objects.update_or_create(
        organization=organization, defaults={"interest": interest, "capacity": capacity, "assessed_by": by}
    )
    assessment.full_clean()
    return assessment
