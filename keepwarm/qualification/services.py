"""Writes for qualification (QUAL-2..4): the profile, marks, scorecards and the confirmed disqualification."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts.models import Team, User
from keepwarm.clients.models import Client
from keepwarm.planner.calendars import add_months
from keepwarm.planner.facts import settings_for_team
from keepwarm.planner.services import client_replan
from keepwarm.qualification import events, facts, scoring
from keepwarm.qualification.indicators import indicator
from keepwarm.qualification.models import ClientQualification, IdealCustomerProfile, IndicatorMark

PROFILE_FIELDS = (
    "employees_min",
    "employees_max",
    "revenue_min",
    "revenue_max",
    "target_verticals",
    "other_scheme_verticals",
    "territories",
    "countries",
    "max_tz_offset_hours",
)
STORED_FIELDS = ["indicators", "computed", "reasons", "total", "verdict", "drivers", "computed_at"]
BATCH = 500


def _clean_words(values: Iterable[str], *, upper: bool = False) -> list[str]:
    words = {value.strip().upper() if upper else value.strip() for value in values if value and value.strip()}
    return sorted(words)


@transaction.atomic
def profile_update(*, team: Team, by: User, **fields: Any) -> IdealCustomerProfile:
    """QUAL-2: the team lead or an admin edits the profile; the team's scorecards follow after commit."""
    if not (by.is_admin_role or (by.is_lead and by.team_id == team.pk)):
        raise ValidationError(_("Only the team lead or an admin changes the team's ideal customer profile."))
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    row = facts.profile_row(team)
    for name, value in fields.items():
        if name in ("target_verticals", "other_scheme_verticals", "territories", "countries"):
            value = _clean_words(value, upper=name == "countries")
        setattr(row, name, value)
    row.full_clean()
    try:
        facts.profile(row, team, timezone.now())
    except ValueError:
        raise ValidationError(_("A range's minimum is above its maximum.")) from None
    row.save(update_fields=[*fields, "updated_at"])
    from keepwarm.qualification.tasks import rescore_team

    transaction.on_commit(lambda: rescore_team.enqueue(team.pk))
    return row


def scorecards_recompute(*, clients: Iterable[Client] | QuerySet[Client], now: dt.datetime | None = None) -> int:
    """QUAL-2..4 in bulk: a few queries per batch of clients, whatever their history; returns how many."""
    now = now or timezone.now()
    if isinstance(clients, QuerySet):
        ids = list(clients.values_list("pk", flat=True))
    else:
        ids = [client.pk for client in clients]
    for start in range(0, len(ids), BATCH):
        _recompute_batch(ids[start : start + BATCH], now)
    return len(ids)


def _recompute_batch(ids: list[int], now: dt.datetime) -> None:
    """Plain columns, not model rows: building five models per client cost more than the scoring itself."""
    today = timezone.localdate(now)
    org_columns = [f"organization__{name}" for name in facts.ORGANIZATION_COLUMNS]
    batch = list(Client.objects.filter(pk__in=ids).values_list("pk", "owner__team_id", "organization_id", *org_columns))
    team_ids = {row[1] for row in batch if row[1] is not None}
    teams = Team.objects.in_bulk(team_ids)
    rows = {row.team_id: row for row in IdealCustomerProfile.objects.filter(team_id__in=team_ids)}
    profiles = {team_id: facts.profile(rows.get(team_id or 0), teams.get(team_id or 0), now) for team_id in team_ids}
    profiles[None] = facts.profile(None, None, now)
    marked: dict[int, set[int]] = {}
    for client_id, number in IndicatorMark.objects.filter(client_id__in=ids, unmarked_at__isnull=True).values_list(
        "client_id", "number"
    ):
        marked.setdefault(client_id, set()).add(number)
    history = facts.TouchHistory(ids, today)
    stored = []
    for client_id, team_id, organization_id, *org_values in batch:
        icp = profiles[team_id]
        org = (
            facts.organization_facts_of(*org_values, now=now)
            if organization_id is not None
            else scoring.OrganizationFacts()
        )
        computed = scoring.profile_indicators(org, icp) | scoring.touch_indicators(
            history.meetings[client_id], history.materials[client_id], today, facts.SETTINGS
        )
        result = scoring.score(computed | marked.get(client_id, set()), facts.SETTINGS)
        reasons = {**facts.profile_reasons(org, icp), **history.reasons(client_id, today)}
        stored.append(
            ClientQualification(
                client_id=client_id,
                indicators=sorted(computed | marked.get(client_id, set())),
                computed=sorted(computed),
                reasons={number: reasons[number] for number in map(str, computed) if number in reasons},
                total=result.total,
                verdict=result.verdict,
                drivers=list(result.drivers),
                computed_at=now,
            )
        )
    ClientQualification.objects.bulk_create(
        stored, update_conflicts=True, unique_fields=["client"], update_fields=STORED_FIELDS
    )


def qualification_of(client: Client) -> ClientQualification:
    """The stored scorecard, recomputed first when missing."""
    found = ClientQualification.objects.filter(client=client).first()
    if found is None:
        scorecards_recompute(clients=[client])
        found = ClientQualification.objects.get(client=client)
    return found


def _markable(number: int) -> None:
    try:
        item = indicator(number)
    except ValueError:
        raise ValidationError({"number": _("There is no indicator %(number)s.") % {"number": number}}) from None
    if not item.manager_marks:
        raise ValidationError({"number": _("Indicator %(number)s is computed, not marked.") % {"number": number}})


@transaction.atomic
def indicator_mark(*, client: Client, by: User, number: int, marked_on: dt.date, evidence: str) -> IndicatorMark:
    """QUAL-3: indicators 7–20 take a date and the evidence; re-marking replaces the previous mark."""
    _markable(number)
    errors = {}
    if not evidence.strip():
        errors["evidence"] = [_("Say what you saw: the evidence for this indicator.")]
    if marked_on > timezone.localdate():
        errors["marked_on"] = [_("The date you saw it cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    IndicatorMark.objects.select_for_update().filter(client=client, number=number, unmarked_at__isnull=True).update(
        unmarked_at=timezone.now(), unmarked_by=by
    )
    mark = IndicatorMark.objects.create(
        client=client, number=number, marked_on=marked_on, evidence=evidence.strip(), by=by
    )
    scorecards_recompute(clients=[client])
    return mark


@transaction.atomic
def indicator_unmark(*, client: Client, by: User, number: int) -> None:
    _markable(number)
    cleared = IndicatorMark.objects.filter(client=client, number=number, unmarked_at__isnull=True).update(
        unmarked_at=timezone.now(), unmarked_by=by
    )
    if not cleared:
        raise ValidationError({"number": _("This indicator is not marked.")})
    scorecards_recompute(clients=[client])


def _locked(client: Client) -> ClientQualification:
    qualification_of(client)
    return ClientQualification.objects.select_for_update().get(client=client)


@transaction.atomic
def disqualification_confirm(*, client: Client, by: User, reason: str) -> ClientQualification:
    """QUAL-4: only a suggested disqualification is confirmed. The client stays in its category (CAT-2);
    the planner sends greetings only until the re-evaluation date."""
    scorecards_recompute(clients=[client])
    row = _locked(client)
    if row.is_disqualified:
        raise ValidationError(_("The disqualification is already confirmed."))
    if row.verdict != scoring.Verdict.DISQUALIFY_SUGGESTED:
        raise ValidationError(_("Only a suggested disqualification can be confirmed (QUAL-4)."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why you confirm the disqualification.")]})
    months = settings_for_team(client.owner.team).pause_default_months
    row.disqualified_confirmed_at = timezone.now()
    row.reevaluate_on = add_months(timezone.localdate(), months)
    row.save(update_fields=["disqualified_confirmed_at", "reevaluate_on"])
    events.disqualification_confirmed(qualification=row, by=by, reason=reason.strip())
    client.qualification = row  # the planner reads it next
    client_replan(client=client, by=by)
    return row


@transaction.atomic
def disqualification_undo(*, client: Client, by: User, reason: str) -> ClientQualification:
    """QUAL-4: re-qualifying restores the normal cadence; the history keeps both steps."""
    row = _locked(client)
    if not row.is_disqualified:
        raise ValidationError(_("This client is not disqualified."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the client is qualified again.")]})
    row.disqualified_confirmed_at = None
    row.reevaluate_on = None
    row.save(update_fields=["disqualified_confirmed_at", "reevaluate_on"])
    events.requalified(qualification=row, by=by, reason=reason.strip())
    client.qualification = row  # the planner reads it next
    client_replan(client=client, by=by)
    return row
