"""LANG-1: the pages a refusal or a missing record leads to, and the admin's headings, in the reader's language."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from keepwarm.clients.choices import Category
from keepwarm.flows.clients import client_set_category
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def _in_russian(user):
    user.language = "ru"
    user.save(update_fields=["language"])
    return user


def _russian(text: str) -> str:
    with translation.override("ru"):
        worded = gettext(text)
    assert worded != text, f"{text!r} has no Russian translation"
    return worded


def test_own1_a_page_the_role_may_not_open_is_a_403_in_the_apps_layout_and_language(web, alice):
    answer = web(_in_russian(alice)).get(reverse("qualification:profile"))
    page = answer.content.decode()
    assert answer.status_code == 403
    assert '<html lang="ru">' in page
    assert 'class="mainnav"' in page  # the menu is there to go on from
    assert _russian("Not allowed") in page
    assert "Forbidden" not in page


def test_own1_a_record_out_of_sight_is_a_404_in_the_apps_layout_and_language(web, alice, carol):
    hidden = make_client(carol)
    answer = web(_in_russian(alice)).get(reverse("clients:detail", args=[hidden.pk]))
    page = answer.content.decode()
    assert answer.status_code == 404
    assert '<html lang="ru">' in page
    assert _russian("Page not found") in page


def test_lang1_the_admin_names_each_section_and_category_change_in_the_readers_language(web, root, alice):
    client = make_client(alice, category=Category.FUTURE)
    client_set_category(client=client, by=alice, category=Category.NOW, reason="Ready to talk")
    browser = web(_in_russian(root))
    index = browser.get(reverse("admin:index")).content.decode()
    ours = [config for config in apps.get_app_configs() if config.name.startswith("keepwarm.")]
    with translation.override("ru"):
        headings = {config.label: str(config.verbose_name) for config in ours if config.models_module}
    for label in ("accounts", "clients", "touches", "letters", "journal"):
        assert headings[label] in index, label
        assert headings[label] != label.capitalize()
    change = browser.get(reverse("admin:clients_client_change", args=[client.pk])).content.decode()
    with translation.override("ru"):
        now, future, reason = str(Category.NOW.label), str(Category.FUTURE.label), gettext("reason")
    assert f"{future} → {now}" in change
    assert "Reason text" not in change
    assert reason.upper() in change.upper()
