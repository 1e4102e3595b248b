"""Shared by the needs, catalog, deals and journal pages: a form's data goes to a service, errors to the form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError

from keepwarm.core.forms import add_service_error

T = TypeVar("T")


def run_service(form: forms.BaseForm, call: Callable[..., T], **kwargs: Any) -> T | None:
    """Call the service if the form is valid; a refusal lands on the form and gives None."""
    if not form.is_valid():
        return None
    try:
        return call(**kwargs)
    except ValidationError as error:
        add_service_error(form, error)
        return None
