"""SALE-1 and the other reports: each chart plots numbers of one kind (no text, no share beside counts), while its
table keeps every column; cells read in the reader's locale."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import html
import io
import json
import re
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client as WebClient
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.deals.models import Deal, DealStageChange
from tests.factories import make_client

pytestmark = pytest.mark.django_db

REPORTS = ["flows", "refusals", "six", "activity", "deals", "ladder", "journal"]


def _web(user: User) -> WebClient:
    web = WebClient()
    web.force_login(user)
    return web


def _charts(page: str) -> list[dict]:
    found = re.search(r'<script id="report-charts" type="application/json">(.*?)</script>', page, re.S)
    assert found
    return json.loads(found.group(1))


@pytest.fixture
def deals(alice: User, bob: User) -> None:
    today = timezone.localdate()
    for owner, amount, result in ((alice, 8000, "won"), (bob, 1500, "won"), (alice, 100, "lost")):
        deal = Deal.objects.create(
            client=make_client(owner),
            title="d",
            amount=Decimal(amount),
            currency="EUR",
            result=result,
            opened_on=today - dt.timedelta(days=40),
            closed_on=today,
        )
        for stage in ("search_evaluation", "needs_contact"):
            DealStageChange.objects.create(deal=deal, changed_at=timezone.now(), to_stage=stage)


def test_sale1_deals_charts_plot_counts_with_counts_and_amounts_alone(deals: None, lena: User) -> None:
    page = _web(lena).get("/reports/deals/", {"period": "month"}).content.decode()
    funnel, closed, amounts = _charts(page)

    assert [funnel["columns"][i] for i in funnel["series"]] == ["This period", "Previous period"]
    assert "Went on to the next stage (%)" in funnel["columns"]  # the table keeps it
    assert [row[0] for row in closed["rows"]] == ["Won", "Lost"]  # no win rate among the counts
    assert [amounts["columns"][i] for i in amounts["series"]] == ["Amount"]
    assert ">Win rate (%)<" in page
    assert ">EUR<" in page


@pytest.mark.parametrize("name", REPORTS)
def test_sale1_no_chart_plots_text(deals: None, lena: User, name: str) -> None:
    for chart in _charts(_web(lena).get(f"/reports/{name}/", {"period": "year"}).content.decode()):
        for row in chart["rows"] if chart["chart"] else []:
            for column in chart["series"]:
                assert row[column] is None or isinstance(row[column], int | float), (chart["title"], row)


def test_own1_the_period_picker_keeps_the_team_and_the_manager(root: User, bob: User, lena: User) -> None:
    page = _web(root).get("/reports/flows/", {"team": bob.team_id, "manager": bob.pk}).content.decode()
    presets = [html.unescape(href) for href in re.findall(r'<a href="(\?[^"]*period=[^"]*)"', page)]
    assert len(presets) == 4
    for href in presets:
        assert f"team={bob.team_id}" in href
        assert f"manager={bob.pk}" in href
    assert f'<option value="{bob.team_id}" selected>' in page  # an admin's team selector
    assert f'<option value="{bob.pk}" selected>' in page
    page = _web(lena).get("/reports/flows/", {"team": bob.team_id}).content.decode()
    assert f'<input type="hidden" name="team" value="{bob.team_id}">' in page  # a lead's own team, kept


def _cells(page: str) -> list[tuple[str, str]]:
    """(data-label, text) of every cell of the report's tables."""
    return re.findall(r'<td data-label="([^"]*)">(?:<a [^>]*>)?([^<]*)', page)


def test_lang1_report_cells_read_in_the_readers_locale(deals: None, lena: User) -> None:
    lena.language = "ru"
    lena.save(update_fields=["language"])
    today = timezone.localdate()
    page = _web(lena).get("/reports/deals/", {"period": "month"}).content.decode()
    cells = [text for _label, text in _cells(page)]

    assert "9\xa0500" in cells  # the month's won amount, grouped as the chart's axis is
    assert "9500" not in cells
    assert "9500.0" not in cells
    assert today.strftime("%Y-%m") not in cells  # the month in words
    assert today.strftime("%d.%m.%Y") in page
    assert f"{today:%Y-%m-%d} –" not in page


def test_lang1_a_column_of_measured_values_shows_the_same_decimals() -> None:
    from keepwarm.reports import display

    assert display.rows([["a", 606.5, 436.0], ["b", 168.0, 130.5], ["c", 1, None]]) == [
        ["a", "606.5", "436.0"],
        ["b", "168.0", "130.5"],
        ["c", "1", "—"],
    ]


@pytest.mark.parametrize("name", REPORTS)
def test_lang1_every_report_cell_is_labelled_for_phones(deals: None, lena: User, name: str) -> None:
    page = _web(lena).get(f"/reports/{name}/", {"period": "year"}).content.decode()
    for table in re.findall(r'<table class="table report-table".*?</table>', page, re.S):
        headers = re.findall(r'<th scope="col">([^<]*)</th>', table)
        for row in re.findall(r"<tr>(<td(?! colspan).*?)</tr>", table, re.S):
            assert re.findall(r'<td data-label="([^"]*)"', row) == headers
    drill = _web(lena).get("/reports/deals/clients/", {"measure": "won", "period": "month"}).content.decode()
    assert re.findall(r'<td data-label="([^"]*)"', drill)[:3] == ["Client", "Owner", "Category"]


def test_cat3_the_csv_download_opens_in_excel_with_its_letters(lena: User, alice: User) -> None:
    lena.language = "ru"
    lena.save(update_fields=["language"])
    body = _web(lena).get("/reports/refusals.csv").content
    assert body.startswith(codecs.BOM_UTF8)
    assert "Отказы" in body.decode("utf-8-sig")


def test_cat3_a_semicolon_csv_keeps_its_cells_whole_and_writes_a_decimal_comma() -> None:
    """The ";" CSV is the one a Russian or Romanian Excel opens: 33,3 is a number there, 33.3 is not."""
    from decimal import Decimal

    from keepwarm.reports.exports import as_csv
    from keepwarm.reports.tables import Table

    table = Table("A; B", ["Day", "Count", "Share", "Amount"], [["x,y", 2, 1.5, Decimal("1234.50")]])
    text = as_csv([table, Table("C", ["D"], [])], delimiter=";")
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["A; B"], ["Day", "Count", "Share", "Amount"], ["x,y", "2", "1,5", "1234,50"], [], ["C"], ["D"]]
    comma = list(csv.reader(io.StringIO(as_csv([table]).decode("utf-8-sig"))))
    assert comma[2] == ["x,y", "2", "1.5", "1234.50"]  # the comma CSV keeps the point


def test_lang1_xlsx_sheets_have_short_distinct_whole_word_names(lena: User) -> None:
    for language in ("ru", "ro", "en"):
        lena.language = language
        lena.save(update_fields=["language"])
        for name in REPORTS:
            book = openpyxl.load_workbook(io.BytesIO(_web(lena).get(f"/reports/{name}.xlsx").content))
            names = book.sheetnames
            assert len(set(names)) == len(names), names
            titles = " ".join(_titles(_web(lena).get(f"/reports/{name}/").content.decode()))
            for sheet in names:
                assert len(sheet) <= 31
                assert sheet == sheet.strip()
                assert not re.match(r"^\d", sheet), names  # distinct without a number in front
                words = sheet.split(" ")
                for word in words:  # each word whole: it is a word of the table's title or its short name
                    assert re.search(rf"(^|[\s«„(]){re.escape(word)}($|[\s»”),.])", titles + " " + sheet), word


def _titles(page: str) -> list[str]:
    return [html.unescape(title) for title in re.findall(r"<h2>([^<]*)</h2>", page)]


def test_own1_the_picker_offers_the_teams_it_is_given(team, other_team, rf) -> None:
    from django.template.loader import render_to_string

    request = rf.get("/reports/flows/", {"team": other_team.pk})
    page = render_to_string("reports/_picker.html", {"teams": [team, other_team]}, request=request)
    assert f'<option value="{other_team.pk}" selected>' in page
    assert 'type="hidden" name="team"' not in page  # the selector carries it


def test_sale1_amounts_in_two_currencies_are_not_charted_on_one_axis(deals: None, lena: User) -> None:
    Deal.objects.filter(amount=1500).update(currency="MDL")
    page = _web(lena).get("/reports/deals/", {"period": "month"}).content.decode()
    assert _charts(page)[2]["chart"] == ""
    assert ">MDL<" in page
    assert ">EUR<" in page
