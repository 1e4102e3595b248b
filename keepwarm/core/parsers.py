"""The API's JSON bodies: one that is not JSON, or not an object, is a 400 on the request as a whole in the reader's
language (DRF's words were English, quoting Python's, or named a Python type: "Expected a dictionary, but got
list"), shaped as every other 400 of the API."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers
from rest_framework.settings import api_settings


def _refused(message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]})


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except exceptions.ParseError as error:
            cause = error.__context__  # what the JSON decoder said, for where it stopped
            if isinstance(cause, json.JSONDecodeError):
                where = {"line": cause.lineno, "column": cause.colno}
                raise _refused(_("The body is not valid JSON (line %(line)s, column %(column)s).") % where) from cause
            raise _refused(_("The body is not valid JSON.")) from cause
        if not isinstance(data, dict):  # every request body of the API is an object of named fields
            raise _refused(_("The body must be a JSON object: its fields between { and }."))
        return data
