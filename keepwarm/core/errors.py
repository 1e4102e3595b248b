"""Domain errors raised by services; views, forms and the API turn them into user-facing messages."""

from django.core.exceptions import ValidationError


class StaleEditError(ValidationError):
    """Someone else saved the row first; the edit is refused instead of overwriting theirs."""
