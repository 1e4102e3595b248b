"""The signed-in web client fixture, shared with tests/web."""

from tests.web.conftest import web  # noqa: F401
