"""The scorecard's rows (built in Python since issue 15) are what the row template wrote, in every branch and
language."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from keepwarm.qualification.indicators import INDICATORS
from keepwarm.qualification.models import IndicatorMark
from keepwarm.qualification.selectors import Row

# The row as a template, as the scorecard had it before: the reference the Python row must match.
REFERENCE = (Path(__file__).parent / "scorecard_row_reference.html").read_text()
ROW = "{% load scorecard_ui %}{% scorecard_row row client.pk %}"


class Client:
    pk = 314


@pytest.mark.parametrize("language", ["en", "ru", "ro"])
def test_scorecard_rows_are_what_the_row_template_wrote(language):
    reference = engines["django"].from_string(REFERENCE)
    row = engines["django"].from_string(ROW)
    request = RequestFactory().get("/")
    mark = IndicatorMark(number=9, marked_on=dt.date(2026, 2, 3), evidence='Said "no" & <left>')
    markable = next(item for item in INDICATORS if item.manager_marks)
    computed_only = next(item for item in INDICATORS if not item.manager_marks)
    checked = 0
    with translation.override(language):
        for item, on, computed, marked, why, errors in itertools.product(
            [markable, computed_only], *[[False, True]] * 5
        ):
            context = {
                "row": Row(
                    item=item, on=on, computed=computed, mark=mark if marked else None, why="<why> & co" if why else ""
                ),
                "client": Client(),
                "csrf_token": "token-x",
                **({"errors": {item.number: ["Bad <date>", "Again"], 99: ["other"]}} if errors else {}),
            }
            assert row.render(context, request) == reference.render(context, request), context
            checked += 1
    assert checked == 64


@pytest.mark.parametrize("language", ["en", "ru"])
def test_scorecard_rows_translate_their_labels_once_per_language(language, monkeypatch):
    """21 rows on every scorecard: each label is translated at the first rendering in a language, not again."""
    row = engines["django"].from_string(ROW)
    contexts = [
        {"row": Row(item=item, on=False, computed=False, mark=None, why=""), "client": Client()} for item in INDICATORS
    ]
    translated = []
    with translation.override(language):
        for context in contexts:
            row.render(context)
        gettext = translation._trans.gettext
        monkeypatch.setattr(
            translation._trans, "gettext", lambda message: translated.append(message) or gettext(message)
        )
        for context in contexts:
            row.render(context)
    assert translated == []
