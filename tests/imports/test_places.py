"""Phones written in a foreign national format, and time zones of countries with several (issue 11)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import phonenumbers
import pytest

from keepwarm.clients.contacts import phone_search_digits
from keepwarm.clients.models import Client
from keepwarm.imports.models import ImportRow
from keepwarm.imports.places import city_country, derived_zone, read_phone
from keepwarm.touches.models import PlannedTouch
from tests.imports.helpers import run_import


@pytest.mark.parametrize(
    ("raw", "regions", "e164", "guessed"),
    [
        ("022 123 456", ["", "", "MD"], "+37322123456", False),  # the team's own format
        ("8 (495) 123-45-67", ["RU", "", "MD"], "+74951234567", False),  # the row's country first
        ("8 (985) 123-45-67", ["", "", "MD"], "+79851234567", True),  # valid only as Russian (+7: RU and KZ)
        ("8 029 123 45 67", ["", "", "MD"], "+375291234567", True),  # Belarusian
        ("+40 721 234 567", ["", "", "MD"], "+40721234567", False),  # with its country code: no guess
    ],
)
def test_a_phone_is_read_in_the_rows_then_the_teams_country_then_the_one_neighbour_it_fits(raw, regions, e164,
                                                                                          guessed):  # fmt: skip
    reading = read_phone(raw, regions)
    assert (reading.e164, reading.guessed, reading.regions) == (e164, guessed, ())


@pytest.mark.parametrize(
    "raw",
    ["+37369123456", "+79851234567", "+390612345678", "+393123456789", "+5491123456789", "+16502530000",
     "+442079460000", "+78001234567", "+3736912345", "+37369123456789", "+80012345678"],
)  # fmt: skip
def test_a_phone_written_in_e164_reads_as_the_parser_reads_it(raw):
    """The E.164 shortcut (no parser) gives what phonenumbers gives: the number, its validity, its search digits."""
    number = phonenumbers.parse(raw, None)
    valid = phonenumbers.is_valid_number(number)
    reading = read_phone(raw, ["", "", "MD"])
    assert reading.e164 == (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if valid else "")
    if valid:
        assert list(reading.digits) == phone_search_digits(reading.e164)


def test_a_number_that_fits_several_neighbours_is_ambiguous_and_nonsense_is_invalid():
    assert read_phone("0721 234 567", ["", "", "MD"]).regions == ("UA", "RO")
    assert read_phone("0721 234 567", ["", "", "MD"]).e164 == ""
    assert read_phone("12", ["", "", "MD"]) == read_phone("12", ["", "", "MD"]).__class__()


@pytest.mark.parametrize(
    ("country", "phones", "city", "zone", "source", "evidence"),
    [
        ("MD", ["+37369123456"], "", "Europe/Chisinau", "country", "MD"),  # one zone: the country's
        ("RU", ["+79851234567", "+73832123456"], "", "Asia/Novosibirsk", "phone", "+73832123456"),  # the landline's
        ("RU", ["+79851234567"], " Новосибирск ", "Asia/Novosibirsk", "city", "Новосибирск"),  # a mobile: the city
        ("RU", ["+79851234567"], "Yekaterinburg", "Asia/Yekaterinburg", "city", "Yekaterinburg"),
        ("KZ", [], "Актобе", "Asia/Aqtobe", "city", "Актобе"),
        ("US", ["+12125551234"], "", "America/New_York", "phone", "+12125551234"),
        ("US", [], "Los Angeles", "America/Los_Angeles", "city", "Los Angeles"),
        ("RU", ["+79851234567"], "Nowhere", "Europe/Moscow", "country", "RU"),  # nothing known: the capital's zone
    ],
)
def test_time1_the_zone_of_a_country_of_several_comes_from_the_phone_then_the_city_with_its_evidence(
    country, phones, city, zone, source, evidence
):
    assert derived_zone(country, phones, city) == (zone, source, evidence)


@pytest.mark.django_db
def test_a_russian_number_in_a_moldovan_file_is_imported_as_derived_and_an_ambiguous_one_is_refused(
    alice, django_capture_on_commit_callbacks
):
    data = (
        "Name;Phone;City\nIvan Petrov;8 (985) 123-45-67;Новосибирск\nOlga Rusu;0721 234 567;\nIon Ceban;069 123 456;\n"
        "Pavel Orlov;8 (985) 123-45-68;\n"
    ).encode()
    job = run_import(alice, "neighbours.csv", data, capture=django_capture_on_commit_callbacks)
    rows = {row.number: row for row in ImportRow.objects.filter(job=job)}
    ivan = Client.objects.get(pk=rows[2].client_id)
    assert (ivan.phones, ivan.country) == (["+79851234567"], "RU")
    assert {"field": "phone", "value": "+79851234567", "source": "city"} in rows[2].derived  # read as in Russia
    assert {"field": "phone", "value": "+79851234568", "source": "format"} in rows[5].derived  # as only Russia has it
    assert {"field": "time_zone", "value": "Asia/Novosibirsk", "source": "city"} in rows[2].derived
    assert rows[3].status == "failed"
    assert rows[3].errors[0]["code"] == "phone_ambiguous"
    assert rows[3].errors[0]["params"] == {"countries": "UA, RO"}
    assert Client.objects.get(pk=rows[4].client_id).phones == ["+37369123456"]


@pytest.mark.django_db
def test_a_number_dialled_inside_russia_is_read_in_the_country_of_the_rows_city(
    alice, django_capture_on_commit_callbacks
):
    """8 (902) ... fits Russia, Belarus and Kazakhstan as dialled at home: in a Moldovan team's file a row in Moscow
    reads it as Russian (the city's country comes before the team's); without a city it stays ambiguous."""
    data = "ФИО;Телефон;Город\nИванов Сергей;8 (902) 026-83-69;Москва\nПетров Олег;8 (902) 026-83-70;\n".encode()
    job = run_import(alice, "moscow.csv", data, capture=django_capture_on_commit_callbacks)
    rows = {row.number: row for row in ImportRow.objects.filter(job=job)}
    assert (rows[2].status, rows[2].errors) == ("created", [])
    sergey = Client.objects.get(pk=rows[2].client_id)
    assert (sergey.phones, sergey.country, sergey.time_zone) == (["+79020268369"], "RU", "Europe/Moscow")
    assert {"field": "phone", "value": "+79020268369", "source": "city"} in rows[2].derived
    assert rows[3].errors[0]["code"] == "phone_ambiguous"


@pytest.mark.django_db
def test_time1_the_zone_derived_from_the_phone_or_the_city_is_the_clients_and_a_city_alone_gives_its_country(
    alice, django_capture_on_commit_callbacks
):
    """Novosibirsk's landline, Omsk's written as dialled at home, Yakutsk's mobile with the city, Kazan with no
    phone and no country: each client is planned in its own hours, not in Moscow's."""
    job = run_import(alice, "time_zones_windows1251.csv", capture=django_capture_on_commit_callbacks)
    rows = {row.number: row for row in ImportRow.objects.filter(job=job)}
    clients = {number: Client.objects.get(pk=row.client_id) for number, row in rows.items()}
    assert job.failed == 0
    assert {number: (client.country, client.time_zone) for number, client in clients.items()} == {
        2: ("RU", "Asia/Novosibirsk"),
        3: ("RU", "Europe/Moscow"),  # Kazan: no phone, no country
        4: ("RU", "Asia/Omsk"),
        5: ("RU", "Asia/Yakutsk"),
    }
    assert {"field": "country", "value": "RU", "source": "city"} in rows[3].derived
    assert {"field": "time_zone", "value": "Europe/Moscow", "source": "city"} in rows[3].derived
    step = PlannedTouch.objects.get(client=clients[5], is_next_step=True, status="open")
    local = step.due_at.astimezone(ZoneInfo("Asia/Yakutsk"))
    assert 9 <= local.hour < 18, "the next step falls in Yakutsk's working hours"


def test_a_row_that_names_only_a_city_takes_the_country_of_the_most_populous_city_of_that_name():
    assert (city_country("Казань"), city_country("Chișinău"), city_country("Кишинёв"), city_country("Xyzzy")) == (
        "RU",
        "MD",
        "MD",
        "",
    )


@pytest.mark.django_db
def test_time1_the_result_counts_the_derived_values_of_the_rows_that_went_in_only(
    web, alice, django_capture_on_commit_callbacks
):
    data = "Name;Phone;City\nIvan Petrov;8 (985) 123-45-67;Новосибирск\nOlga Rusu;0721 234 567;\n".encode()
    job = run_import(alice, "neighbours.csv", data, capture=django_capture_on_commit_callbacks)
    failed = ImportRow.objects.filter(job=job, status="failed")
    assert failed.count() == 1
    failed.update(derived=[{"field": "country", "value": "UA", "source": "phone"}])  # read, then refused
    page = web(alice).get(f"/imports/{job.pk}/").content.decode()
    assert "code of 1 row was derived" in page
