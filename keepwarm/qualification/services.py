"""Writes for qualification (QUAL-2..4): the profile, marks, scorecards and the confirmed disqualification."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts import access
from keepwarm.accounts.models import Team, User
from keepwarm.clients.models import Client
from keepwarm.planner.calendars import add_months
from keepwarm.planner.inputs import settings_for_team
from keepwarm.qualification import events, scoring
from keepwarm.qualification.indicators import indicator
from keepwarm.qualification.models import ClientQualification, IdealCustomerProfile, IndicatorMark
from keepwarm.qualification.scorecards import Scorecards, StoredScorecard, profile, profile_row
from keepwarm.touches import bounds

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
BATCH = 5000  # clients per upsert: fewer, larger statements measured faster on both databases


def _clean_words(values: Iterable[str], *, upper: bool = False) -> list[str]:
    words = {value.strip().upper() if upper else value.strip() for value in values if value and value.strip()}
    return sorted(words)


def _check_countries(countries: Iterable[str]) -> None:
    """QUAL-2's territory indicator compares these with the clients' countries: codes, as the clients keep them."""
    wrong = [country for country in countries if country not in phonenumbers.SUPPORTED_REGIONS]
    if wrong:
        message = _("Use two-letter ISO country codes, e.g. MD, RO (not: %(wrong)s).") % {"wrong": ", ".join(wrong)}
        raise ValidationError({"countries": message}, code="invalid")


@transaction.atomic
def profile_update(*, team: Team, by: User, **fields: Any) -> IdealCustomerProfile:
    """QUAL-2: the team lead or an admin edits the profile (flows.teams re-scores the team after commit)."""
    if not access.can_manage_team(by, team):
        raise ValidationError(_("Only the team lead or an admin changes the team's ideal customer profile."))
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    row = profile_row(team)
    for name, value in fields.items():
        if name in ("target_verticals", "other_scheme_verticals", "territories", "countries"):
            value = _clean_words(value, upper=name == "countries")
        setattr(row, name, value)
    _check_countries(row.countries)
    row.full_clean()
    try:
        profile(row, team, timezone.now())
    except ValueError:
        raise ValidationError(_("A range's minimum is above its maximum.")) from None
    row.save(update_fields=[*fields, "updated_at"])
    return row


def scorecards_recompute(*, clients: Iterable[Client] | QuerySet[Client], now: dt.datetime | None = None) -> int:
    """QUAL-2..4 in bulk: a few queries per batch of clients, whatever their history; returns how many."""
    now = now or timezone.now()
    scorecards = Scorecards(now)
    if isinstance(clients, QuerySet):
        # Each batch is a range of ids within the query: no list of thousands of ids is bound to its queries.
        ids = list(clients.order_by("pk").distinct().values_list("pk", flat=True))
        chunks = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]
        batches = [clients.filter(pk__range=(chunk[0], chunk[-1])) for chunk in chunks]
    else:
        ids = [client.pk for client in clients]
        batches = [Client.objects.filter(pk__in=ids[start : start + BATCH]) for start in range(0, len(ids), BATCH)]
    for batch in batches:
        _scorecards_store(scorecards.of(batch), now)
    return len(ids)


def scorecards_create_for_new(
    *, team_id: int, clients: list[tuple[int, int | None]], now: dt.datetime | None = None
) -> None:
    """QUAL-2..4 for clients just created, as (id, organization id), that have no marks and no touch that raises
    indicator 19 or 21: scored from their organization alone, without reading them back (an import's batch)."""
    now = now or timezone.now()
    if clients:
        _scorecards_store(Scorecards(now).of_new(team_id, clients), now)


_TABLE = ClientQualification._meta.db_table
_COLUMNS = ("client_id", "indicators", "computed", "reasons", "total", "verdict", "drivers", "computed_at")


def _upsert(rows: str) -> str:
    """INSERT ... ON CONFLICT, the same on SQLite and PostgreSQL, from `rows`: a VALUES list or a SELECT."""
    updates = ", ".join(f"{column} = excluded.{column}" for column in _COLUMNS[1:])
    return f"INSERT INTO {_TABLE} ({', '.join(_COLUMNS)}) {rows} ON CONFLICT (client_id) DO UPDATE SET {updates}"


@transaction.atomic(savepoint=False)
def _scorecards_store(rows: list[tuple[int, StoredScorecard]], now: dt.datetime) -> None:
    """Raw upserts: bulk_create spent longer building and preparing model rows than the database took to write
    them. Clients share their organization's scorecard, whose JSON is serialized once."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The distinct scorecards and which client has which, as two JSON documents: psycopg took longer to
            # bind eight parameters per row, and PostgreSQL to parse a scorecard per row, than the write itself.
            cards: dict[StoredScorecard, int] = {}
            pairs = [f"[{client_id}, {cards.setdefault(card, len(cards))}]" for client_id, card in rows]
            select = (
                "SELECT (pair ->> 0)::bigint, card -> 0, card -> 1, card -> 2, (card ->> 3)::float8, card ->> 4, "
                "card -> 5, %s FROM jsonb_array_elements(%s::jsonb) AS pair, "
                "LATERAL (SELECT %s::jsonb -> (pair ->> 1)::int) AS found(card)"
            )
            documents = f"[{', '.join(pairs)}]", f"[{', '.join(map(_json_array, cards))}]"
            cursor.execute(_upsert(select), [now, *documents])
        else:
            stamp = connection.ops.adapt_datetimefield_value(now)
            cursor.executemany(
                _upsert(f"VALUES ({', '.join(['%s'] * len(_COLUMNS))})"),
                [
                    (
                        client_id,
                        card.indicators,
                        card.computed,
                        card.reasons,
                        card.total,
                        card.verdict,
                        card.drivers,
                        stamp,
                    )
                    for client_id, card in rows
                ],
            )


def _json_array(card: StoredScorecard) -> str:
    """The stored columns as one JSON array, from the JSON already serialized. A finite float's repr and a
    verdict (a slug) in quotes are already JSON."""
    return f'[{card.indicators}, {card.computed}, {card.reasons}, {card.total!r}, "{card.verdict}", {card.drivers}]'


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
    if day_error := bounds.past_day_error(marked_on, today=timezone.localdate()):
        errors["marked_on"] = [day_error]
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
    """QUAL-4: only a suggested disqualification is confirmed, with a reason and a re-evaluation date; the category
    and the plan follow in flows.qualification."""
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
    return row


@transaction.atomic
def disqualification_undo(*, client: Client, by: User, reason: str) -> ClientQualification:
    """QUAL-4: re-qualifying; the history keeps both steps (the plan follows in flows.qualification)."""
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
    return row
