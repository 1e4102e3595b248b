"""The back office is the admins' alone; every registered add and change form round-trips for an admin."""

from __future__ import annotations

from html.parser import HTMLParser
from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command

from keepwarm.accounts.models import User
from tests.factories import make_client

pytestmark = pytest.mark.django_db


class _FormFields(HTMLParser):
    """What a browser posts back from the admin's change form: every named field with its current value."""

    def __init__(self) -> None:
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file", "image"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self.data.append((name, a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None


def posted_back(html: str) -> dict[str, list[str]]:
    start = html.index("<form", html.index('id="content-main"'))
    form = html[start : html.index("</form>", start)]
    parser = _FormFields()
    parser.feed(form)
    data: dict[str, list[str]] = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    data.pop("csrfmiddlewaretoken", None)
    data["_save"] = ["Save"]
    return data


def test_every_admin_changelist_renders_for_an_admin(client, root, alice):
    make_client(alice)
    client.force_login(root)
    for model in admin.site._registry:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url


@pytest.fixture
def demo(db):
    call_command("demo", "--clients", "40", "--organizations", "8", stdout=StringIO())
    return User.objects.get(username="admin")


def _urls(model):
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def test_every_admin_add_form_renders_and_posts_back_without_a_server_error(client, demo):
    client.force_login(demo)
    for model, model_admin in admin.site._registry.items():
        url = _urls(model) + "add/"
        page = client.get(url)
        if not model_admin.has_add_permission(page.wsgi_request):
            assert page.status_code == 403, url
            continue
        assert page.status_code == 200, url
        answer = client.post(url, posted_back(page.content.decode()))
        assert answer.status_code < 500, (url, answer.status_code)


def test_every_admin_change_form_posts_back_its_initial_data_and_saves(client, demo):
    client.force_login(demo)
    walked = []
    for model, model_admin in admin.site._registry.items():
        instance = model_admin.get_queryset(client.get("/admin/").wsgi_request).order_by("pk").last()
        if instance is None:
            continue
        url = f"{_urls(model)}{instance.pk}/change/"
        page = client.get(url)
        assert page.status_code == 200, url
        if not model_admin.has_change_permission(page.wsgi_request, instance):
            continue
        answer = client.post(url, posted_back(page.content.decode()))
        errors = answer.context and [
            form.errors for form in [answer.context.get("adminform") and answer.context["adminform"].form] if form
        ]
        assert answer.status_code == 302, (url, answer.status_code, errors)
        walked.append(model._meta.label)
    assert {"clients.Client", "clients.Organization", "deals.Deal", "accounts.User"} <= set(walked)


def test_an_admin_edit_of_a_client_is_saved_with_its_category_history_shown(client, demo):
    from keepwarm.clients.models import Client

    client.force_login(demo)
    target = Client.objects.filter(category_changes__isnull=False).order_by("pk").first()
    url = f"/admin/clients/client/{target.pk}/change/"
    data = posted_back(client.get(url).content.decode())
    data["first_name"] = ["Renamed"]
    assert client.post(url, data).status_code == 302
    assert Client.objects.get(pk=target.pk).first_name == "Renamed"


def test_an_admin_adds_a_manager_in_a_team_who_is_not_staff(client, root, team):
    client.force_login(root)
    url = "/admin/accounts/user/add/"
    data = posted_back(client.get(url).content.decode())
    data.update(
        username=["newbie"], password1=["a-long-pass-phrase-9"], password2=["a-long-pass-phrase-9"],
        role=[User.Role.MANAGER], team=[str(team.pk)], usable_password=["true"],
    )  # fmt: skip
    assert client.post(url, data).status_code == 302
    newbie = User.objects.get(username="newbie")
    assert (newbie.team, newbie.is_staff, newbie.check_password("a-long-pass-phrase-9")) == (team, False, True)


def test_an_admin_adding_a_manager_without_a_team_gets_a_field_error(client, root):
    client.force_login(root)
    url = "/admin/accounts/user/add/"
    data = posted_back(client.get(url).content.decode())
    data.update(username=["lonely"], password1=["a-long-pass-phrase-9"], password2=["a-long-pass-phrase-9"])
    data.update(role=[User.Role.MANAGER], team=[""], usable_password=["true"])
    answer = client.post(url, data)
    assert answer.status_code == 200
    assert "belong to a team" in answer.content.decode()
    assert not User.objects.filter(username="lonely").exists()


def test_an_admin_who_makes_a_manager_an_admin_gives_them_the_back_office(client, root, alice):
    client.force_login(root)
    url = f"/admin/accounts/user/{alice.pk}/change/"
    data = posted_back(client.get(url).content.decode())
    data["role"] = [User.Role.ADMIN]
    assert client.post(url, data).status_code == 302
    alice.refresh_from_db()
    assert (alice.is_staff, alice.is_admin_role) == (True, True)


@pytest.mark.parametrize("persona", ["alice", "lena"])
def test_own1_managers_and_leads_have_no_back_office(client, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert not user.is_staff
    for model in admin.site._registry:
        answer = client.get(_urls(model))
        assert answer.status_code == 302, _urls(model)
        assert "/admin/login/" in answer["Location"], _urls(model)
    assert client.get("/admin/").status_code == 302
    assert "Back office" not in client.get("/").content.decode()


def test_own1_a_manager_made_staff_by_hand_still_has_no_back_office_pages(client, alice):
    User.objects.filter(pk=alice.pk).update(is_staff=True)
    client.force_login(alice)
    for model in admin.site._registry:
        assert client.get(_urls(model)).status_code == 403, _urls(model)


def test_the_demo_users_are_not_staff_except_the_admin(demo):
    assert set(User.objects.filter(is_staff=True).values_list("username", flat=True)) == {"admin"}


def test_an_admin_sets_a_users_password_in_the_back_office(client, root, alice):
    client.force_login(root)
    url = f"/admin/accounts/user/{alice.pk}/password/"
    assert client.get(url).status_code == 200
    answer = client.post(url, {"password1": "another-long-phrase-7", "password2": "another-long-phrase-7"})
    assert answer.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("another-long-phrase-7")
