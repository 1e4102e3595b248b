"""Templates and their rendering (LANG-1): placeholders checked when saved, letters filled without holes, the
HTML alternative escaped, greetings addressed as this market writes them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keepwarm.letters import defaults, rendering
from keepwarm.letters.address import salutation
from keepwarm.letters.models import LetterKind

PERSON = rendering.Person(first_name="Иван", last_name="Петров", patronymic="Петрович", organization="Ştiinţa SRL")
SENDER = rendering.Sender(name="Alice Munteanu", email="alice@example.com", team="Chisinau sales")


def context(language: str, **values) -> dict[str, str]:
    values.setdefault("product", "Fleet tracker")
    values.setdefault("purchase_date", dt.date(2026, 10, 9))
    return rendering.letter_context(person=PERSON, sender=SENDER, language=language, **values)


@pytest.mark.parametrize(
    ("language", "first", "last", "patronymic", "form", "expected"),
    [
        ("ru", "Иван", "Петров", "Петрович", "", "Уважаемый Иван Петрович!"),
        ("ru", "Анна", "Смирнова", "Ильинична", "", "Уважаемая Анна Ильинична!"),
        ("ru", "Анна", "Смирнова", "Ивановна", "", "Уважаемая Анна Ивановна!"),
        ("ru", "Ion", "Popescu", "", "", "Здравствуйте, Ion Popescu!"),
        ("ru", "Ion", "Popescu", "", "mr", "Уважаемый господин Popescu!"),
        ("ru", "Саша", "Ким", "Оглы", "", "Здравствуйте, Саша Оглы!"),
        ("ro", "Ion", "Popescu", "", "mr", "Stimate domnule Popescu,"),
        ("ro", "Maria", "Ţurcanu", "", "ms", "Stimată doamnă Ţurcanu,"),
        ("ro", "Maria", "Ţurcanu", "", "", "Bună ziua, Maria Ţurcanu,"),
        ("ro", "Ivan", "Petrov", "Petrovici", "", "Stimate domnule Petrov,"),
        ("en", "Ivan", "Petrov", "Petrovich", "", "Dear Mr Petrov,"),
        ("en", "Anna", "Smirnova", "Ivanovna", "", "Dear Ms Smirnova,"),
        ("en", "Sam", "Lee", "", "", "Dear Sam Lee,"),
    ],
)
def test_lang1_salutation_formal_by_patronymic_or_form_of_address(language, first, last, patronymic, form, expected):
    assert salutation(language, first, last, patronymic, form) == expected


@pytest.mark.parametrize(
    ("subject", "body", "field"),
    [
        ("Hi {client_nmae}", "{salutation}", "subject"),
        ("Hi", "Dear {client_first_name", "body"),
        ("Hi", "a } b", "body"),
        ("Hi", "{client_first_name!r}", "body"),
        ("Hi", "{client_first_name:>10}", "body"),
        ("Hi", "{client_first_name.__class__}", "body"),
        ("Hi", "{0}", "body"),
        ("", "text", "subject"),
        ("Hi", "  ", "body"),
    ],
)
def test_lang1_bad_template_is_a_field_error(subject, body, field):
    assert field in rendering.template_errors(subject, body)


def test_lang1_good_template_has_no_errors_and_keeps_literal_braces():
    assert rendering.template_errors("Hello {client_first_name}", "{salutation}\n{{not a placeholder}}") == {}
    rendered = rendering.render("Hello", "{{x}} {client_first_name}", context("en"))
    assert rendered.text == "{x} Иван\n"


@pytest.mark.parametrize("language", ["ru", "ro", "en"])
def test_lang1_every_default_is_valid_and_renders_without_holes(language):
    for template in defaults.default_templates():
        assert rendering.template_errors(template.subject, template.body) == {}, template
    values = context(language, holiday="Anul Nou", years=21)
    for template in [t for t in defaults.default_templates() if t.language == language]:
        assert rendering.missing_values(template.subject, template.body, values) == []
        rendered = rendering.render(template.subject, template.body, values, language)
        assert "{" not in rendered.text
        assert "{" not in rendered.subject
        assert "\n" not in rendered.subject


def test_lang1_cyrillic_and_romanian_diacritics_survive_into_text_and_html():
    rendered = rendering.render(
        "Mulțumim, {client_first_name}", "{salutation}\n\nÎn {organization}: ș ț ă î â", context("ro")
    )
    assert rendered.subject == "Mulțumim, Иван"
    assert "Ştiinţa SRL: ș ț ă î â" in rendered.text
    assert "ș ț ă î â" in rendered.html
    assert "Петров" in rendered.html


def test_lang1_purchase_date_is_written_in_the_letters_language():
    day = dt.date(2026, 10, 9)
    assert context("ru", purchase_date=day)["purchase_date"] == "9 октября 2026\u00a0г."
    assert context("ro", purchase_date=day)["purchase_date"] == "9 octombrie 2026"
    assert context("en", purchase_date=day)["purchase_date"] == "October 9, 2026"


@pytest.mark.parametrize(
    ("years", "language", "expected"),
    [(21, "ru", "21 год"), (22, "ru", "22 года"), (12, "ru", "12 лет"), (25, "ru", "25 лет"), (1, "ro", "1 an"),
     (5, "ro", "5 ani"), (20, "ro", "20 de ani"), (101, "ro", "101 ani"), (1, "en", "1 year"), (3, "en", "3 years")],
)  # fmt: skip
def test_post5_anniversary_years_are_worded_by_the_languages_plural_rules(years, language, expected):
    assert rendering.years_worded(years, language) == expected


def test_html_alternative_escapes_values_and_keeps_paragraphs_and_line_breaks():
    person = rendering.Person(first_name="<script>alert(1)</script>", organization="A & B")
    values = rendering.letter_context(person=person, sender=SENDER, language="en")
    rendered = rendering.render("Hi {client_first_name}", "{salutation}\n\nLine one\nline two\n\n{signature}", values)
    assert "<script>" not in rendered.html
    assert "&lt;script&gt;" in rendered.html
    assert "<p>Line one<br>\nline two</p>" in rendered.html
    assert "Alice Munteanu<br>\nChisinau sales<br>\nalice@example.com" in rendered.html


def test_subject_stays_one_line_whatever_the_values():
    person = rendering.Person(first_name="Ann\r\nBcc: x@example.com")
    values = rendering.letter_context(person=person, sender=SENDER, language="en")
    assert rendering.render("Hi {client_first_name}", "x", values).subject == "Hi Ann Bcc: x@example.com"


def test_holiday_name_in_the_letters_language_and_the_clients_country():
    assert defaults.holiday_name("new_year", "ru") == "Новый год"
    assert defaults.holiday_name("national_day", "ro", "MD") == "Ziua Independenței Republicii Moldova"
    assert defaults.holiday_name("national_day", "en", "FR") == "National Day"
    template = defaults.default_template(LetterKind.HOLIDAY, "ru", "national_day")
    assert "{holiday}" in template.body


PLACEHOLDER = st.sampled_from(sorted(rendering.PLACEHOLDERS)).map(lambda name: "{" + name + "}")
TEXT = st.lists(st.one_of(st.text(max_size=12), PLACEHOLDER), max_size=8).map("".join)
NAME = st.text(max_size=30)


@given(subject=TEXT, body=TEXT, first=NAME, last=NAME, patronymic=NAME, language=st.sampled_from(["ru", "ro", "en"]))
def test_lang1_any_template_the_validator_accepts_renders_for_any_client(
    subject, body, first, last, patronymic, language
):
    if rendering.template_errors(subject, body):
        return
    person = rendering.Person(first_name=first, last_name=last, patronymic=patronymic)
    values = rendering.letter_context(person=person, sender=SENDER, language=language, years=3)
    rendered = rendering.render(subject, body, values, language)
    assert "\n" not in rendered.subject
    assert "\r" not in rendered.subject
    assert rendered.text.endswith("\n")
    body = rendered.html.split("<body>", 1)[1]
    assert set(re.findall(r"<[^>]*>", body)) <= {"<p>", "</p>", "<br>", "</body>", "</html>"}
