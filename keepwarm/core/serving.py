"""What a server does once, after loading the application and before its first request."""

from __future__ import annotations

import gc

from django.urls import get_resolver


def settle() -> None:
    """Load the URL patterns every request resolves against, then take everything loaded so far out of the
    garbage collector's sight (`gc.freeze`).

    Django, the apps and their modules are ~150,000 objects that live as long as the process. Python's full
    collections, which a request's allocations set off, walked all of them each time: 10-20 ms a collection, so a
    report's p95 on PostgreSQL was 270 ms against a median of 160 ms (issue 12). Frozen, they are never walked
    again; and a server that forks its processes (`keepwarm serve`) shares their memory pages with them, which a
    collection would write to (the `gc.freeze` documentation's advice for servers that fork)."""
    get_resolver().url_patterns  # noqa: B018  (built on first use otherwise; shared by forked processes)
    gc.collect()  # what is garbage now is not frozen
    gc.freeze()
