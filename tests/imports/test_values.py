"""Cells read through the import as people write them (both databases): names under Russian, Romanian and English
headers, category words as the messages and the UI name them (CAT-2), vCard 4.0 values, countries and dates."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from keepwarm.clients.models import Client, Organization
from keepwarm.imports.errors import message
from keepwarm.imports.models import ImportRow
from tests.factories import OrganizationFactory, make_client
from tests.imports.helpers import run_import

pytestmark = pytest.mark.django_db


def imported(alice, capture, text: str, name: str = "clients.csv", **options) -> dict[int, ImportRow]:
    job = run_import(alice, name, text.encode(), capture=capture, **options)
    return {row.number: row for row in ImportRow.objects.filter(job=job)}


def names(rows: dict[int, ImportRow]) -> dict[int, tuple[str, str, str]]:
    clients = Client.objects.in_bulk([row.client_id for row in rows.values() if row.client_id])
    return {
        number: (client.last_name, client.first_name, client.patronymic)
        for number, row in rows.items()
        if (client := clients.get(row.client_id or 0))
    }


@pytest.mark.parametrize(
    ("header", "cell", "expected"),
    [
        ("ФИО", "Казанцев Рустам", ("Казанцев", "Рустам", "")),
        ("Полное имя", "Казанцев Рустам", ("Казанцев", "Рустам", "")),  # amoCRM
        ("ФИО", "Новиков Семён Петрович", ("Новиков", "Семён", "Петрович")),
        ("ФИО", "Семён Петрович Новиков", ("Новиков", "Семён", "Петрович")),
        ("ФИО", "Алиев Рустам Гейдар оглы", ("Алиев", "Рустам", "Гейдар оглы")),
        ("Nume și prenume", "Popescu Ion", ("Popescu", "Ion", "")),
        ("Name", "Ion Popescu", ("Popescu", "Ion", "")),
        ("Full name", "Mary Ann Smith", ("Ann Smith", "Mary", "")),
    ],
)
def test_a_full_name_is_split_in_the_order_its_header_language_writes_it(
    alice, django_capture_on_commit_callbacks, header, cell, expected
):
    rows = imported(alice, django_capture_on_commit_callbacks, f"{header};Телефон\n{cell};+37369123456\n")
    assert names(rows) == {2: expected}


QUOTED = re.compile(r"[“«„]([^”»“]+)[”»“]")


@pytest.mark.parametrize("language", ["ru", "ro", "en"])
def test_cat2_every_category_and_reason_the_messages_suggest_is_accepted(
    alice, django_capture_on_commit_callbacks, language
):
    """The messages' examples are the words the UI and the exports show; the import reads each of them (and the
    forms people write: "Будущий", "Контакт утерян навсегда")."""
    with translation.override(language):
        categories = QUOTED.findall(message({"code": "category_unknown", "params": {}}))
        reasons = QUOTED.findall(message({"code": "never_needs_reason", "params": {}}))
        assert reasons[:-1] == QUOTED.findall(message({"code": "never_reason_unknown", "params": {}}))
    never, future = reasons[0], reasons[-1]
    assert (categories[1:], len(reasons)) == ([future, never], 5)
    reasons = reasons[1:-1]
    lines = [f"Client {n};+3736912{n:04d};{word};" for n, word in enumerate([*categories[:2], "Будущий", "БУДУЩЕЕ"])]
    lines += [f"Gone {n};+3736913{n:04d};{never};{reason}" for n, reason in enumerate(
        [*reasons, "Контакт утерян навсегда", "Контактное лицо скончалось"])]  # fmt: skip
    rows = imported(alice, django_capture_on_commit_callbacks, "Name;Phone;Category;Never reason\n" + "\n".join(lines))
    assert [row.errors for row in rows.values() if row.errors] == []
    clients = Client.objects.in_bulk([row.client_id for row in rows.values()])
    assert [(clients[rows[n].client_id].category, clients[rows[n].client_id].never_reason) for n in sorted(rows)] == [
        ("now", ""), ("future", ""), ("future", ""), ("future", ""),
        ("never", "liquidated"), ("never", "deceased"), ("never", "gone"), ("never", "gone"), ("never", "deceased"),
    ]  # fmt: skip


def test_corp1_one_organization_however_its_name_is_quoted_or_its_legal_form_written(
    alice, django_capture_on_commit_callbacks
):
    """The people of ООО «Ромашка» join one organization (and a person already in it is found by name + organization)
    whether the file writes it with or without quotes, or its legal form in full; it keeps the name as written."""
    romashka = OrganizationFactory(team=alice.team, name="ООО «Ромашка»")
    known = make_client(alice, last_name="Иванов", first_name="Пётр", organization=romashka)
    text = (
        "Фамилия;Имя;Телефон;Компания\n"
        "Иванов;Пётр;;ООО Ромашка\n"
        'Петрова;Анна;+37369000001;Общество с ограниченной ответственностью "Ромашка"\n'
        "Сидоров;Олег;+37369000002;Ромашка, ООО\n"
        "Popescu;Ion;+37369000003;S.R.L. Moldtelecom\n"
        "Rusu;Ana;+37369000004;SRL „Moldtelecom”\n"
    )
    rows = imported(alice, django_capture_on_commit_callbacks, text)
    assert [rows[n].status for n in sorted(rows)] == ["skipped", "created", "created", "created", "created"]
    assert rows[2].client_id == known.pk
    clients = Client.objects.in_bulk([row.client_id for row in rows.values()])
    assert {clients[rows[n].client_id].organization_id for n in (2, 3, 4)} == {romashka.pk}
    assert clients[rows[5].client_id].organization_id == clients[rows[6].client_id].organization_id
    assert set(Organization.objects.values_list("name", flat=True)) == {"ООО «Ромашка»", "S.R.L. Moldtelecom"}


def test_a_vcard_4_contact_with_tel_uris_and_a_birthday_without_a_year_is_imported(
    alice, django_capture_on_commit_callbacks
):
    """TEL;VALUE=uri:tel:+7-383-210-00-00;ext=123 is one phone (E.164 has no extension); BDAY:--0315 has no year,
    which a client's birthday needs: the contact comes in, the day kept in its notes."""
    alice.language = "ru"
    alice.save(update_fields=["language"])
    job = run_import(alice, "vcard4.vcf", capture=django_capture_on_commit_callbacks)
    row = ImportRow.objects.get(job=job)
    assert (row.status, row.errors) == ("created", [])
    client = Client.objects.get(pk=row.client_id)
    assert (client.last_name, client.first_name, client.patronymic) == ("Лебедева", "Светлана", "Игоревна")
    assert client.phones == ["+79131112233", "+73832100000"]
    assert (client.birthday, client.notes) == (None, "BDAY: 15 марта")  # in the importer's words, not "--0315"


def test_a_vcards_fax_numbers_are_kept_in_its_notes_not_as_phones(alice, django_capture_on_commit_callbacks):
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Victor Munteanu\r\nNOTE:Met at the fair\r\n"
        b"TEL;TYPE=WORK,FAX:+373 22 123 456\r\nTEL;TYPE=CELL:+373 69 111 222\r\nEND:VCARD\r\n"
        b'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Elena Lungu\r\nTEL;VALUE=uri;TYPE="work,fax":tel:+40-21-300-4000\r\n'
        b"EMAIL:elena@example.ro\r\nEND:VCARD\r\n"
    )
    job = run_import(alice, "fax.vcf", data, capture=django_capture_on_commit_callbacks)
    victor, elena = (Client.objects.get(pk=row.client_id) for row in ImportRow.objects.filter(job=job))
    assert (victor.phones, victor.notes) == (["+37369111222"], "Met at the fair\nFAX: +373 22 123 456")
    assert (elena.phones, elena.notes) == ([], "FAX: +40-21-300-4000")


def test_countries_by_their_other_names_and_dates_with_month_names_are_read(alice, django_capture_on_commit_callbacks):
    text = (
        "ФИО;Телефон;Страна;Дата рождения\n"
        "Лупу Василий;069 100 001;Молдавия;12 мая 1980\n"
        "Popescu Ion;069 100 002;Republica Moldova;3 Martie 1975\n"
        "Smith John;+44 20 7946 0000;Great Britain;May 12th, 1980\n"
        "Петров Олег;069 100 003;Белоруссия;1 СЕНТ. 1990 г.\n"
    )
    rows = imported(alice, django_capture_on_commit_callbacks, text)
    assert [row.errors for row in rows.values() if row.errors] == []
    clients = Client.objects.in_bulk([row.client_id for row in rows.values()])
    assert [(clients[rows[n].client_id].country, str(clients[rows[n].client_id].birthday)) for n in sorted(rows)] == [
        ("MD", "1980-05-12"), ("MD", "1975-03-03"), ("GB", "1980-05-12"), ("BY", "1990-09-01"),
    ]  # fmt: skip


def test_a_number_that_fits_several_countries_is_refused_with_their_own_dialling_codes(
    alice, django_capture_on_commit_callbacks
):
    rows = imported(alice, django_capture_on_commit_callbacks, "Name;Phone\nIon Rusu;8 800 555 35 35\n")
    assert rows[2].errors[0]["params"] == {"countries": "RU, BY, KZ"}
    with translation.override("en"):
        worded = message(rows[2].errors[0])
    assert "(RU, BY, KZ): write it with its country code (+7, +375) or" in worded
