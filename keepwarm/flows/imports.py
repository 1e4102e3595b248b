"""Running an import (issue 11): rows read in batches, each batch one transaction that writes its clients (new ones
in bulk, updates through clients.services), their history (CAT-6, the last contact and purchase for SIX-1 and the
ladder), the ImportRow of every row and the job's counts, then plans the batch (CAT-5, PLAN-1) and scores it.

A worker killed mid-import loses only its open batch: run again, the job goes on after its last committed row.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from keepwarm.audit.services import changes_through
from keepwarm.clients.choices import RelationshipGroup
from keepwarm.clients.contacts import fold, search_text
from keepwarm.clients.models import CategoryChange, Client, Order, Organization, Tag
from keepwarm.clients.reasons import ChangeReason
from keepwarm.core.db import background_pacing, background_transaction, sqlite_pragma
from keepwarm.core.inserts import insert_plain, insert_values
from keepwarm.flows.imports_update import client_update_from_row
from keepwarm.imports import services as import_services
from keepwarm.imports.dedup import DedupIndex
from keepwarm.imports.models import ImportJob, ImportRow
from keepwarm.imports.read_ahead import batches_read
from keepwarm.imports.rows import Draft, RowContext, RowResult, read_row
from keepwarm.imports.values import organization_key
from keepwarm.planner import workload
from keepwarm.planner.bulk import PLANS_KEPT, ImportPlanning
from keepwarm.planner.inputs import settings_for_team
from keepwarm.planner.services import clients_replan
from keepwarm.planner.types import TouchFact
from keepwarm.qualification.services import scorecards_create_for_new, scorecards_recompute
from keepwarm.touches.choices import Channel, Direction, Goal, Outcome
from keepwarm.touches.models import Touch

CHECKPOINT_PAGES = 16_000  # 64 MB of write-ahead log at most between two checkpoints during an import
STALE_AFTER = dt.timedelta(minutes=2)  # a running job silent this long lost its worker: it is queued again


def batch_rows() -> int:
    """Rows read at a time; on SQLite written in shorter turns (_Turns)."""
    return 1000


class _Turns:
    """SQLite shared with requests (a database file): each transaction writes as many rows as hold its one write lock
    about `hold` seconds (fewer on a busy machine), so a request that comes meanwhile waits about that long."""

    FEWEST = 16

    def __init__(self, most: int) -> None:
        self.size = self.most = most
        self.hold = background_pacing().hold if getattr(connection, "writer_intent", None) is not None else 0.0
        if self.hold:
            self.size = min(most, 32)  # the first turn pays for cold caches; then by the time the turns take

    def parts(self, drafts: list[Draft]) -> Iterator[list[Draft]]:
        while drafts:
            part, drafts = drafts[: self.size], drafts[self.size :]
            yield part  # written in one transaction, then `held`, before the next part is asked for

    def held(self, seconds: float) -> None:
        """The last part's transaction held the lock so long (from BEGIN to COMMIT: a wait to begin behind requests
        holds nothing, so it must not shrink the turns)."""
        if self.hold:
            ratio = self.hold / max(seconds, 0.001)
            wanted = max(self.FEWEST, min(self.most, self.size * math.sqrt(ratio)))  # damped
            self.size = 2 ** round(math.log2(wanted))  # few sizes: each INSERT's statement is prepared once


def row_context(job: ImportJob) -> RowContext:
    by = job.by
    owners: dict[str, int] = {}
    for pk, username, email, first, last in User.objects.filter(team_id=job.team_id).values_list(
        "pk", "username", "email", "first_name", "last_name"
    ):
        for key in (username, email, f"{first} {last}", f"{last} {first}"):
            if key.strip():
                owners.setdefault(fold(key.strip()), pk)
    return RowContext(
        importer_id=by.pk,
        team_country=job.team.country,
        language=by.language,
        owners=owners,
        assignable=frozenset(access.users_assignable_by(by).values_list("pk", flat=True)),
        today=timezone.localdate(),
        time_zone=by.time_zone or "UTC",
    )


def _claim(job_id: int) -> ImportJob | None:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().select_related("by", "team").filter(pk=job_id).first()
        if job is None or not job.is_active:
            return None
        now = timezone.now()
        job.status = ImportJob.Status.RUNNING
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.save(update_fields=["status", "started_at", "heartbeat_at"])
        return job


def _finish(job: ImportJob, status: str, failure: str = "") -> ImportJob:
    now = timezone.now()
    job.status, job.failure, job.finished_at = status, failure, now
    job.undo_until = job.undo_deadline(now) if status in (ImportJob.Status.DONE, ImportJob.Status.CANCELLED) else None
    if job.dry_run:
        job.undo_until = None
    job.save(update_fields=["status", "failure", "finished_at", "undo_until"])
    return job


def read_rows(
    batch: list[tuple[int, list[str]]], *, mapping: dict[str, str], headers: list[str], context: RowContext
) -> list[Draft]:
    """A batch's rows read and checked: pure, so it can run in the reader process (imports.read_ahead)."""
    return [read_row(number, cells, mapping=mapping, headers=headers, context=context) for number, cells in batch]


def _batches(rows: Iterator[tuple[int, list[str]]], size: int) -> Iterator[list[tuple[int, list[str]]]]:
    while batch := list(itertools.islice(rows, size)):
        yield batch


def import_run(*, job_id: int) -> ImportJob | None:
    """Process the job's rows from the first one not yet committed; idempotent, so a resumed job imports no row
    twice and loses none."""
    job = _claim(job_id)
    if job is None:
        return None
    try:
        table = import_services.job_table(job)
    except ValidationError:
        return _finish(job, ImportJob.Status.FAILED, "unreadable")
    context = row_context(job)
    rows = itertools.islice(table.rows, job.rows_done, None)
    size = batch_rows()
    read = functools.partial(read_rows, mapping=job.mapping, headers=table.headers, context=context)
    # More than one batch to go: the next one is read while this one is written (imports.read_ahead).
    with batches_read(_batches(rows, size), read, ahead=job.rows_total - job.rows_done > size) as batches:
        owners = {user.pk: user for user in User.objects.filter(team_id=job.team_id).select_related("team")}
        loads = workload.OwnerLoads(since=timezone.localdate() - dt.timedelta(days=1))
        run = ImportBatch(
            job=job,
            context=context,
            index=DedupIndex.load(job.team_id),
            organizations=_organization_ids(job.team_id),
            planning=ImportPlanning(settings=settings_for_team(job.team), loads=loads, owners=owners),
        )
        turns, first = _Turns(size), True
        with _checkpoints_apart():
            for read_drafts in batches:
                # Read before the write transaction (SQLite's lock is shorter); a resumed job's first rows may be in.
                for drafts in turns.parts(run.not_done(read_drafts)):
                    # Looked at each turn, not each batch: on SQLite a batch may take many short turns.
                    if ImportJob.objects.filter(pk=job.pk, cancel_requested=True).exists():
                        return _finish(job, ImportJob.Status.CANCELLED)
                    # SQLite: the requests that wait for its one writer go first (none waiting: no pause).
                    with changes_through("import"), background_transaction(after_another=not first) as held:
                        updated = run.process(drafts)
                    turns.held(held.seconds)
                    first = False
                    run.replan(updated)
    job.refresh_from_db()
    return _finish(job, ImportJob.Status.DONE)


@contextmanager
def _checkpoints_apart() -> Iterator[None]:
    """SQLite: the write-ahead log copied back into the database file every CHECKPOINT_PAGES pages instead of its
    default 1,000. A batch of new clients changes about that many index pages, so each commit paid a checkpoint and
    its fsync; now the pages that every batch changes again are copied once for several batches. And the file read
    into SQLite's page cache rather than mapped: the pages an import touches, mapped, made the worker ~80 MB larger
    at 100,000 rows (with the reader process, past the 500 MB the import may take), for no measurable speed."""
    if connection.vendor != "sqlite":
        yield
        return
    with ExitStack() as pragmas:
        pragmas.enter_context(sqlite_pragma("wal_autocheckpoint", CHECKPOINT_PAGES))
        if getattr(connection, "writer_intent", None) is not None:  # a database file (an in-memory one maps nothing)
            pragmas.enter_context(sqlite_pragma("mmap_size", 0))
        yield


def _organization_ids(team_id: int) -> dict[str, int]:
    organizations = Organization.objects.filter(team_id=team_id).values_list("name", "pk").order_by("-pk")
    return {organization_key(name): pk for name, pk in organizations}


@dataclass
class ImportBatch:
    """One batch's work, with what the import knows across batches (the dedup index, the organizations)."""

    job: ImportJob
    context: RowContext
    index: DedupIndex
    organizations: dict[str, int]
    planning: ImportPlanning  # PLAN-1: each owner's planned steps per day, and the rules' answers, across batches
    known: dict[int, Organization] = field(default_factory=dict)  # the organizations the planner has read

    def not_done(self, drafts: list[Draft]) -> list[Draft]:
        """The batch's rows not committed yet (a resumed job's first batch may have some)."""
        if not drafts:
            return drafts
        done = set(
            ImportRow.objects.filter(job=self.job, number__gte=drafts[0].number).values_list("number", flat=True)
        )
        return [draft for draft in drafts if draft.number not in done] if done else drafts

    def process(self, drafts: list[Draft]) -> list[int]:
        """Writes the batch (in the caller's transaction); returns the clients it updated, to re-plan after it."""
        rows: list[RowResult] = []
        to_create: list[Draft] = []
        touched: list[int] = []  # updated clients, re-planned by client_replan
        job, dedup = self.job, self.job.dedup
        for draft in drafts:
            row = RowResult(job_id=job.pk, number=draft.number, cells=draft.cells, errors=draft.errors,
                            notices=draft.notices, derived=draft.derived)  # fmt: skip
            rows.append(row)
            if draft.errors:
                row.status = ImportRow.Status.FAILED
                continue
            if draft.totals:  # not a client: skipped, its notice says why
                row.status = ImportRow.Status.SKIPPED
                continue
            match = self.index.match(draft)
            if match is not None and dedup != ImportJob.Dedup.CREATE:
                row.client_id = match
                row.status = ImportRow.Status.SKIPPED
                # A match on an earlier row of this batch (not saved yet) is a duplicate inside the file: skipped.
                updating = match > 0 and dedup == ImportJob.Dedup.UPDATE and not job.dry_run
                if updating and client_update_from_row(job=job, row=row, draft=draft,
                                                       organizations=self.organizations):  # fmt: skip
                    touched.append(match)
                continue
            row.near = self.index.near(draft)
            row.status = ImportRow.Status.VALID if job.dry_run else ImportRow.Status.CREATED
            to_create.append(draft)
            self.index.add_draft(-draft.number, draft)  # later rows of the file match it (its id comes below)
        by_number = {row.number: row for row in rows}
        clients: list[dict[str, Any]] = []
        if not job.dry_run and to_create:
            clients, new_organizations = self._create(to_create)
            for draft, client in zip(to_create, clients, strict=True):
                row = by_number[draft.number]
                row.client_id = client["id"]
                if client["organization_id"] in new_organizations:  # the first row that needed it created it
                    row.organization_created = client["organization_id"]
                    new_organizations.discard(client["organization_id"])
                self.index.settle(-draft.number, client["id"])
            real = self.index.real
            for row in rows:
                if row.client_id is not None and row.client_id < 0:
                    row.client_id = real(row.client_id)
                if row.near:
                    row.near = [real(pk) for pk in row.near]
        insert_plain(ImportRow, rows)
        self._count(rows)
        # A new client's only touch is the file's last contact (a call reached), and it has no marks.
        scorecards_create_for_new(
            team_id=job.team_id, clients=[(client["id"], client["organization_id"]) for client in clients]
        )
        if touched:
            scorecards_recompute(clients=Client.objects.filter(pk__in=touched))
        return touched

    def replan(self, updated: list[int]) -> None:
        """CAT-5, PLAN-1 for the clients the batch updated, after its transaction: client_replan's own short
        transactions, so requests are not kept waiting for SQLite's lock (the nightly re-plan is the backstop if
        the worker dies in between: they keep the step they had)."""
        if updated:
            clients_replan(clients=Client.objects.filter(pk__in=updated))
            self.planning.replanned()

    def _count(self, rows: list[RowResult]) -> None:
        statuses = [row.status for row in rows]
        counts = {
            "created": statuses.count(ImportRow.Status.CREATED) + statuses.count(ImportRow.Status.VALID),
            "updated": statuses.count(ImportRow.Status.UPDATED),
            "skipped": statuses.count(ImportRow.Status.SKIPPED),
            "failed": statuses.count(ImportRow.Status.FAILED),
        }
        ImportJob.objects.filter(pk=self.job.pk).update(
            rows_done=F("rows_done") + len(rows),
            heartbeat_at=timezone.now(),
            **{name: F(name) + value for name, value in counts.items()},
        )

    def _organization_for(self, draft: Draft, created: dict[str, Organization]) -> None:
        key = draft.organization.key if draft.organization else ""
        if key and key not in self.organizations and key not in created:
            o = draft.organization
            assert o is not None
            created[key] = Organization(team_id=self.job.team_id, name=o.name, search_name=fold(o.name),
                                        country=o.country, time_zone=o.time_zone, employees=o.employees,
                                        annual_revenue=o.annual_revenue, vertical=o.vertical)  # fmt: skip

    def _create(self, drafts: list[Draft]) -> tuple[list[dict[str, Any]], set[int]]:
        """New clients in bulk, with the rules client_create keeps: contacts normalised (rows.read_row), CAT-1/2
        checked, a CAT-6 history row each; the last contact and purchase as history the planner reads. The clients
        are plain rows (column -> value, with their new "id"): a model instance cost more to build than to write."""
        new_organizations: dict[str, Organization] = {}
        for draft in drafts:
            self._organization_for(draft, new_organizations)
        for organization in Organization.objects.bulk_create(list(new_organizations.values())):
            self.organizations[organization_key(organization.name)] = organization.pk
        new_ids = {organization.pk for organization in new_organizations.values()}
        now, by_id = timezone.now(), self.job.by_id
        clients = [self._client(draft, now) for draft in drafts]
        for client, pk in zip(clients, insert_values(Client, clients), strict=True):
            client["id"] = pk
        insert_values(CategoryChange, [
            {"client_id": client["id"], "changed_at": now, "changed_by_id": by_id, "to_category": client["category"],
             "reason_code": ChangeReason.CREATED, "never_reason": client["never_reason"]}
            for client in clients
        ])  # fmt: skip
        self._interests(clients, drafts)
        touches = self._history(clients, drafts)
        self._plan(clients, touches, {**{o.pk: o for o in new_organizations.values()}})
        return clients, new_ids

    def _plan(
        self, clients: list[dict[str, Any]], touches: dict[int, TouchFact], organizations: dict[int, Organization]
    ) -> None:
        """CAT-5 for every new active client, spread over its owner's days by capacity (PLAN-1)."""
        if len(self.known) >= PLANS_KEPT:  # kept across batches, but bounded like the planner's memos
            self.known.clear()
        self.known.update(organizations)
        wanted = {client["organization_id"] for client in clients if client["organization_id"]} - set(self.known)
        self.known.update(Organization.objects.in_bulk(wanted))
        unplanned = self.planning.plan(clients=clients, organizations=self.known, touches=touches)
        if unplanned:  # hours that leave no time to call: client_replan keeps trying and logs them
            clients_replan(clients=Client.objects.filter(pk__in=unplanned))
            self.planning.replanned()

    def _client(self, draft: Draft, now: dt.datetime) -> dict[str, Any]:
        organization_id = self.organizations.get(draft.organization.key) if draft.organization else None
        organization_name = draft.organization.name if draft.organization else ""
        group = draft.relationship_group
        if draft.last_purchase is not None and group == RelationshipGroup.PROSPECT:
            group = RelationshipGroup.CUSTOMER  # as recording an order does
        zone = ZoneInfo(draft.reading_zone)
        return {
            "created_at": now, "updated_at": now,
            "owner_id": draft.owner_id, "organization_id": organization_id, "decision_role": draft.decision_role,
            "last_name": draft.last_name, "first_name": draft.first_name, "patronymic": draft.patronymic,
            "position": draft.position, "phones": draft.phones, "emails": draft.emails, "birthday": draft.birthday,
            "language": draft.language, "country": draft.country, "time_zone": draft.zone_to_keep,
            "time_zone_source": draft.time_zone_source, "time_zone_evidence": draft.time_zone_evidence,
            "relationship_group": group, "category": draft.category, "never_reason": draft.never_reason,
            "notes": draft.notes, "do_not_contact": draft.do_not_contact,
            "last_touch_at": draft.last_contact_at or dt.datetime.combine(draft.last_contact, dt.time(12), tzinfo=zone)
            if draft.last_contact else None,
            "last_order_on": draft.last_purchase,
            "search_text": search_text(names=(draft.last_name, draft.first_name, draft.patronymic),
                                       phones=draft.phones, emails=draft.emails, organization=organization_name,
                                       phone_digits=draft.phone_digits),
        }  # fmt: skip

    def _interests(self, clients: list[dict[str, Any]], drafts: list[Draft]) -> None:
        """POST-3: interests are the team's tags, lowercase."""
        names = {name for draft in drafts for name in draft.interests}
        if not names:
            return
        Tag.objects.bulk_create([Tag(team_id=self.job.team_id, name=name) for name in names], ignore_conflicts=True)
        tags = dict(Tag.objects.filter(team_id=self.job.team_id, name__in=names).values_list("name", "pk"))
        through = Client.interests.through
        through.objects.bulk_create(
            through(client_id=client["id"], tag_id=tags[name])
            for client, draft in zip(clients, drafts, strict=True)
            for name in draft.interests
        )

    def _history(self, clients: list[dict[str, Any]], drafts: list[Draft]) -> dict[int, TouchFact]:
        """SIX-1 counts contacts that happened and the ladder counts orders: the file's dates become both. Returns
        the contacts as the planner reads them."""
        touches: list[dict[str, Any]] = []
        facts: dict[int, TouchFact] = {}
        orders: list[dict[str, Any]] = []
        for client, draft in zip(clients, drafts, strict=True):
            pk, last_touch_at = client["id"], client["last_touch_at"]
            if last_touch_at is not None:
                # The file's contact was its owner's (who made it is not said): the importer made no call, and the
                # activity report counts contacts by who made them.
                touches.append({"client_id": pk, "by_id": client["owner_id"], "happened_at": last_touch_at,
                                "channel": Channel.CALL, "direction": Direction.OUTBOUND, "goal": Goal.GATHER_INFO,
                                "outcome": Outcome.REACHED})  # fmt: skip
                facts[pk] = TouchFact(last_touch_at, Channel.CALL, Direction.OUTBOUND, Goal.GATHER_INFO,
                                      Outcome.REACHED)  # fmt: skip
            if draft.last_purchase is not None:
                amount = draft.last_purchase_amount or 0
                day = draft.last_purchase
                orders.append({"client_id": pk, "ordered_on": day, "amount": amount, "amount_paid": amount,
                               "delivered_on": day, "items": "", "created_by_id": self.job.by_id})  # fmt: skip
        insert_values(Touch, touches)
        insert_values(Order, orders)
        return facts
