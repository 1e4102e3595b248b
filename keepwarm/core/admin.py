"""The back office's shared pieces: pages scoped to the rows a user may see (OWN-1), forms saved by a service.

Admin forms call the service from clean(): the admin already wraps the request in a transaction, and a refused
write then shows on the form with the user's input intact. Each app passes its own scope (a selector or an
accounts.access function), so this module needs no app's models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from keepwarm.core.forms import PLACE_WIDGETS, add_service_error

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User  # settings.AUTH_USER_MODEL, see core.requests


def uses_back_office(user: User | AnonymousUser) -> bool:
    """Django's admin is the admins' back office; managers and leads work in the app, even if marked staff."""
    return not isinstance(user, AnonymousUser) and user.is_active and user.is_staff and user.is_admin_role


class PlacePickersMixin:
    """Countries and time zones picked by their names in the admin's language, as on the app's forms."""

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in PLACE_WIDGETS and not db_field.choices:
            kwargs["widget"] = PLACE_WIDGETS[db_field.name]()
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]


class ScopedAdmin(PlacePickersMixin, admin.ModelAdmin[Any]):
    """Pages for rows the user may not see answer 404, like the API (OWN-1). `scope(user)` gives the rows."""

    scope: Any = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        assert not isinstance(request.user, AnonymousUser)
        return type(self).scope(request.user)

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        found = super().get_object(request, object_id, from_field)
        if found is None:
            raise Http404
        return found

    def has_module_permission(self, request: HttpRequest) -> bool:
        return uses_back_office(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # history is never deleted; a client who is gone becomes NEVER (CAT-2)


class ReadOnlyAdmin(ScopedAdmin):
    """History and computed rows: listed and opened, never edited here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class HistoryInline(admin.TabularInline[Any, Any]):
    """History rows shown under their record: never added, changed or deleted here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FormWithUserMixin:
    """Hands the signed-in user to the form (its service call needs `by`); the form saved everything itself."""

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)  # type: ignore[misc]
        form.request_user = request.user
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Saved by the service during validation."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Related rows are history the service wrote: the read-only inlines save nothing, but saving them
        records that, which the admin's change message reads (form.save_m2m does not exist: skipped)."""
        for formset in formsets:
            formset.save()


class ServiceAdminForm(forms.ModelForm[Any]):
    """A ModelForm whose save is a service call made during validation."""

    request_user: User
    # False where the service alone validates the row (it sets fields the form does not show).
    validate_model = True

    def call_service(self) -> Any:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                with transaction.atomic():  # a refusal half-way undoes the whole save
                    self.instance = self.call_service()
            except ValidationError as error:
                add_service_error(self, error)
        return cleaned

    def _post_clean(self) -> None:
        if self.validate_model:
            super()._post_clean()  # type: ignore[misc]  # not in the stubs

    def save(self, commit: bool = True) -> Any:
        """The service saved everything during clean()."""
        return self.instance
