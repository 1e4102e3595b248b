"""Suggested mappings (no database): Russian, Romanian and English headers and the exports of amoCRM/Kommo,
Bitrix24, HubSpot and Pipedrive."""

from __future__ import annotations

import pytest

from keepwarm.imports.mapping import suggest
from keepwarm.imports.values import date, split_full_name, word


def fields(headers: list[str]) -> dict[str, str]:
    mapping = suggest(headers)
    return {headers[int(index)]: field for index, field in mapping.items()}


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (  # amoCRM (Russian) and Kommo (English) contact exports
            ["ID", "Наименование", "Компания", "Ответственный", "Теги", "Рабочий телефон", "Мобильный телефон",
             "Рабочий email", "Должность", "Примечание"],
            {"Наименование": "full_name", "Компания": "organization", "Ответственный": "owner",
             "Теги": "interests", "Рабочий телефон": "phone", "Мобильный телефон": "phone", "Рабочий email": "email",
             "Должность": "position", "Примечание": "notes"},
        ),
        (
            ["Full name", "Company name", "Responsible user", "Tags", "Work phone", "Mobile phone", "Work email"],
            {"Full name": "full_name", "Company name": "organization", "Responsible user": "owner",
             "Tags": "interests", "Work phone": "phone", "Mobile phone": "phone", "Work email": "email"},
        ),
        (  # Bitrix24 contacts
            ["ID", "Имя", "Фамилия", "Отчество", "Дата рождения", "Тип контакта", "Рабочий телефон",
             "Частный e-mail", "Ответственный", "Комментарий"],
            {"Имя": "first_name", "Фамилия": "last_name", "Отчество": "patronymic", "Дата рождения": "birthday",
             "Тип контакта": "relationship_group", "Рабочий телефон": "phone", "Частный e-mail": "email",
             "Ответственный": "owner", "Комментарий": "notes"},
        ),
        (  # HubSpot contacts
            ["Record ID", "First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number",
             "Associated Company", "Job Title", "Contact owner", "Country/Region", "Last Activity Date",
             "Lifecycle Stage"],
            {"First Name": "first_name", "Last Name": "last_name", "Email": "email", "Phone Number": "phone",
             "Mobile Phone Number": "phone", "Associated Company": "organization", "Job Title": "position",
             "Contact owner": "owner", "Country/Region": "country", "Last Activity Date": "last_contact",
             "Lifecycle Stage": "relationship_group"},
        ),
        (  # Pipedrive people
            ["Person - Name", "Person - Phone - Work", "Person - Phone - Mobile", "Person - Email - Work",
             "Person - Organization", "Person - Owner", "Person - Labels", "Person - Last activity date"],
            {"Person - Name": "full_name", "Person - Phone - Work": "phone", "Person - Phone - Mobile": "phone",
             "Person - Email - Work": "email", "Person - Organization": "organization", "Person - Owner": "owner",
             "Person - Labels": "interests", "Person - Last activity date": "last_contact"},
        ),
        (  # Romanian
            ["Nume", "Prenume", "Telefon mobil", "Adresa de email", "Companie", "Funcție", "Data nașterii"],
            {"Nume": "last_name", "Prenume": "first_name", "Telefon mobil": "phone", "Adresa de email": "email",
             "Companie": "organization", "Funcție": "position", "Data nașterii": "birthday"},
        ),
    ],
)  # fmt: skip
def test_mapping_is_suggested_from_the_headers(headers, expected):
    assert fields(headers) == expected


def test_one_column_per_single_field():
    assert fields(["Name", "Full name", "Phone", "Phone 2"]) == {"Name": "full_name", "Phone": "phone",
                                                                 "Phone 2": "phone"}  # fmt: skip


def test_full_names_split_in_the_order_people_write_them():
    assert split_full_name("Смирнова Анна Петровна") == ("Смирнова", "Анна", "Петровна")
    assert split_full_name("Анна Петровна Смирнова") == ("Смирнова", "Анна", "Петровна")
    assert split_full_name("Ion Popescu") == ("Popescu", "Ion", "")


def test_words_in_three_languages_and_dates():
    assert word("category", "Сейчас") == word("category", "acum") == "now"
    assert word("relationship_group", "Клиенты") == "customer"
    assert word("decision_role", "ЛПР") == "decision_maker"
    assert word("language", "Română") == "ro"
    assert str(date("31.03.2024")) == str(date("2024-03-31 10:00:00")) == "2024-03-31"
    assert date("31.02.2024") is None
