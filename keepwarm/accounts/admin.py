"""Back-office pages for teams and users, the admins' alone; users are created and edited through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts import access, services
from keepwarm.accounts.models import Team, User
from keepwarm.core.admin import FormWithUserMixin, PlacePickersMixin, ScopedAdmin, uses_back_office
from keepwarm.core.forms import add_service_error

PROFILE_FIELDS = ("first_name", "last_name", "email", "role", "team", "language", "time_zone")


class UserServiceForm:
    """Validated like a ModelForm (the team constraint, the password validators), then saved by the service."""

    request_user: User
    cleaned_data: dict[str, Any]
    instance: User

    def call_service(self) -> User:
        raise NotImplementedError

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.errors:  # type: ignore[attr-defined]
            return
        try:
            with transaction.atomic():
                self.instance = self.call_service()
        except ValidationError as error:
            add_service_error(self, error)  # type: ignore[arg-type]

    def save(self, commit: bool = True) -> User:
        """The service saved the user during validation."""
        return self.instance


class UserAddForm(UserServiceForm, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", *PROFILE_FIELDS)

    def call_service(self) -> User:
        data = {name: self.cleaned_data[name] for name in PROFILE_FIELDS}
        password = self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
        return services.user_create(username=self.cleaned_data["username"], password=password, **data)


class UserEditForm(UserServiceForm, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = ("password", *services.ADMIN_EDITABLE_FIELDS)  # type: ignore[assignment]  # stubs: "__all__" only

    def call_service(self) -> User:
        data = {name: self.cleaned_data[name] for name in services.ADMIN_EDITABLE_FIELDS}
        return services.user_update(user=self.instance, by=self.request_user, **data)


class TeamSettingsAdmin(FormWithUserMixin, ScopedAdmin):
    """Rows that are a team's settings: leads edit their own team's, admins any (access.teams_editable_by)."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        assert isinstance(request.user, User)
        return self.model.objects.filter(team__in=access.teams_editable_by(request.user))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        assert isinstance(request.user, User)
        if db_field.name == "team":
            kwargs["queryset"] = access.teams_editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Team)
class TeamAdmin(PlacePickersMixin, admin.ModelAdmin[Team]):
    list_display = ["name", "country", "time_zone"]
    search_fields = ["name"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return uses_back_office(request.user)


@admin.register(User)
class UserAdmin(PlacePickersMixin, FormWithUserMixin, DjangoUserAdmin):
    """The role decides the rest: only admins are staff (services.user_create / user_update set the flags)."""

    form = UserEditForm
    add_form = UserAddForm
    list_display = ["username", "first_name", "last_name", "role", "team", "language", "is_active"]
    list_filter = ["role", "team", "is_active"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("KeepWarm"), {"fields": ("role", "team", "language", "time_zone", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("KeepWarm"), {"fields": PROFILE_FIELDS}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return uses_back_office(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return uses_back_office(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return uses_back_office(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return uses_back_office(request.user)
