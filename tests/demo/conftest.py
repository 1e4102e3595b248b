"""The demo data, built once per test module: `keepwarm demo` takes seconds, and most of its tests only read it."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--clients", "60", "--organizations", "12", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker) -> Iterator[str]:
    """A small demo dataset for the module, rolled back after its last test. It lives in an outer transaction, so
    each test (django_db) runs in a savepoint inside it: what one test writes is gone before the next starts, on
    SQLite and PostgreSQL alike."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_demo()
        transaction.set_rollback(True)
