"""Reads for clients and organizations: search, the list's filters (shared by the web page and the API) and the
prefetching lists need. OWN-1 comes from accounts.access: passed in by the caller, or applied by clients_listed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import Exists, F, Model, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate, Concat
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.clients.access import clients_visible_to
from keepwarm.clients.contacts import fold
from keepwarm.clients.models import CategoryChange, Client, Order, Organization, Tag
from keepwarm.core.collation import by_name, collation_name
from keepwarm.core.statements import Statement
from keepwarm.planner.inputs import hangup_warning, settings_by_team_id
from keepwarm.planner.types import PlannerSettings
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch
from keepwarm.touches.selectors import open_next_step

T = TypeVar("T", bound=Model)


# Trigram indexes (pg_trgm on PostgreSQL, FTS5 trigram on SQLite) find substrings of three characters or more.
INDEXED_TERM_LENGTH = 3
SQLITE_SEARCH_INDEX = "SELECT rowid FROM clients_client_search WHERE clients_client_search MATCH %s"


PHONE_PUNCTUATION = str.maketrans("", "", "+-().")


def search_terms(q: str) -> list[str]:
    """The folded words of a search; a phone number in any format, spaces included, becomes one run of digits.

    Leading zeros go (00 373 69 123 456 finds +373 69 123 456); a number typed as dialled inside its country
    (8 985 341-77-91, 069 123 456) matches the national form the search text keeps too (contacts)."""
    terms: list[str] = []
    number = ""  # the digits of the phone number being read, word by word
    for word in fold(q).split():
        digits = word.translate(PHONE_PUNCTUATION)
        if digits.isdigit() or not digits:  # a lone "-" or "(" between a number's groups is part of it
            number += digits
            continue
        if number:
            terms.append(number.lstrip("0") or number)
            number = ""
        terms.append(word)
    if number:
        terms.append(number.lstrip("0") or number)
    return terms


def is_selective(q: str) -> bool:
    """A search with a term the trigram index can use matches few clients; one of short words matches many."""
    return any(len(term) >= INDEXED_TERM_LENGTH for term in search_terms(q))


def client_search(
    queryset: QuerySet[Client], *, q: str = "", category: str = "", owner: int | None = None
) -> QuerySet[Client]:
    """Case- and diacritic-insensitive search by name, phone digits, e-mail and organization."""
    terms = search_terms(q)
    if connections[queryset.db].vendor == "sqlite":
        indexed = [term for term in terms if len(term) >= INDEXED_TERM_LENGTH]
        if indexed:  # every term as an FTS5 phrase, i.e. a substring; the short ones are checked row by row
            phrases = " ".join('"{}"'.format(term.replace('"', '""')) for term in indexed)
            queryset = queryset.filter(pk__in=RawSQL(SQLITE_SEARCH_INDEX, [phrases]))
            terms = [term for term in terms if len(term) < INDEXED_TERM_LENGTH]
    for term in terms:
        queryset = queryset.filter(search_text__contains=term)
    if category:
        queryset = queryset.filter(category=category)
    if owner is not None:
        queryset = queryset.filter(owner_id=owner)
    return queryset


def with_next_step(queryset: QuerySet[Client], *, step_columns: tuple[str, ...] = ()) -> QuerySet[Client]:
    """Attach each client's open next step as `open_next_steps` in one extra query; only `step_columns` of it
    when given (a page's rows show two).

    Unordered: there is one per client, and the default order made SQLite walk every open step by due date."""
    steps = PlannedTouch.objects.filter(status=PlanStatus.OPEN, is_next_step=True).order_by()
    return queryset.prefetch_related(
        Prefetch(
            "planned_touches",
            queryset=steps.only("client", *step_columns) if step_columns else steps,
            to_attr="open_next_steps",
        )
    )


def clients_without_next_step(queryset: QuerySet[Client]) -> QuerySet[Client]:
    """CAT-5 violations (imports, raw edits) so they can be listed and mended."""
    open_steps = PlannedTouch.objects.filter(status=PlanStatus.OPEN, is_next_step=True).values("client_id")
    return queryset.exclude(category="never").exclude(pk__in=open_steps)


# --- Web UI reads: filters, a COUNT-free page and the card's timeline -------------------------------------


def clients_overdue(queryset: QuerySet[Client], *, today: dt.date) -> QuerySet[Client]:
    """Clients whose open next step was due before today."""
    late = PlannedTouch.objects.filter(
        client_id=OuterRef("pk"), status=PlanStatus.OPEN, is_next_step=True, due_date__lt=today
    )
    return queryset.filter(Exists(late))


def clients_going_cold(queryset: QuerySet[Client], *, today: dt.date, days: int) -> QuerySet[Client]:
    """POST-4: no purchase and no contact for `days` (the team's passive threshold); listed for reactivation,
    never dropped. A client never contacted counts from its creation, as the planner does."""
    since = today - dt.timedelta(days=days)
    since_at = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    return queryset.exclude(category="never").filter(
        Q(last_touch_at__isnull=True, created_at__lt=since_at) | Q(last_touch_at__lt=since_at),
        Q(last_order_on__isnull=True) | Q(last_order_on__lt=since),
    )


def passive_days_for(user: User) -> int:
    """POST-4's threshold under the viewer's team settings; the METHOD default for an admin without a team."""
    return settings_by_team_id({user.team_id})[user.team_id].passive_days


# Sort keys of the client list ("name" is in the reader's collation); "id" last keeps the order total, so pages
# never repeat or skip rows.
CLIENT_SORTS: dict[str, tuple[Any, ...]] = {
    "name": (),
    "last_contact": (F("last_touch_at").desc(nulls_last=True), "-id"),
    "next_step": (F("next_step_due").asc(nulls_last=True), "id"),  # no step (Never) last, on both databases
}


def clients_sorted(
    queryset: QuerySet[Client], *, sort: str, language: str, selective_search: bool = False
) -> QuerySet[Client]:
    """`selective_search`: a search's few matches cluster by name, so walking the name index to find 50 of them
    can read the whole table (PostgreSQL: 360 ms at 100,000 clients); sorting an expression sorts just them."""
    if sort not in CLIENT_SORTS or sort == "name":
        names = by_name(language)
        if selective_search:  # the same order through an expression no index holds
            names = (Collate(Concat("last_name", Value("")), collation_name(language)), *names[1:])
        return queryset.order_by(*names)
    if sort == "next_step":
        open_steps = PlannedTouch.objects.filter(client_id=OuterRef("pk"), status=PlanStatus.OPEN, is_next_step=True)
        due = open_steps.values("due_date")[:1]
        queryset = queryset.annotate(next_step_due=Subquery(due))
    return queryset.order_by(*CLIENT_SORTS[sort])


@dataclass(frozen=True)
class ClientFilters:
    """What the client list shows: the web page's filter form and the API's query both build one of these."""

    q: str = ""
    category: str = ""
    group: str = ""
    owner_id: int | None = None
    no_next_step: bool = False
    overdue: bool = False
    going_cold: bool = False
    sort: str = "name"

    @classmethod
    def of(cls, data: Mapping[str, Any], *, group_field: str = "group") -> ClientFilters:
        """From a form's cleaned data or a serializer's validated data (a missing field filters nothing)."""
        owner = data.get("owner")
        return cls(
            q=data.get("q", ""),
            category=data.get("category", ""),
            group=data.get(group_field, ""),
            owner_id=owner.pk if owner else None,
            no_next_step=data.get("no_next_step", False),
            overdue=data.get("overdue", False),
            going_cold=data.get("going_cold", False),
            sort=data.get("sort") or "name",
        )


def clients_listed(*, user: User, filters: ClientFilters, today: dt.date) -> QuerySet[Client]:
    """The client list of the web page and the API: the user's clients (OWN-1), filtered, in a total order.

    The owner is selected even where it is not shown: when SQLite needs no user column it reads the whole team
    through the owner index and sorts it (170 ms at 80,000 clients) instead of walking the name index (1 ms)."""
    visible = clients_visible_to(user).select_related("owner")
    queryset = client_search(visible, q=filters.q, category=filters.category, owner=filters.owner_id)
    if filters.group:
        queryset = queryset.filter(relationship_group=filters.group)
    if filters.no_next_step:
        queryset = clients_without_next_step(queryset)
    if filters.overdue:
        queryset = clients_overdue(queryset, today=today)
    if filters.going_cold:
        queryset = clients_going_cold(queryset, today=today, days=passive_days_for(user))
    return clients_sorted(queryset, sort=filters.sort, language=user.language, selective_search=is_selective(filters.q))


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page without COUNT(*): a million rows cost the same as ten."""

    rows: list[T]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1


def page_of(queryset: QuerySet[T], *, number: int, size: int = 50) -> Page[T]:
    """Fetch one row more than the page to learn whether a next page exists."""
    number = max(number, 1)
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])
    return Page(rows=rows[:size], number=number, has_next=len(rows) > size)


# --- Organizations: search by the folded name (the client form picks one with clients.pickers) -------------------


def organization_search(queryset: QuerySet[Organization], *, q: str) -> QuerySet[Organization]:
    """Case- and diacritic-insensitive, every word a substring of the name (the same fold as client search)."""
    for term in fold(q).split():
        queryset = queryset.filter(search_name__contains=term)
    return queryset


@dataclass(frozen=True)
class TimelineItem:
    """One line of the client card's history; `kind` picks the template branch."""

    at: dt.datetime
    kind: str  # "touch" | "planned" | "order" | "category"
    obj: Touch | PlannedTouch | Order | CategoryChange


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())


TIMELINE_LIMIT = 100


# Built once (core.statements): the four ORM queries cost the card ~3 ms to build and ~0.5 ms to run.
_TIMELINE_TOUCHES = Statement(
    lambda client: (
        Touch.objects.filter(client_id=client).select_related("by").order_by("-happened_at", "-id")[:TIMELINE_LIMIT]
    ),
    client=int,
)
# Done plans show up as the touches that fulfilled them; cancelled ones are noise.
_TIMELINE_PLANS = Statement(
    lambda client: PlannedTouch.objects.filter(client_id=client, status=PlanStatus.OPEN).order_by("-due_date", "-id")[
        :TIMELINE_LIMIT
    ],
    client=int,
)
_TIMELINE_ORDERS = Statement(
    lambda client: Order.objects.filter(client_id=client).order_by("-ordered_on", "-id")[:TIMELINE_LIMIT], client=int
)
_TIMELINE_CHANGES = Statement(
    lambda client: CategoryChange.objects.filter(client_id=client).select_related("changed_by")[:TIMELINE_LIMIT],
    client=int,
)


def client_timeline(client: Client) -> list[TimelineItem]:
    """Touches, planned touches, orders and category changes, newest first, in four queries."""
    items = [
        *(TimelineItem(touch.happened_at, "touch", touch) for touch in _TIMELINE_TOUCHES.rows(client=client.pk)),
        *(TimelineItem(_day_start(plan.due_date), "planned", plan) for plan in _TIMELINE_PLANS.rows(client=client.pk)),
        *(
            TimelineItem(_day_start(order.ordered_on), "order", order)
            for order in _TIMELINE_ORDERS.rows(client=client.pk)
        ),
        *(TimelineItem(change.changed_at, "category", change) for change in _TIMELINE_CHANGES.rows(client=client.pk)),
    ]
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:TIMELINE_LIMIT]


_INTERESTS = Statement(lambda client: Tag.objects.filter(clients=client).values("name"), client=int)


def interest_names(client: Client) -> list[str]:
    """The client's interests (POST-3) by name, as the card and the offers show and match them."""
    return [row["name"] for row in _INTERESTS.rows(client=client.pk)]


def card_hangup_warning(client: Client, timeline: list[TimelineItem], settings: PlannerSettings) -> dt.date | None:
    """ANNOY-2's warning (planner.inputs.hangup_warning), counted from the timeline's touches when it holds them all
    (one query less for the card); read when the timeline was cut at its limit."""
    if len(timeline) >= TIMELINE_LIMIT:
        return hangup_warning(client, settings=settings)
    touches = [item.obj for item in timeline if isinstance(item.obj, Touch)]
    return hangup_warning(client, touches=touches, settings=settings)


def card_next_step(client: Client, timeline: list[TimelineItem]) -> PlannedTouch | None:
    """CAT-5's open next step, found among the timeline's open plans when the timeline holds them all (one query
    less for the card); read on its own when the timeline was cut at its limit."""
    if len(timeline) >= TIMELINE_LIMIT:
        return open_next_step(client)
    steps = (item.obj for item in timeline if isinstance(item.obj, PlannedTouch) and item.obj.is_next_step)
    return next(steps, None)
