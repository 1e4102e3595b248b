"""API rate limits per user (per address before sign-in): DRF throttles that read their rate from the settings on
every request, so API_RATE_USER / API_RATE_ANON and test overrides take effect (DRF copies them at import)."""

from __future__ import annotations

from django.conf import settings
from rest_framework import throttling


class SettingsRate:
    scope: str | None

    def get_rate(self) -> str | None:
        rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        assert isinstance(rates, dict)
        return rates.get(self.scope or "")


class UserRateThrottle(SettingsRate, throttling.UserRateThrottle):
    pass


class AnonRateThrottle(SettingsRate, throttling.AnonRateThrottle):
    pass
