"""Issue 9: owner pickers show managers by their full names (OWN-1 decides who is offered); the deal and journal
forms pick their client by search, within what the user may see (OWN-1), never from a select of every client."""

from __future__ import annotations

import re

import pytest

from keepwarm.accounts.models import User
from tests.factories import UserFactory, make_client

pytestmark = pytest.mark.django_db


def options(body: str, name: str) -> dict[str, str]:
    """value -> label of the <option>s of the <select name=...> in a page."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
    assert select, f"no select {name}"
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1)))


@pytest.fixture
def maria(team) -> User:
    return UserFactory(username="m.rusu", team=team, first_name="Maria", last_name="Rusu")


@pytest.mark.parametrize("name", ["owner", "to_owner"])
def test_own1_the_list_filter_and_reassign_pickers_show_full_names(web, lena, maria, carol, name):
    make_client(maria)
    offered = options(web(lena).get("/clients/").content.decode(), name)
    assert offered[str(maria.pk)] == "Maria Rusu"
    assert "m.rusu" not in offered.values()
    assert str(carol.pk) not in offered  # another team's manager is never offered


def test_own1_the_new_client_form_offers_owners_by_full_name(web, lena, maria):
    offered = options(web(lena).get("/clients/new/").content.decode(), "owner")
    assert offered[str(maria.pk)] == "Maria Rusu"
    assert offered[str(lena.pk)] == "Lena"
