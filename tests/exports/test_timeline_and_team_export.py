"""A client's timeline as CSV/XLSX (OWN-1) and a team's full export: a streamed ZIP of CSV files that admins and
the team's lead may take, nobody else."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.test import Client as Browser
from django.utils import timezone

from keepwarm.flows.orders import order_record
from keepwarm.flows.touches import client_log_touch
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db
REACHED = {"channel": "call", "goal": "present", "outcome": "reached"}


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_timeline_has_every_kind_of_event_oldest_first(alice):
    client = make_client(alice)
    client_log_touch(client=client, by=alice, notes="=danger", **REACHED)
    order_record(client=client, by=alice, ordered_on=timezone.localdate(), amount=Decimal(250), items="wine")
    rows = read_csv(body(api_as(alice).get(f"/api/clients/{client.pk}/timeline/export/", {"format": "csv"})))
    assert rows[0][:2] == ["When", "What"]
    kinds = [row[1] for row in rows[1:]]
    assert {"Contact", "Order", "Category changed", "Planned contact"} <= set(kinds)
    assert kinds.index("Category changed") < kinds.index("Contact"), "the creation before the contact"
    assert any("'=danger" in row[7] for row in rows[1:])
    browser = Browser()
    browser.force_login(alice)
    sheet = openpyxl.load_workbook(
        io.BytesIO(body(browser.get(f"/clients/{client.pk}/timeline/export/", {"format": "xlsx"})))
    ).active
    assert sheet.max_row == len(rows)


def test_own1_the_timeline_of_another_teams_client_is_a_404_and_vcf_a_400(alice, carol):
    theirs = make_client(carol)
    assert api_as(alice).get(f"/api/clients/{theirs.pk}/timeline/export/").status_code == 404
    mine = make_client(alice)
    assert api_as(alice).get(f"/api/clients/{mine.pk}/timeline/export/", {"format": "vcf"}).status_code == 400


def test_own1_the_full_export_is_for_the_teams_lead_and_admins(alice, lena, carol, root, team, other_team):
    make_client(alice, last_name="Albu", notes="+cmd")
    make_client(carol, last_name="Carolescu")
    assert api_as(alice).get("/api/team/export/").status_code == 403
    assert api_as(lena).get("/api/team/export/", {"team": other_team.pk}).status_code == 404
    assert api_as(root).get("/api/team/export/", {"team": "x"}).status_code == 400
    response = api_as(lena).get("/api/team/export/")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    names = set(archive.namelist())
    assert {"clients.csv", "touches.csv", "planned_touches.csv", "orders.csv", "deals.csv"} <= names
    days = {timezone.localdate(), timezone.localdate(timezone=ZoneInfo(lena.time_zone))}  # the zip's date has no zone
    assert {dt.date(*info.date_time[:3]) for info in archive.infolist()} <= days  # dated when written, not 1980
    assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
    assert {"category_changes.csv", "scorecard_marks.csv", "journal.csv", "field_changes.csv"} <= names
    clients = read_csv(archive.read("clients.csv"))
    last_name = clients[0].index("last_name")
    assert [row[last_name] for row in clients[1:]] == ["Albu"]
    assert "'+cmd" in clients[1]
    users = read_csv(archive.read("users.csv"))
    assert "password" not in users[0]
    admin_zip = zipfile.ZipFile(io.BytesIO(body(api_as(root).get("/api/team/export/", {"team": other_team.pk}))))
    theirs = read_csv(admin_zip.read("clients.csv"))
    assert [row[last_name] for row in theirs[1:]] == ["Carolescu"]


def test_the_full_export_page(lena, alice, team):
    browser = Browser()
    browser.force_login(lena)
    assert f"/team/export/{team.pk}/" in browser.get("/team/export/").content.decode()
    assert browser.get(f"/team/export/{team.pk}/").status_code == 200
    browser.force_login(alice)
    assert browser.get("/team/export/").status_code == 403
