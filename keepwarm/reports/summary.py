"""Touch counts kept by the database itself (models.TouchCount, ClientDay): triggers on touches and clients.

Why triggers and not the services: touches are written by the services, by raw multi-row inserts (imports,
core.inserts), by merges that move them to another client (an UPDATE of client_id), by the recycle bin (a client's
deleted_at) and owner changes, by demo and benchmark builders with bulk_create. A trigger sees every one of those,
and any added later, so the counts equal a recount of the raw rows at all times (tests/reports/test_summary.py).
A change to the SQL here needs a migration that calls `uninstall` and `install` again.

The counts are a sum over the touches of the clients not binned, each under its client's owner of now and its day
in the server's zone (TIME_ZONE): a touch inserted, deleted or updated, a client whose owner or bin state changes,
adds its rows under the new state and takes them away under the old. PostgreSQL counts per statement (transition
tables), so a bulk insert costs one grouped upsert; SQLite per row. Days are in the zone named in
reports_zoneoffset, which also holds its UTC offsets from each change on (SQLite has no named zones): `ensure_zone`
refills it and counts again when TIME_ZONE changed.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import connection, transaction

TABLES = """
CREATE TABLE reports_touchcount (
  owner_id integer NOT NULL, day date NOT NULL, by_id integer NOT NULL, channel varchar(10) NOT NULL,
  goal varchar(24) NOT NULL, outcome varchar(20) NOT NULL, refusal_reason varchar(24) NOT NULL,
  competitor varchar(120) NOT NULL, advised boolean NOT NULL, touches integer NOT NULL,
  PRIMARY KEY (owner_id, day, by_id, channel, goal, outcome, refusal_reason, competitor, advised)){rowid};
CREATE TABLE reports_clientday (
  outcome varchar(20) NOT NULL, owner_id integer NOT NULL, day date NOT NULL, client_id integer NOT NULL,
  touches integer NOT NULL, PRIMARY KEY (outcome, owner_id, day, client_id)){rowid};
CREATE TABLE reports_zoneoffset (
  starts_at {stamp} NOT NULL PRIMARY KEY, seconds integer NOT NULL, zone varchar(64) NOT NULL){rowid}"""

COUNTED = "owner_id, day, by_id, channel, goal, outcome, refusal_reason, competitor, advised"
PER_CLIENT = "outcome, owner_id, day, client_id"


def _offset(moment: str) -> str:
    return (
        f"coalesce((SELECT o.seconds FROM reports_zoneoffset o WHERE o.starts_at <= {moment} "
        "ORDER BY o.starts_at DESC LIMIT 1), 0)"
    )


def _day(moment: str) -> str:
    """The local day of a timestamp, by the zone's offset then."""
    if connection.vendor == "postgresql":  # named zones: the zone read once a statement
        return f"({moment} AT TIME ZONE coalesce((SELECT zone FROM reports_zoneoffset LIMIT 1), 'UTC'))::date"
    return f"date({moment}, {_offset(moment)} || ' seconds')"


def _upsert(row: str, source: str, owner: str, where: str, sign: int) -> str:
    """Add (sign 1) or take away (-1) the touches `source` yields (columns prefixed `row`), under `owner`."""
    day = _day(f"{row}happened_at")
    return f"""
INSERT INTO reports_touchcount ({COUNTED}, touches)
SELECT {owner}, {day}, coalesce({row}by_id, 0), {row}channel, {row}goal, {row}outcome, {row}refusal_reason,
  {row}competitor, {row}competitor_advice <> '', {sign} * count(*) FROM {source} WHERE {where}
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
ON CONFLICT ({COUNTED}) DO UPDATE SET touches = reports_touchcount.touches + excluded.touches;
INSERT INTO reports_clientday ({PER_CLIENT}, touches)
SELECT {row}outcome, {owner}, {day}, {row}client_id, {sign} * count(*) FROM {source}
WHERE {where} GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
ON CONFLICT ({PER_CLIENT}) DO UPDATE SET touches = reports_clientday.touches + excluded.touches;"""


def _of_touches(rows: str, sign: int, *, row: str = "t.") -> str:
    """Touch rows (a transition table, or on SQLite NEW/OLD) under their client's owner, if it is not binned."""
    source = "clients_client k" if rows in ("NEW", "OLD") else f"{rows} t JOIN clients_client k ON k.id = t.client_id"
    where = "k.deleted_at IS NULL" + (f" AND k.id = {rows}.client_id" if rows in ("NEW", "OLD") else "")
    return _upsert(row, source, "k.owner_id", where, sign)


def _of_client(state: str, sign: int) -> str:
    """All touches of a client, under its owner in `state` (OLD or NEW)."""
    return _upsert("t.", "touches_touch t", f"{state}.owner_id", f"t.client_id = {state}.id", sign)


CLIENT_MOVED = "OLD.owner_id IS DISTINCT FROM NEW.owner_id OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at"
# What a touch is counted by: an update of any other column changes no count.
TOUCH_KEYS = "client_id, happened_at, by_id, channel, goal, outcome, refusal_reason, competitor, competitor_advice"


def _postgresql() -> list[str]:
    def function(name: str, body: str) -> str:
        return f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$;"

    client_moved = f"""IF OLD.deleted_at IS NULL THEN {_of_client("OLD", -1)} END IF;
IF TG_OP = 'UPDATE' THEN IF NEW.deleted_at IS NULL THEN {_of_client("NEW", 1)} END IF; END IF;"""
    emptied = "DELETE FROM reports_touchcount; DELETE FROM reports_clientday;"
    return [
        function("reports_touches_added", _of_touches("new_rows", 1)),
        function("reports_touches_removed", _of_touches("old_rows", -1)),
        function("reports_touches_changed", _of_touches("old_rows", -1) + _of_touches("new_rows", 1)),
        function("reports_client_moved", client_moved),
        function("reports_emptied", emptied),
        "CREATE TRIGGER reports_touch_insert AFTER INSERT ON touches_touch REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION reports_touches_added()",
        "CREATE TRIGGER reports_touch_delete AFTER DELETE ON touches_touch REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION reports_touches_removed()",
        "CREATE TRIGGER reports_touch_update AFTER UPDATE ON touches_touch REFERENCING OLD TABLE AS old_rows "
        "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_touches_changed()",
        f"CREATE TRIGGER reports_client_update AFTER UPDATE OF owner_id, deleted_at ON clients_client FOR EACH ROW "
        f"WHEN ({CLIENT_MOVED}) EXECUTE FUNCTION reports_client_moved()",
        "CREATE TRIGGER reports_client_delete AFTER DELETE ON clients_client FOR EACH ROW "
        "EXECUTE FUNCTION reports_client_moved()",
        "CREATE TRIGGER reports_touch_truncate AFTER TRUNCATE ON touches_touch "
        "FOR EACH STATEMENT EXECUTE FUNCTION reports_emptied()",
        "CREATE TRIGGER reports_client_truncate AFTER TRUNCATE ON clients_client "
        "FOR EACH STATEMENT EXECUTE FUNCTION reports_emptied()",
    ]


def _sqlite() -> list[str]:
    moved = CLIENT_MOVED.replace("IS DISTINCT FROM", "IS NOT")
    return [
        f"CREATE TRIGGER reports_touch_insert AFTER INSERT ON touches_touch BEGIN "
        f"{_of_touches('NEW', 1, row='NEW.')} END",
        f"CREATE TRIGGER reports_touch_delete AFTER DELETE ON touches_touch BEGIN "
        f"{_of_touches('OLD', -1, row='OLD.')} END",
        f"CREATE TRIGGER reports_touch_update AFTER UPDATE OF {TOUCH_KEYS} ON touches_touch BEGIN "
        f"{_of_touches('OLD', -1, row='OLD.')}{_of_touches('NEW', 1, row='NEW.')} END",
        f"CREATE TRIGGER reports_client_unbin_old AFTER UPDATE OF owner_id, deleted_at ON clients_client "
        f"WHEN ({moved}) AND OLD.deleted_at IS NULL BEGIN {_of_client('OLD', -1)} END",
        f"CREATE TRIGGER reports_client_bin_new AFTER UPDATE OF owner_id, deleted_at ON clients_client "
        f"WHEN ({moved}) AND NEW.deleted_at IS NULL BEGIN {_of_client('NEW', 1)} END",
        f"CREATE TRIGGER reports_client_delete AFTER DELETE ON clients_client WHEN OLD.deleted_at IS NULL "
        f"BEGIN {_of_client('OLD', -1)} END",
    ]


def install() -> None:
    """The tables, the zone's offsets, the triggers, then the counts of the touches already there."""
    pg = connection.vendor == "postgresql"
    tables = TABLES.format(rowid="" if pg else " WITHOUT ROWID", stamp="timestamptz" if pg else "datetime")
    with connection.cursor() as cursor:
        for statement in [*tables.split(";"), *(_postgresql() if pg else _sqlite())]:
            cursor.execute(statement)
    recount()


def uninstall() -> None:
    pg = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for table in ("touchcount", "clientday", "zoneoffset"):
            cursor.execute(f"DROP TABLE IF EXISTS reports_{table}")
        for trigger in ("touch_insert", "touch_delete", "touch_update", "client_delete"):
            cursor.execute(f"DROP TRIGGER IF EXISTS reports_{trigger}" + (" ON touches_touch" if pg else ""))
        if pg:
            cursor.execute("DROP TRIGGER IF EXISTS reports_client_update ON clients_client")
            cursor.execute("DROP TRIGGER IF EXISTS reports_touch_truncate ON touches_touch")
            cursor.execute("DROP TRIGGER IF EXISTS reports_client_truncate ON clients_client")
            for name in ("touches_added", "touches_removed", "touches_changed", "client_moved", "emptied"):
                cursor.execute(f"DROP FUNCTION IF EXISTS reports_{name}() CASCADE")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS reports_client_unbin_old")
            cursor.execute("DROP TRIGGER IF EXISTS reports_client_bin_new")


def offsets(zone: str) -> list[tuple[dt.datetime, int]]:
    """The zone's UTC offset (seconds) from each change on, 1900-2200, found day by day and then to the second."""
    tz = zoneinfo.ZoneInfo(zone)

    def offset(moment: dt.datetime) -> int:
        delta = moment.astimezone(tz).utcoffset()
        return int(delta.total_seconds()) if delta is not None else 0

    moment, last = dt.datetime(1900, 1, 1, tzinfo=dt.UTC), dt.datetime(2200, 1, 1, tzinfo=dt.UTC)
    changes = [(dt.datetime(1, 1, 1, tzinfo=dt.UTC), offset(moment))]
    while moment < last:
        following = moment + dt.timedelta(days=1)
        if offset(following) != changes[-1][1]:
            low, high = moment, following
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if offset(middle) == changes[-1][1] else (low, middle)
            changes.append((high.replace(microsecond=0), offset(high)))
        moment = following
    return changes


def recount() -> None:
    """The zone's offsets for TIME_ZONE, and every count again from the raw rows."""
    ops = connection.ops
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_zoneoffset")
        zone = settings.TIME_ZONE
        cursor.executemany(
            "INSERT INTO reports_zoneoffset (starts_at, seconds, zone) VALUES (%s, %s, %s)",
            [(ops.adapt_datetimefield_value(at), seconds, zone) for at, seconds in offsets(zone)],
        )
        cursor.execute("DELETE FROM reports_touchcount")
        cursor.execute("DELETE FROM reports_clientday")
        for statement in _of_touches("touches_touch", 1).split(";"):
            if statement.strip():
                cursor.execute(statement)


def _counted_zone() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT zone FROM reports_zoneoffset LIMIT 1")
        row = cursor.fetchone()
    return row[0] if row is not None else None


def ensure_zone() -> None:
    """Counts by day hold for the zone they were counted in: after TIME_ZONE changed, count again (once). Two
    first reports at once: the second waits for the first's recount (the table lock) and then finds it done."""
    if _counted_zone() == settings.TIME_ZONE:
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE reports_zoneoffset IN SHARE ROW EXCLUSIVE MODE")
        if _counted_zone() != settings.TIME_ZONE:
            recount()
