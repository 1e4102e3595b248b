"""Form helpers shared by the UI and the admin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet

T = TypeVar("T")


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field it names, else at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        target = field if field in form.fields else None
        if field == NON_FIELD_ERRORS:
            target = None
        form.add_error(target, messages)


def run_service(form: forms.BaseForm, call: Callable[..., T], **kwargs: Any) -> T | None:
    """Call the service if the form is valid; a refusal lands on the form and gives None."""
    if not form.is_valid():
        return None
    try:
        return call(**kwargs)
    except ValidationError as error:
        add_service_error(form, error)
        return None


def set_queryset(field: forms.Field, queryset: QuerySet[Any]) -> None:
    """Narrow a model choice field to what the user may pick (OWN-1 querysets from access)."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
