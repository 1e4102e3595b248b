"""Issue 15: the list rows' fast date, address and label helpers give exactly what Django's own tags give."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from keepwarm.core.templatetags.keepwarm_ui import iso, pk_url, short_date, short_datetime

VALUES = [
    dt.date(2026, 1, 5),
    dt.date(987, 12, 31),
    dt.datetime(2026, 3, 29, 23, 30, tzinfo=dt.UTC),  # the next day in Chișinău
    dt.datetime(2026, 7, 1, 0, 15, tzinfo=zoneinfo.ZoneInfo("America/New_York")),
    dt.datetime(2026, 7, 1, 9, 5),  # naive: shown as it is
]


@pytest.mark.parametrize("language", ["en", "ru", "ro"])
@pytest.mark.parametrize("value", VALUES, ids=str)
def test_short_date_and_iso_are_the_date_filter(language, value):
    with_time = isinstance(value, dt.datetime)
    django_tags = Template(
        '{{ value|date:"SHORT_DATE_FORMAT" }}|{{ value|date:"c" }}'
        + ('|{{ value|date:"SHORT_DATETIME_FORMAT" }}' if with_time else "")
    )
    with translation.override(language), timezone.override("Europe/Chisinau"):
        expected = django_tags.render(Context({"value": value}))
        ours = f"{short_date(value)}|{iso(value)}" + (f"|{short_datetime(value)}" if with_time else "")
        assert ours == expected
    assert short_date(None) == iso(None) == short_datetime(None) == ""


def test_pk_url_is_reverse():
    assert pk_url(42, "clients:detail") == reverse("clients:detail", args=[42])
    assert pk_url(7, "touches:log") == reverse("touches:log", args=[7])
