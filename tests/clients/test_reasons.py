"""LANG-1: category history is stored language-neutral and read in the reader's language; CAT-2 speaks it too."""

from __future__ import annotations

import pytest
from django.test import Client as WebClient
from django.urls import reverse
from django.utils import translation

from keepwarm.accounts.models import User
from keepwarm.clients.choices import Category
from keepwarm.clients.models import CategoryChange
from keepwarm.flows.touches import client_log_touch
from keepwarm.touches.choices import Channel, Goal, Outcome, RefusalReason
from tests.factories import make_client, midweek

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_afterwards():
    """The user-preferences middleware leaves the reader's language active in this thread."""
    yield
    translation.activate("en")


def _refused_in_russian(manager: User) -> CategoryChange:
    """A Russian-speaking manager logs a refusal of a NOW client: the client moves to FUTURE (CAT-4)."""
    manager.language = "ru"
    manager.save(update_fields=["language"])
    with translation.override("ru"):
        client = make_client(manager, category=Category.NOW, last_name="Popa")
        client_log_touch(
            client=client,
            by=manager,
            channel=Channel.CALL,
            goal=Goal.SELL_MEETING,
            outcome=Outcome.REFUSED,
            refusal_reason=RefusalReason.BUDGET,
            refusal_note="перезвонить после аудита",
            continue_on=midweek(30),
        )
    return CategoryChange.objects.get(client=client, to_category=Category.FUTURE)


def _reader(user: User, language: str) -> WebClient:
    user.language = language
    user.save(update_fields=["language"])
    web = WebClient()
    web.force_login(user)
    return web


def test_lang1_category_change_logged_in_russian_reads_in_english_on_the_card(alice, lena):
    change = _refused_in_russian(alice)
    page = _reader(lena, "en").get(reverse("clients:detail", args=[change.client_id])).content.decode()
    assert "Refused: Budget — перезвонить после аудита" in page
    assert "Отказ" not in page


def test_lang1_category_history_api_reads_in_the_readers_language(alice, lena):
    change = _refused_in_russian(alice)
    url = f"/api/clients/{change.client_id}/category-changes/"
    rows = _reader(lena, "en").get(url).json()["results"]
    assert rows[0]["reason"] == "Refused: Budget — перезвонить после аудита"
    assert rows[0]["reason_code"] == "touch"
    assert rows[0]["reason_params"] == {"outcome": "refused", "refusal_reason": "budget"}
    assert rows[-1]["reason"] == "Client created"
    rows = _reader(lena, "ro").get(url).json()["results"]
    assert rows[-1]["reason"] == "Client creat"


def test_cat2_refusal_message_in_the_readers_language(alice):
    client = make_client(alice)
    web = _reader(alice, "ru")
    answer = web.post(
        f"/api/clients/{client.pk}/category/",
        {"category": "never", "reason": "грубит"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    message = " ".join(answer.json()["never_reason"])
    assert "«Никогда»" in message
    assert "Never" not in message
