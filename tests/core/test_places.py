"""LANG-1 / TIME-1: countries and time zones are picked and shown by their names in the reader's language, and a
stored code is never changed by a form that did not offer it."""

from __future__ import annotations

import re

import icu
import pytest
from django.utils import translation
from rest_framework.test import APIClient

from keepwarm.accounts.models import validate_time_zone
from keepwarm.clients.models import Client, validate_country
from keepwarm.core import places
from tests.conftest import api_as
from tests.factories import make_client


def _selected(body: str, name: str) -> tuple[str, str]:
    """(value, label) of the selected option of the named select on a page."""
    select = re.search(rf'<select name="{name}".*?</select>', body, re.S)
    assert select, name
    option = re.search(r'<option value="([^"]*)" selected>([^<]*)</option>', select.group(0))
    assert option, f"nothing selected in {name}"
    return option.group(1), option.group(2)


@pytest.mark.parametrize(
    ("language", "zone", "name"),
    [
        ("ru", "Europe/Chisinau", "Молдова"),
        ("ro", "Europe/Chisinau", "Republica Moldova"),
        ("ru", "Asia/Novosibirsk", "Россия — Новосибирск"),
        ("en", "America/New_York", "United States — New York"),
        ("ru", "UTC", "UTC"),
        ("ru", "Etc/GMT+3", "Etc/GMT+3"),  # a valid zone KeepWarm has no name for is shown as its id
    ],
)
def test_a_zone_is_named_in_the_readers_language(language, zone, name):
    with translation.override(language):
        assert places.zone_name(zone) == name


def test_a_country_is_named_in_the_readers_language():
    with translation.override("ru"):
        assert places.country_name("RO") == "Румыния"
        assert places.country_name("") == ""
    with translation.override("ro"):
        assert places.country_name("RU") == "Rusia"


@pytest.mark.parametrize("language", ["ru", "ro", "en"])
def test_every_offered_code_is_one_the_models_accept_in_the_languages_order(language):
    with translation.override(language):
        countries, zones, moldova = places.country_choices(), places.zone_choices(), places.country_name("MD")
    for code, _name in countries:
        validate_country(code)
    for zone, _name in zones:
        validate_time_zone(zone)
    key = icu.Collator.createInstance(icu.Locale(language)).getSortKey
    for offered in (countries, zones):
        names = [name for _code, name in offered]
        assert names == sorted(names, key=key)
    assert len(zones) > 400
    assert ("MD", moldova) in countries
    assert not any(zone in {"Europe/Kiev", "US/Eastern", "Asia/Calcutta"} for zone, _name in zones)  # aliases


@pytest.mark.django_db
def test_the_client_form_picks_country_and_zone_by_name_and_keeps_a_code_it_does_not_offer(web, alice):
    alice.language = "ru"
    alice.save(update_fields=["language"])
    client = make_client(alice, country="UA", time_zone="Europe/Kiev", language="ru", relationship_group="prospect")
    body = web(alice).get(f"/clients/{client.pk}/edit/").content.decode()
    assert _selected(body, "country") == ("UA", "Украина")
    assert _selected(body, "time_zone") == ("Europe/Kiev", "Europe/Kiev")  # an alias, offered as it is
    assert '<option value="Europe/Kyiv">Украина — Киев</option>' in body

    form = {
        "first_name": client.first_name,
        "last_name": client.last_name,
        "language": "ru",
        "relationship_group": "prospect",
        "country": "UA",
        "time_zone": "Europe/Kiev",
        "version": client.version,
    }
    assert web(alice).post(f"/clients/{client.pk}/edit/", form).status_code == 302
    saved = Client.objects.get(pk=client.pk)
    assert (saved.country, saved.time_zone) == ("UA", "Europe/Kiev")


@pytest.mark.django_db
def test_the_card_names_the_clients_zone_and_country(web, alice):
    alice.language = "ru"
    alice.save(update_fields=["language"])
    client = make_client(alice, country="RU", time_zone="Asia/Novosibirsk")
    body = web(alice).get(f"/clients/{client.pk}/").content.decode()
    assert "Россия — Новосибирск" in body
    assert "Asia/Novosibirsk" not in body
    assert re.search(r"<dt>Страна</dt><dd>Россия</dd>", body)


@pytest.mark.django_db
def test_the_admin_picks_a_teams_zone_by_name(web, root):
    root.language = "ro"
    root.save(update_fields=["language"])
    body = web(root).get("/admin/accounts/team/add/").content.decode()
    assert '<option value="Europe/Chisinau" selected>Republica Moldova</option>' in body  # the model's default
    assert '<option value="MD">Republica Moldova</option>' in body


@pytest.mark.django_db
def test_the_api_gives_the_pick_lists_in_the_readers_language(alice):
    response = api_as(alice).get("/api/places/", HTTP_ACCEPT_LANGUAGE="ro")
    assert response.status_code == 200
    body = response.json()
    assert {"code": "MD", "name": "Republica Moldova"} in body["countries"]
    assert {"id": "Asia/Novosibirsk", "name": "Rusia — Novosibirsk"} in body["time_zones"]
    assert len(body["time_zones"]) == len(places.zone_choices())
    assert APIClient().get("/api/places/").status_code in (401, 403)  # signed in only
