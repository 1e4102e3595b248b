"""Merging a duplicate client into the one that stays (issue 11): every row of history moves to the survivor, the
contacts and interests are joined, the merge is recorded in the survivor's category history (a code and
parameters, LANG-1), the emptied duplicate goes to the recycle bin, and the survivor is re-planned (CAT-5).

Rows a client may hold once (a scorecard mark per indicator, an interview per questionnaire, an invitation per
event, a product match) keep the survivor's where both have one; the duplicate's mark is closed (kept, unmarked),
its interview's answers join the survivor's, its derived rows (match, invitation, stored scorecard) go.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts.models import User
from keepwarm.audit.models import FieldChange
from keepwarm.catalog.models import EventInvitation, ProductMatch
from keepwarm.clients import events
from keepwarm.clients.access import clients_visible_to
from keepwarm.clients.models import CategoryChange, Client, Order, Reassignment
from keepwarm.clients.reasons import ChangeReason
from keepwarm.clients.services import client_update
from keepwarm.deals.models import Deal
from keepwarm.journal.models import JournalEntry
from keepwarm.ladder.models import CONFIRMATIONS, ClientLadder, LadderChange, PrivilegeOverride
from keepwarm.needs.models import Answer, NeedsInterview
from keepwarm.planner.services import client_replan
from keepwarm.qualification.models import ClientQualification, IndicatorMark, QualificationEvent
from keepwarm.qualification.services import scorecards_recompute
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch

# History that simply changes hands: (model, the foreign key to the client).
MOVED: tuple[tuple[type[Model], str], ...] = (
    (Touch, "client"),
    (Order, "client"),
    (CategoryChange, "client"),
    (Reassignment, "client"),
    (Deal, "client"),
    (QualificationEvent, "client"),
    (LadderChange, "client"),
    (PrivilegeOverride, "client"),
    (JournalEntry, "client"),
)
# Fields the survivor takes from the duplicate where its own are empty.
FILLED = (
    "last_name",
    "patronymic",
    "position",
    "organization",
    "decision_role",
    "birthday",
    "country",
    "time_zone",
    "preferred_call_time",
    "notes",
)


def _joined(first: list[str], second: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def merge_check(*, survivor: Client, other: Client, by: User) -> None:
    """Refuse (ValidationError on `other`) a merge that can never be made; the confirmation page asks it first."""
    if survivor.pk == other.pk:
        raise ValidationError({"other": [_("A client cannot be merged with itself.")]})
    visible = clients_visible_to(by).filter(pk__in=[survivor.pk, other.pk]).count()
    if visible != 2:  # OWN-1: the views answer 404 before this; a service called directly refuses too
        raise ValidationError({"other": [_("You can merge only clients you manage.")]})
    if survivor.owner.team_id != other.owner.team_id:
        raise ValidationError({"other": [_("Clients of different teams cannot be merged.")]})


def _move_once_per_client(*, survivor: Client, other: Client, by: User) -> None:
    now = timezone.now()
    kept_marks = IndicatorMark.objects.filter(client=survivor, unmarked_at__isnull=True).values("number")
    IndicatorMark.objects.filter(client=other, unmarked_at__isnull=True, number__in=kept_marks).update(
        unmarked_at=now, unmarked_by=by
    )
    IndicatorMark.objects.filter(client=other).update(client=survivor)
    for model, unique in ((ProductMatch, "product"), (EventInvitation, "event")):
        taken = model.objects.filter(client=survivor).values(unique)
        model.objects.filter(client=other, **{f"{unique}__in": taken}).delete()
        model.objects.filter(client=other).update(client=survivor)
    for interview in NeedsInterview.objects.filter(client=other):
        kept = NeedsInterview.objects.filter(client=survivor, questionnaire_id=interview.questionnaire_id).first()
        if kept is None:
            NeedsInterview.objects.filter(pk=interview.pk).update(client=survivor)
            continue
        answered = Answer.objects.filter(interview=kept).values("question_id")
        Answer.objects.filter(interview=interview).exclude(question_id__in=answered).update(interview=kept)
        interview.delete()  # what is left are answers the survivor gave too; the survivor's words stand
    _merge_ladder(survivor=survivor, other=other)
    ClientQualification.objects.filter(client=other).delete()  # derived; recomputed for the survivor below


def _merge_ladder(*, survivor: Client, other: Client) -> None:
    theirs = ClientLadder.objects.filter(client=other).first()
    if theirs is None:
        return
    ours = ClientLadder.objects.filter(client=survivor).first()
    if ours is None:
        ClientLadder.objects.filter(pk=theirs.pk).update(client=survivor)
        return
    ours.level = max(ours.level, theirs.level)
    for name in (*CONFIRMATIONS, "partnership"):
        setattr(ours, name, getattr(ours, name) or getattr(theirs, name))
    ours.prospect_behaviour = ours.prospect_behaviour or theirs.prospect_behaviour
    ours.save(update_fields=["level", *CONFIRMATIONS, "partnership", "prospect_behaviour", "updated_at"])
    theirs.delete()


def _contact_fields(survivor: Client, other: Client) -> dict[str, Any]:
    """What the survivor's card becomes: its own values, the duplicate's where its own are empty, every phone,
    e-mail and interest of both."""
    fields: dict[str, Any] = {
        "phones": _joined(survivor.phones or [], other.phones or []),
        "emails": _joined(survivor.emails or [], other.emails or []),
        "interests": _joined(
            list(survivor.interests.values_list("name", flat=True)),
            list(other.interests.values_list("name", flat=True)),
        ),
    }
    for name in FILLED:
        if not getattr(survivor, name) and getattr(other, name):
            fields[name] = getattr(other, name)
    if "time_zone" in fields:  # with where it came from: a zone an import derived stays marked so (TIME-1)
        fields.update(time_zone_source=other.time_zone_source, time_zone_evidence=other.time_zone_evidence)
    return fields


@transaction.atomic
def clients_merge(*, survivor: Client, other: Client, by: User) -> Client:
    """Everything `other` has becomes `survivor`'s; `other` goes to the recycle bin, empty. Exactly one next step
    after (CAT-5)."""
    if survivor.pk == other.pk:
        merge_check(survivor=survivor, other=other, by=by)
    locked = Client.objects.select_for_update(of=("self",)).filter(pk__in=[survivor.pk, other.pk])
    if len(locked) != 2:
        raise ValidationError({"other": [_("This client no longer exists.")]})
    survivor = Client.objects.select_related("owner__team", "organization").get(pk=survivor.pk)
    other = Client.objects.select_related("owner__team", "organization").get(pk=other.pk)
    merge_check(survivor=survivor, other=other, by=by)
    contact = _contact_fields(survivor, other)
    # The duplicate's next step and what the planner planned beside it (greetings, an agreed date's contact) are
    # kept as cancelled rows: the survivor is re-planned from the merged history below, which plans them once (both
    # kept open, the survivor had two New Year greetings). Contacts a person added stay open.
    PlannedTouch.objects.filter(client=other, status=PlanStatus.OPEN).filter(
        Q(is_next_step=True) | Q(created_by__isnull=True)
    ).update(status=PlanStatus.CANCELLED, closed_at=timezone.now())
    PlannedTouch.objects.filter(client=other).update(client=survivor, owner=survivor.owner)
    for model, field in MOVED:
        model._default_manager.filter(**{field: other}).update(**{field: survivor})
    referrals = Client.with_binned.filter(referred_by=other)  # binned ones too
    referrals.exclude(pk=survivor.pk).update(referred_by=survivor)
    referrals.filter(pk=survivor.pk).update(referred_by=None)  # nobody refers themselves
    _move_once_per_client(survivor=survivor, other=other, by=by)
    FieldChange.objects.filter(client_id=other.pk).update(client_id=survivor.pk)  # the trail shows on its card
    latest = {
        "last_touch_at": max(filter(None, (survivor.last_touch_at, other.last_touch_at)), default=None),
        "last_order_on": max(filter(None, (survivor.last_order_on, other.last_order_on)), default=None),
    }
    Client.objects.filter(pk=survivor.pk).update(**latest)
    Client.objects.filter(pk=other.pk).update(
        deleted_at=timezone.now(), deleted_by=by, referred_by=None, version=F("version") + 1
    )
    other.interests.clear()
    survivor.refresh_from_db()
    events.category_changed(
        client=survivor,
        by=by,
        from_category=survivor.category,
        reason_code=ChangeReason.MERGED,
        reason_params={"id": str(other.pk), "name": other.full_name},
    )
    survivor = client_update(client=survivor, by=by, expected_version=survivor.version, **contact)
    scorecards_recompute(clients=[survivor])
    survivor = Client.objects.select_related("owner__team", "organization", "qualification").get(pk=survivor.pk)
    client_replan(client=survivor, by=by)  # CAT-5 from the merged history: exactly one next step
    return Client.objects.get(pk=survivor.pk)
