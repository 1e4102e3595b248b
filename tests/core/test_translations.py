"""LANG-1: the whole UI exists in Russian and Romanian, and a fresh install shows it with no extra step."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["ru", "ro"])
def test_lang1_every_message_is_translated(language):
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
        catalog = read_po(handle)
    missing = [
        message.id
        for message in catalog
        if message.id and (not all(message.string) if isinstance(message.string, tuple) else not message.string)
    ]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert missing == [], f"{len(missing)} untranslated, e.g. {missing[:5]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize("language", ["ru", "ro"])
def test_lang1_the_committed_mo_matches_the_po(language):
    """The compiled catalog is committed, so it must hold every translation of the source catalog."""
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.po").open("rb") as handle:
        source = {(context(m.context), flat(m.id)): flat(m.string) for m in read_po(handle) if m.id}
    with (folder / "django.mo").open("rb") as handle:
        compiled = {(context(m.context), flat(m.id)): flat(m.string) for m in read_mo(handle) if m.id}
    assert compiled == source


def context(value: str | bytes | None) -> str | None:
    """babel reads a message context as bytes from .mo files and as str from .po files."""
    return value.decode() if isinstance(value, bytes) else value


def flat(value: str | list[str] | tuple[str, ...]) -> str | tuple[str, ...]:
    """Plural entries come as lists from .mo files and tuples from .po files."""
    return value if isinstance(value, str) else tuple(value)


@pytest.mark.parametrize(("language", "expected"), [("ru", "Сегодня"), ("ro", "Astăzi"), ("en", "Today")])
def test_lang1_labels_follow_the_language(language, expected):
    with translation.override(language):
        assert translation.gettext("Today") == expected


@pytest.mark.django_db
def test_lang1_the_page_speaks_the_users_language(client, alice):
    alice.language = "ru"
    alice.save(update_fields=["language"])
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert '<html lang="ru">' in page
    assert "Сегодня" in page
