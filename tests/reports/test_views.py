"""The report pages and their downloads show the API's numbers; downloads are formula-safe; bad input is 400."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.test import Client as WebClient
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.touches.models import Touch
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def _web(user: User) -> WebClient:
    web = WebClient()
    web.force_login(user)
    return web


@pytest.fixture
def bought_elsewhere(alice: User, bob: User) -> None:
    for owner, competitor in ((alice, '=HYPERLINK("http://x")'), (bob, "Globex")):
        Touch.objects.create(
            client=make_client(owner),
            happened_at=timezone.now(),
            channel="call",
            goal="keep_in_touch",
            outcome="bought_elsewhere",
            competitor=competitor,
            competitor_advice="-cheaper",
        )


@pytest.mark.parametrize("name", ["flows", "refusals", "six", "activity", "deals", "ladder", "journal"])
def test_own1_every_report_page_renders_for_each_role(name: str, alice: User, lena: User, root: User) -> None:
    for user in (alice, lena, root):
        response = _web(user).get(f"/reports/{name}/", {"period": "month"})
        assert response.status_code == 200
        assert b'id="report-charts"' in response.content


def test_own1_the_dashboard_shows_the_viewers_own_numbers(bought_elsewhere: None, alice: User, lena: User) -> None:
    assert _web(lena).get("/reports/").status_code == 200
    page = _web(alice).get("/reports/refusals/").content.decode()
    assert "Globex" not in page  # bob's client


def test_cat3_csv_download_is_formula_safe_and_matches_the_api(bought_elsewhere: None, lena: User) -> None:
    response = _web(lena).get("/reports/refusals.csv", {"period": "week"})
    assert response.status_code == 200
    cells = [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert "'-cheaper" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert "Globex" in cells


def test_cat3_xlsx_download_is_formula_safe(bought_elsewhere: None, lena: User) -> None:
    response = _web(lena).get("/reports/refusals.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    values = [cell.value for sheet in book for row in sheet.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://x")' in values
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in values)


@pytest.mark.parametrize("url", ["/reports/flows/", "/reports/", "/reports/six.csv"])
def test_bad_periods_on_pages_are_400_not_500(url: str, lena: User) -> None:
    assert _web(lena).get(url, {"from": "2026-02-30"}).status_code == 400
    assert _web(lena).get(url, {"period": "decade"}).status_code == 400


def test_own1_pages_of_another_manager_are_404(alice: User, bob: User) -> None:
    assert _web(alice).get("/reports/flows/", {"manager": bob.pk}).status_code == 404
    assert _web(alice).get("/reports/nonsense/").status_code == 404


def test_own1_a_lead_narrows_a_report_to_one_of_their_managers(
    bought_elsewhere: None, alice: User, bob: User, lena: User, carol: User
) -> None:
    page = _web(lena).get("/reports/refusals/", {"manager": bob.pk}).content.decode()
    assert "Globex" in page
    assert f'<option value="{bob.pk}" selected>' in page
    assert f'value="{carol.pk}"' not in page  # another team's manager is not offered
    assert "Globex" not in _web(lena).get("/reports/refusals/", {"manager": alice.pk}).content.decode()
