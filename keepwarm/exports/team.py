"""A team's full export, so a team can always leave: every record as one CSV file (raw codes, ISO dates, JSON for
structured fields) in a ZIP that is written while it streams; nothing is read before the stream asks for it."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from keepwarm.accounts.models import Team, User
from keepwarm.audit.models import FieldChange
from keepwarm.catalog.models import Event, EventInvitation, Product, ProductMatch
from keepwarm.clients.models import CategoryChange, Client, Order, Organization, Reassignment, Tag
from keepwarm.deals.models import Deal, DealStageChange, OrganizationAssessment
from keepwarm.exports import writers
from keepwarm.imports.models import ImportJob, ImportRow
from keepwarm.journal.models import JournalEntry
from keepwarm.ladder.models import ClientLadder, LadderChange, LevelPrivileges, PrivilegeOverride
from keepwarm.letters.models import BadAddress, Letter, LetterOptOut, LetterSettings, LetterTemplate
from keepwarm.needs.models import Answer, NeedsInterview, Question, Questionnaire
from keepwarm.planner.models import TeamPlannerSettings
from keepwarm.qualification.models import ClientQualification, IdealCustomerProfile, IndicatorMark, QualificationEvent
from keepwarm.touches.models import PlannedTouch, Touch

CHUNK = 2000
# Secrets and what the services derive again (search text) stay home.
LEFT_OUT = {"password", "search_text", "search_name"}
# The models that hold a team's data (a path to a team, user, client or organization) and are not exported, each
# with why; tests/exports check that every other such model is in `tables`, so a new one cannot be forgotten.
NOT_EXPORTED = {
    "accounts.User_groups": "Django's permission groups: KeepWarm's roles are the users' `role` column",
    "accounts.User_user_permissions": "Django's per-user permissions: KeepWarm does not use them",
    "accounts.Session": "a signed-in browser's secret key, ended by signing out; nothing a team keeps",
    "planner.CalendarFeed": "a secret address of a user's calendar feed, issued again on request",
    "reports.TouchCount": "a summary the reports compute again from the touches",
    "reports.ClientDay": "a summary the reports compute again from the touches",
}


def _through(model: type[models.Model], field: str) -> Any:
    return model._meta.get_field(field).remote_field.through  # type: ignore[union-attr]


def tables(team: Team) -> list[tuple[str, Callable[[], QuerySet[Any]]]]:
    """(file name, rows) of every record of the team; the querysets are built only when their file is written."""
    clients = Client.with_binned.filter(owner__team=team).values("pk")
    organizations = Organization.with_binned.filter(team=team).values("pk")
    of_clients = Q(client_id__in=clients)
    return [
        ("team", lambda: Team.objects.filter(pk=team.pk)),
        ("users", lambda: User.objects.filter(team=team)),
        ("organizations", lambda: Organization.with_binned.filter(team=team)),
        ("clients", lambda: Client.with_binned.filter(owner__team=team)),
        ("tags", lambda: Tag.objects.filter(team=team)),
        ("client_interests", lambda: _through(Client, "interests").objects.filter(of_clients)),
        ("touches", lambda: Touch.objects.filter(of_clients)),
        ("planned_touches", lambda: PlannedTouch.objects.filter(of_clients)),
        ("orders", lambda: Order.objects.filter(of_clients)),
        ("category_changes", lambda: CategoryChange.objects.filter(of_clients)),
        ("reassignments", lambda: Reassignment.objects.filter(of_clients)),
        ("deals", lambda: Deal.objects.filter(of_clients)),
        ("deal_stage_changes", lambda: DealStageChange.objects.filter(deal__client_id__in=clients)),
        ("organization_assessments", lambda: OrganizationAssessment.objects.filter(organization_id__in=organizations)),
        ("scorecard_marks", lambda: IndicatorMark.objects.filter(of_clients)),
        ("scorecards", lambda: ClientQualification.objects.filter(of_clients)),
        ("qualification_events", lambda: QualificationEvent.objects.filter(of_clients)),
        ("ideal_customer_profile", lambda: IdealCustomerProfile.objects.filter(team=team)),
        ("ladders", lambda: ClientLadder.objects.filter(of_clients)),
        ("ladder_changes", lambda: LadderChange.objects.filter(of_clients)),
        ("level_privileges", lambda: LevelPrivileges.objects.filter(team=team)),
        ("privilege_overrides", lambda: PrivilegeOverride.objects.filter(of_clients)),
        ("questionnaires", lambda: Questionnaire.objects.filter(team=team)),
        ("questions", lambda: Question.objects.filter(questionnaire__team=team)),
        (
            "question_interests",
            lambda: _through(Question, "interest_tags").objects.filter(question__questionnaire__team=team),
        ),
        ("needs_interviews", lambda: NeedsInterview.objects.filter(of_clients)),
        ("needs_answers", lambda: Answer.objects.filter(interview__client_id__in=clients)),
        ("products", lambda: Product.objects.filter(team=team)),
        ("product_interests", lambda: _through(Product, "tags").objects.filter(product__team=team)),
        ("product_matches", lambda: ProductMatch.objects.filter(of_clients)),
        ("events", lambda: Event.objects.filter(team=team)),
        ("event_interests", lambda: _through(Event, "tags").objects.filter(event__team=team)),
        ("event_invitations", lambda: EventInvitation.objects.filter(of_clients)),
        ("journal", lambda: JournalEntry.objects.filter(Q(author__team=team) | of_clients)),
        ("planner_settings", lambda: TeamPlannerSettings.objects.filter(team=team)),
        (
            "field_changes",
            lambda: FieldChange.objects.filter(Q(client_id__in=clients) | Q(organization_id__in=organizations)),
        ),
        ("product_related", lambda: _through(Product, "related").objects.filter(from_product__team=team)),
        ("letters", lambda: Letter.objects.filter(Q(owner__team=team) | of_clients)),
        ("letter_templates", lambda: LetterTemplate.objects.filter(team=team)),
        ("letter_settings", lambda: LetterSettings.objects.filter(team=team)),
        ("letter_opt_outs", lambda: LetterOptOut.objects.filter(of_clients)),
        ("bad_addresses", lambda: BadAddress.objects.filter(of_clients)),
        ("import_jobs", lambda: ImportJob.objects.filter(team=team)),
        ("import_rows", lambda: ImportRow.objects.filter(job__team=team)),
    ]


def columns(model: type[models.Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields if field.attname not in LEFT_OUT]


def _plain(value: Any) -> Any:
    """JSON for structured fields; moments as stored (UTC, to the microsecond), since the data may be loaded again."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def table_rows(queryset: QuerySet[Any], names: list[str]) -> Iterator[list[Any]]:
    for row in queryset.order_by("pk").values_list(*names).iterator(chunk_size=CHUNK):
        yield [_plain(value) for value in row]


def zip_chunks(team: Team) -> Iterator[bytes]:
    pipe = writers.ZipPipe()
    # Each file dated when it was written, on the reader's clock (a ZIP's dates have no zone; 1980 otherwise).
    written = timezone.localtime().timetuple()[:6]
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[call-overload]
        for name, rows_of in tables(team):
            queryset = rows_of()
            names = columns(queryset.model)
            entry_info = zipfile.ZipInfo(f"{name}.csv", date_time=written)
            entry_info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(entry_info, mode="w", force_zip64=True) as entry:
                for chunk in writers.csv_chunks(names, table_rows(queryset, names)):
                    entry.write(chunk)
                    yield pipe.take()
    yield pipe.take()
