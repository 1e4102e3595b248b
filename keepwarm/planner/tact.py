"""Tact (TACT-1..7) and time zones (TIME-1): when a call to a client may start, in the client's wall time.

Windows are computed arithmetically in minutes of the local day and cached per work pattern and per
(country, year) / (time zone, year), so planning a year for many clients never loops over minutes; clients on
the same calendar also share the slots found from the start of a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from keepwarm.planner.calendars import holiday_name, is_working_day
from keepwarm.planner.types import ClientFacts, PlannerSettings, Reason, Slot, WorkPattern

WORKING = "working"
WEEKEND = "weekend"
HOLIDAY = "holiday"
PRE_WEEKEND = "pre_weekend"

_DAY = timedelta(days=1)
_MAX_SEARCH_DAYS = 400  # more than a year of closed days means the settings allow no call at all
_MIN_MARGIN = 5  # TACT-3: S1's five minutes is the floor a team may lower the margin to
# Entry points read a later day as this one, so a year's table and a slot search (up to _MAX_SEARCH_DAYS on)
# never step past date.max; the services refuse such dates long before (touches.bounds).
LAST_DAY = date(9000, 1, 1)

Windows = tuple[tuple[int, int], ...]  # (first start, last start) in minutes of the local day


class NoAllowedSlotError(ValueError):
    """The client's work pattern and the team's tact settings leave no time to call at all."""


@dataclass(frozen=True)
class MomentStatus:
    """Is now a good moment to call (client card, agenda order)? `closes_at`: when the current window ends."""

    ok: bool
    code: str  # "good" | "off_hours" | "lunch" | "end_of_day" | "non_working_day" | "pre_weekend"
    local_now: datetime
    closes_at: time | None = None

    @property
    def minutes_left(self) -> int | None:
        if self.closes_at is None:
            return None
        return _minutes(self.closes_at) - _minutes(self.local_now.time())


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


_TIMES = tuple(time(minutes // 60, minutes % 60) for minutes in range(24 * 60))  # built once: planning is hot


def _time(minutes: int) -> time:
    return _TIMES[minutes]


def _hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")


@cache
def zone(name: str) -> ZoneInfo:
    """ZoneInfo keeps only a few zones strongly cached; planning many clients must not re-read tz files."""
    return ZoneInfo(name)


def work_pattern(client: ClientFacts, settings: PlannerSettings) -> WorkPattern:
    """TACT-1: the client's (or organization's) own hours win over the team default."""
    return client.work or settings.work


@lru_cache(maxsize=1024)
def _year_kinds(country: str, year: int, workdays: frozenset[int], pre_weekend: bool) -> tuple[str, ...]:
    """TACT-4/5: the kind of every day of a year, so stepping through days is a list lookup."""
    kinds = []
    day = date(year, 1, 1)
    while day.year == year:
        if holiday_name(country, day) is not None:
            kinds.append(HOLIDAY)
        elif not is_working_day(day, country, workdays):
            kinds.append(WEEKEND)
        elif pre_weekend and not is_working_day(day + _DAY, country, workdays):
            kinds.append(PRE_WEEKEND)
        else:
            kinds.append(WORKING)
        day += _DAY
    return tuple(kinds)


@lru_cache(maxsize=512)
def _dst_gaps(time_zone: str, year: int) -> dict[date, tuple[int, int]]:
    """TIME-1: local wall minutes that do not exist (spring-forward), per day of the year."""
    tz = zone(time_zone)
    gaps = {}
    day = date(year, 1, 1)
    before = datetime(year, 1, 1, tzinfo=tz).utcoffset()
    while day.year == year:
        if day == date.max:  # no next midnight to compare with
            break
        after = datetime.combine(day + _DAY, time(), tzinfo=tz).utcoffset()
        if before is not None and after is not None and after > before:
            midnight = datetime.combine(day, time(), tzinfo=UTC) - before
            low, high = 0, 24 * 60  # binary search for the first minute on the new offset
            while low < high:
                middle = (low + high) // 2
                if (midnight + timedelta(minutes=middle)).astimezone(tz).utcoffset() == before:
                    low = middle + 1
                else:
                    high = middle
            gaps[day] = (low, low + (after - before) // timedelta(minutes=1))
        before = after
        day += _DAY
    return gaps


@lru_cache(maxsize=4096)
def _windows(work: WorkPattern, margin: int, call: int, cutoff: int | None, gap: tuple[int, int] | None) -> Windows:
    """Working hours minus the end-of-day margin, lunch, a pre-weekend afternoon and a DST gap."""
    spans = [(_minutes(work.start), _minutes(work.end) - margin)]
    cuts = [(cutoff, 24 * 60)] if cutoff is not None else []
    if work.lunch_start is not None and work.lunch_end is not None:
        cuts.append((_minutes(work.lunch_start), _minutes(work.lunch_end)))
    if gap is not None:
        cuts.append(gap)
    for cut_start, cut_end in cuts:
        spans = [
            piece
            for start, end in spans
            for piece in ((start, min(end, cut_start)), (max(start, cut_end), end))
            if piece[1] > piece[0]
        ]
    return tuple((start, end - call) for start, end in sorted(spans) if end - start >= call)


Row = tuple[str, Windows, Reason | None]  # kind, windows, why the whole day is closed (None: ask the minute)


class _Year(NamedTuple):
    """One calendar's year: a row per day, and the slots found in it so far."""

    base: int  # ordinal of 1 January
    rows: tuple[Row, ...]  # one per day of the year
    # The slot found from the start of each day asked so far: most planned steps start at midnight of their
    # due day, and clients on the same calendar ask for the same days.
    from_midnight: dict[date, Slot]


@lru_cache(maxsize=4096)
def _year_table(
    country: str,
    time_zone: str,
    work: WorkPattern,
    rule: str,
    calls: bool,
    cutoff: int,
    margin: int,
    call: int,
    year: int,
) -> _Year:
    """One calendar's year, so a day is a lookup; a closed day's reason is built here once, not per plan.

    Only calls obey TACT-4 (`rule`), but both `rule` and `calls` are in the key: _moment_reason reads the
    team's rule for letters too, and the slots in `from_midnight` are shared by every plan with this key.
    """
    base = date(year, 1, 1).toordinal()
    gaps = _dst_gaps(time_zone, year)
    rule = rule if calls else "off"
    rows: list[Row] = []
    for index, kind in enumerate(_year_kinds(country, year, work.workdays, rule != "off")):
        day = date.fromordinal(base + index)
        if kind == HOLIDAY:
            rows.append((kind, (), Reason("TACT-5", "holiday", day, holiday_name(country, day) or "")))
        elif kind == WEEKEND:
            rows.append((kind, (), Reason("TACT-5", "weekend", day)))
        elif kind == PRE_WEEKEND and rule == "day":
            rows.append((kind, (), Reason("TACT-4", "pre_weekend", day)))
        else:
            cut = cutoff if kind == PRE_WEEKEND else None
            rows.append((kind, _windows(work, margin, call, cut, gaps.get(day)), None))
    return _Year(base, tuple(rows), {})


class TactCalendar:
    """One client's days under a team's tact settings, for calls or (calls=False) meetings and letters.

    A plan builds one per client and steps through its days by list lookups, not by a cache lookup per day.
    """

    __slots__ = ("_client", "_key", "_settings", "_years")

    def __init__(self, client: ClientFacts, settings: PlannerSettings, *, calls: bool) -> None:
        self._client, self._settings = client, settings
        # Everything a found slot depends on, _moment_reason's inputs included, so plans can share the years.
        self._key = (
            client.country,
            client.time_zone,
            work_pattern(client, settings),
            settings.pre_weekend_rule,
            calls,  # TACT-4 concerns calls only
            _minutes(settings.pre_weekend_afternoon_from),
            max(settings.end_of_day_margin_minutes, _MIN_MARGIN),
            max(settings.call_minutes, 1),
        )
        self._years: dict[int, _Year] = {}

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            table = self._years[year] = _year_table(*self._key, year)
        return table

    def day(self, day: date) -> Row:
        """The kind of the day, the windows a call (or meeting, letter) may start in, and why it is closed."""
        base, rows, _ = self._year(day.year)
        return rows[day.toordinal() - base]

    def slot_on_or_after(self, day: date, minute: int, *, explain_moment: bool = False) -> Slot:
        """TACT-7: the nearest allowed window at or after a local day and minute, with a reason per day skipped.

        `explain_moment` also explains why the asked minute itself moved later on the same day.
        """
        if minute or explain_moment:
            return self._search(day, minute, explain_moment)
        from_midnight = self._year(day.year).from_midnight
        slot = from_midnight.get(day)
        if slot is None:
            slot = from_midnight[day] = self._search(day, 0, explain_moment=False)
        return slot

    def _search(self, day: date, minute: int, explain_moment: bool) -> Slot:
        """slot_on_or_after day by day: the reason each closed day is skipped comes ready from its row."""
        reasons = []
        year, base = 0, 0
        rows: tuple[Row, ...] = ()
        for _ in range(_MAX_SEARCH_DAYS):
            if day.year != year:
                year = day.year
                base, rows, _ = self._year(year)
            _, windows, closed = rows[day.toordinal() - base]
            for first, last in windows:
                if last >= minute:
                    if explain_moment and minute < first:
                        reasons.append(_moment_reason(day, minute, self._client, self._settings))
                    return Slot(day, _TIMES[max(first, minute)], _TIMES[last], reasons=tuple(reasons))
            reasons.append(closed or _moment_reason(day, minute, self._client, self._settings))
            day += _DAY
            minute, explain_moment = 0, False
        raise NoAllowedSlotError(f"client {self._client.client_id}: no allowed slot within {_MAX_SEARCH_DAYS} days")

    def keep_time_of_day(self, slot: Slot, minute: int) -> Slot:
        """TACT-7: a pick moved to a later day keeps its time of day there, or the nearest allowed time after it
        (with the rule that moved it); a time that day never allows leaves the slot in the day's first window."""
        for first, last in self.day(slot.day)[1]:
            if last >= minute:
                reasons = slot.reasons
                if minute < first:
                    reasons += (_moment_reason(slot.day, minute, self._client, self._settings),)
                return Slot(slot.day, _TIMES[max(first, minute)], _TIMES[last], reasons=reasons)
        return slot

    def last_open_day(self, first: date, last: date) -> date | None:
        """The latest day in first..last with time to call (SIX-1: when tact would push past a deadline)."""
        day = last
        while day >= first:
            if self.day(day)[1]:
                return day
            day -= _DAY
        return None


def allowed_windows(day: date, client: ClientFacts, settings: PlannerSettings) -> list[tuple[time, time]]:
    """TACT-1..5, TIME-1: local windows (first start, last start) in which a call may start."""
    windows = TactCalendar(client, settings, calls=True).day(min(day, LAST_DAY))[1]
    return [(_time(start), _time(end)) for start, end in windows]


def _moment_reason(day: date, minute: int, client: ClientFacts, settings: PlannerSettings) -> Reason:
    """Which tact rule rules out a call starting at this minute of a working day (TACT-7 explanations)."""
    work = work_pattern(client, settings)
    call = max(settings.call_minutes, 1)
    end = _minutes(work.end)
    lunch = (work.lunch_start, work.lunch_end)
    gap = _dst_gaps(client.time_zone, day.year).get(day)
    detail = _hhmm(_time(minute))
    if minute < _minutes(work.start) or minute >= end:
        return Reason("TACT-1", "off_hours", day, detail)
    if minute > end - max(settings.end_of_day_margin_minutes, _MIN_MARGIN) - call:
        return Reason("TACT-3", "end_of_day", day, detail)
    if lunch[0] is not None and lunch[1] is not None and _minutes(lunch[0]) - call < minute < _minutes(lunch[1]):
        return Reason("TACT-2", "lunch", day, detail)
    if gap is not None and gap[0] - call < minute < gap[1]:
        return Reason("TIME-1", "dst_gap", day, detail)
    if settings.pre_weekend_rule == "afternoon" and minute > _minutes(settings.pre_weekend_afternoon_from) - call:
        return Reason("TACT-4", "pre_weekend", day, detail)
    return Reason("TACT-1", "off_hours", day, detail)  # a stretch of working time too short for a call


def local_day_minute(moment: datetime, client: ClientFacts) -> tuple[date, int]:
    """TIME-1: the client's local day and the first whole minute at or after the instant."""
    local = moment.astimezone(zone(client.time_zone))
    minute = local.hour * 60 + local.minute + (1 if local.second or local.microsecond else 0)
    return (local.date() + _DAY, 0) if minute == 24 * 60 else (local.date(), minute)


def first_allowed_slot(
    after: datetime, client: ClientFacts, settings: PlannerSettings
) -> tuple[date, time, time, tuple[Reason, ...]]:
    """TACT-7: the nearest allowed call slot at or after an aware instant, in the client's local time."""
    day, minute = local_day_minute(after, client)
    slot = TactCalendar(client, settings, calls=True).slot_on_or_after(day, minute, explain_moment=True)
    return slot.day, slot.window_start, slot.window_end, slot.reasons


def _existing_wall_time(day: date, moment: time, client: ClientFacts) -> tuple[date, time]:
    """TIME-1: a wall time lost at spring-forward is read as the instant it names (02:30 -> 03:30)."""
    tz = zone(client.time_zone)
    real = datetime.combine(day, moment, tzinfo=tz).astimezone(UTC).astimezone(tz)
    return real.date(), real.time().replace(second=0, microsecond=0)


def adjust_requested(
    local_day: date,
    local_time: time | None,
    client: ClientFacts,
    settings: PlannerSettings,
    client_asked: bool,
) -> Slot:
    """TACT-7: a manager's pick that breaks tact moves to the nearest allowed slot after it, with reasons;
    a time the client asked for (TACT-6) is kept and flagged as the client's choice."""
    local_day = min(local_day, LAST_DAY)
    calendar = TactCalendar(client, settings, calls=True)
    if not client_asked:
        if local_time is None:
            return calendar.slot_on_or_after(local_day, 0)
        minute = _minutes(local_time)
        slot = calendar.slot_on_or_after(local_day, minute, explain_moment=True)
        return slot if slot.day == local_day else calendar.keep_time_of_day(slot, minute)
    if local_time is None:  # the client named a day: keep it, call in its first window (or its working hours)
        windows = calendar.day(local_day)[1]
        work = work_pattern(client, settings)
        first, last = windows[0] if windows else (_minutes(work.start), _minutes(work.end))
        return Slot(
            local_day,
            _time(first),
            _time(last),
            client_choice=True,
            reasons=(Reason("TACT-6", "client_choice", local_day),),
        )
    day, moment = _existing_wall_time(local_day, local_time, client)
    reasons = [Reason("TACT-6", "client_choice", local_day, _hhmm(local_time))]
    if (day, moment) != (local_day, local_time.replace(second=0, microsecond=0)):
        reasons.append(Reason("TIME-1", "dst_gap", local_day, _hhmm(local_time)))
    return Slot(day, moment, moment, client_choice=True, reasons=tuple(reasons))


def moment_status(now: datetime, client: ClientFacts, settings: PlannerSettings) -> MomentStatus:
    """Whether a call may start right now in the client's time, and if so until when (TACT-1..5)."""
    local_now = now.astimezone(zone(client.time_zone))
    day, minute = local_now.date(), local_now.hour * 60 + local_now.minute
    kind, windows, closed = TactCalendar(client, settings, calls=True).day(day)
    for first, last in windows:
        if first <= minute <= last:
            closes_at = _time(last + max(settings.call_minutes, 1))
            return MomentStatus(ok=True, code="good", local_now=local_now, closes_at=closes_at)
    if kind in (WEEKEND, HOLIDAY):
        return MomentStatus(ok=False, code="non_working_day", local_now=local_now)
    code = (closed or _moment_reason(day, minute, client, settings)).code
    return MomentStatus(ok=False, code="off_hours" if code == "dst_gap" else code, local_now=local_now)
