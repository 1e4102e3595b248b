"""LANG-1: the demo's questionnaire, products, interests, industries and journal entries are in the language of the
demo user who wrote them: the team's in its lead's (Romanian), a manager's journal in that manager's."""

from __future__ import annotations

import re

import pytest

from keepwarm.catalog.models import Product
from keepwarm.clients.models import Organization, Tag
from keepwarm.demo import names
from keepwarm.journal.models import JournalEntry
from keepwarm.needs.models import Question, Questionnaire

pytestmark = pytest.mark.django_db

ROMANIAN_LETTERS = re.compile("[șțăîâ]", re.IGNORECASE)
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
ENGLISH_WORDS = re.compile(r"\b(the|and|for|your|you|on|of|a)\b", re.IGNORECASE)


def _written_in_romanian(text: str) -> bool:
    return not CYRILLIC.search(text) and not ENGLISH_WORDS.search(text)


def test_lang1_team_content_is_in_the_leads_language(demo):
    texts = [Questionnaire.objects.get().title, *Question.objects.values_list("text", flat=True)]
    texts += [f"{name} {text}" for name, text in Product.objects.values_list("name", "description")]
    assert all(_written_in_romanian(text) for text in texts), texts
    assert sum(bool(ROMANIAN_LETTERS.search(text)) for text in texts) >= len(texts) // 2


def test_lang1_industries_and_interests_are_in_the_leads_language(demo):
    verticals = set(Organization.objects.values_list("vertical", flat=True))
    assert verticals
    assert not verticals & set(names.VERTICALS)  # none left in English
    tags = set(Tag.objects.values_list("name", flat=True))
    assert tags
    assert not tags & (set(names.TAGS) - {"software"})  # the same word in Romanian
    assert all(_written_in_romanian(tag) for tag in tags)


def test_lang1_journal_entries_are_in_their_authors_language(demo):
    entries = list(JournalEntry.objects.select_related("author"))
    assert entries
    for entry in entries:
        text = f"{entry.method} {entry.result} {entry.feedback}"
        if entry.author.language == "ru":
            assert CYRILLIC.search(entry.method), text
        else:
            assert _written_in_romanian(text), text
