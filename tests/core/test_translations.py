"""LANG-1: the whole UI exists in Russian and Romanian, and a fresh install shows it with no extra step."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
    missing = [message.id for message in catalog if message.id and not translated(message.string)]
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


def translated(value: str | tuple[str, ...]) -> bool:
    """Every form filled: a plural entry has one string per form."""
    return all(value) if isinstance(value, tuple) else bool(value)


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


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools are not installed")
def test_lang1_no_string_in_the_code_is_missing_from_the_catalogs(tmp_path):
    """Regenerate the catalogs from a scratch copy of the code: a new or changed string must be translated."""
    root = LOCALE.parent
    for name in ("keepwarm", "config", "locale"):
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "KEEPWARM_VAR_DIR": str(tmp_path),
    }
    command = [sys.executable, "manage.py", "makemessages", "-l", "ru", "-l", "ro", "--no-obsolete"]
    subprocess.run(command, cwd=tmp_path, env=env, check=True, capture_output=True, timeout=300)
    for language in ("ru", "ro"):
        with (tmp_path / "locale" / language / "LC_MESSAGES" / "django.po").open("rb") as handle:
            catalog = read_po(handle)
        untranslated = [m.id for m in catalog if m.id and (m.fuzzy or not translated(m.string))]
        assert untranslated == [], f"{language}: run `make messages` and translate {untranslated[:5]}"


@pytest.mark.parametrize("language", ["en", "ru", "ro"])
def test_lang1_the_choices_of_a_field_read_apart_in_every_language(language):
    """Two states a user must tell apart (an import stopped, an import undone) once both read "Anulat" in
    Romanian: within each field's choices, no two labels may be the same words."""
    from django.apps import apps

    clashes = []
    with translation.override(language):
        for model in apps.get_models():
            if not model.__module__.startswith("keepwarm."):
                continue
            for field in model._meta.get_fields():
                labels = [str(label).casefold() for _, label in getattr(field, "flatchoices", None) or []]
                repeated = {label for label in labels if labels.count(label) > 1}
                if repeated:
                    clashes.append(f"{model.__name__}.{field.name}: {sorted(repeated)}")
    assert clashes == []
