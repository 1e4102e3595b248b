"""Web view tests sign in as the personas with Django's test client."""

from __future__ import annotations

import pytest
from django.test import Client as WebClient

from keepwarm.accounts.models import User


@pytest.fixture
def web(client: WebClient):
    """Sign the test client in as a persona: web(alice).get(...)."""

    def signed_in(user: User) -> WebClient:
        client.force_login(user)
        return client

    return signed_in


def plain_working_day(after_days: int = 40, country: str = "MD"):
    """A Tuesday with working days around it, so tact rules (TACT-4/5/7) leave a picked date alone."""
    import datetime as dt

    import holidays
    from django.utils import timezone

    day = timezone.localdate() + dt.timedelta(days=after_days)
    calendar = holidays.country_holidays(country, years=range(day.year, day.year + 2))
    while day.weekday() != 1 or any(day + dt.timedelta(days=d) in calendar for d in (-1, 0, 1)):
        day += dt.timedelta(days=1)
    return day
