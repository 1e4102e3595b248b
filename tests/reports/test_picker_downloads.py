"""OWN-1 picker: an admin picks a team and then that team's managers; CAT-3 downloads take the CSV delimiter the
page offers; LANG-1 the dashboard's tiles show their numbers grouped as the tables do."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client as WebClient
from django.utils import timezone

from keepwarm.accounts.models import Team, User
from keepwarm.touches.models import Touch
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def _web(user: User) -> WebClient:
    web = WebClient()
    web.force_login(user)
    return web


def test_own1_an_admin_picks_a_team_then_its_managers(
    root: User, alice: User, carol: User, lena: User, team: Team, other_team: Team
) -> None:
    page = _web(root).get("/reports/six/").content.decode()
    assert '<select name="team">' in page
    assert page.index("Bucharest sales") < page.index("Chisinau sales")  # by name
    assert f'value="{alice.pk}"' in page
    assert f'value="{carol.pk}"' in page

    page = _web(root).get("/reports/six/", {"team": team.pk}).content.decode()
    assert f'<option value="{team.pk}" selected>' in page
    assert f'value="{alice.pk}"' in page
    assert f'value="{carol.pk}"' not in page  # another team's manager

    page = _web(lena).get("/reports/six/").content.decode()
    assert '<select name="team">' not in page  # a lead looks at the own team
    assert "Bucharest sales" not in page


def _rows(content: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def test_cat3_the_csv_download_takes_the_semicolon_the_page_offers(alice: User, lena: User) -> None:
    make_client(alice)
    page = _web(lena).get("/reports/six/").content.decode()
    assert "six.csv?delimiter=semicolon&amp;" in page
    response = _web(lena).get("/reports/six.csv", {"delimiter": "semicolon", "period": "month"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert ";" in text
    assert ";0,0;" in text, "a share written with the decimal comma the semicolon's Excel reads"
    assert ["Measure", "This period", "Previous period"] in _rows(response.content, ";")
    assert ["Measure", "This period", "Previous period"] in _rows(_web(lena).get("/reports/six.csv").content, ",")


def test_cat3_a_bad_delimiter_is_400_naming_it(lena: User) -> None:
    response = _web(lena).get("/reports/six.csv", {"delimiter": "tab"})
    assert response.status_code == 400
    assert "delimiter" in response.content.decode()


def test_lang1_the_dashboard_tiles_group_their_numbers(alice: User, lena: User) -> None:
    client, now = make_client(alice), timezone.now()
    Touch.objects.bulk_create(
        Touch(client=client, happened_at=now, channel="call", goal="keep_in_touch", outcome="reached")
        for _ in range(1234)
    )
    page = _web(lena).get("/reports/", {"period": "month"}).content.decode()
    assert ">1,234</a>" in page or ">1,234</strong>" in page
    assert ">1234<" not in page
