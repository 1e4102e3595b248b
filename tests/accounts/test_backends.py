"""Each request reads the signed-in user with one plain statement (accounts.backends): the same user as the ORM's,
every field converted alike, and a deactivated or deleted user is signed out."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY

from keepwarm.accounts.models import User


def test_the_signed_in_user_is_read_with_every_field_as_the_orm_reads_it(web: Any, lena: User) -> None:
    User.objects.filter(pk=lena.pk).update(daily_capacity=17)
    client = web(lena)
    response = client.get("/api/reports/journal/")
    assert response.status_code == 200
    read, stored = response.wsgi_request.user, User.objects.get(pk=lena.pk)
    assert client.session[BACKEND_SESSION_KEY] == "keepwarm.accounts.backends.ModelBackend"
    for field in User._meta.concrete_fields:
        value, expected = getattr(read, field.attname), getattr(stored, field.attname)
        assert (type(value), value) == (type(expected), expected), field.name  # SQLite's 1 is not True


def test_a_deactivated_or_deleted_user_is_signed_out(web: Any, alice: User, bob: User) -> None:
    for user, change in ((alice, "deactivate"), (bob, "delete")):
        client = web(user)
        assert client.get("/api/reports/journal/").status_code == 200
        if change == "deactivate":
            User.objects.filter(pk=user.pk).update(is_active=False)
        else:
            User.objects.filter(pk=user.pk).delete()
        assert client.get("/api/reports/journal/").status_code in (401, 403)
        client.logout()
