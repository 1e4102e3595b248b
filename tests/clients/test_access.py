"""clients.access: a client page reads its client (client_for_user) under the same OWN-1 rule as the client list
(clients_visible_to), for every kind of user."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from keepwarm.accounts import access
from keepwarm.accounts.models import Team, User
from keepwarm.clients.access import client_for_user, clients_visible_to
from keepwarm.flows.recycle import client_delete
from tests.factories import UserFactory, make_client

pytestmark = pytest.mark.django_db


def _read(user: User, pk: int | str) -> int | None:
    try:
        return client_for_user(user, pk).pk
    except Http404:
        return None


def test_own1_a_client_page_reads_its_client_as_the_client_list_shows_it_to_every_kind_of_user(
    alice: User, bob: User, carol: User, lena: User, root: User, team: Team, other_team: Team
) -> None:
    users: dict[str, Any] = {  # AnonymousUser stands in for a User
        "manager": alice,
        "other team's manager": carol,
        "lead": lena,
        "other team's lead": UserFactory(role=User.Role.LEAD, team=other_team),
        "admin": UserFactory(role=User.Role.ADMIN, team=None),
        "superuser": root,
        "superuser with a manager's role": UserFactory(role=User.Role.MANAGER, team=team, is_superuser=True),
        "inactive manager": UserFactory(team=team, is_active=False),
        "inactive lead": UserFactory(role=User.Role.LEAD, team=team, is_active=False),
        # not in the database (user_team_required_unless_admin forbids them): built in memory
        "lead without a team": User(pk=10**9, role=User.Role.LEAD, team=None, is_active=True),
        "manager without a team": User(pk=10**9 + 1, role=User.Role.MANAGER, team=None, is_active=True),
        "anonymous": AnonymousUser(),
    }
    clients = {
        "own": make_client(alice),
        "teammate's": make_client(bob),
        "other team's": make_client(carol),
        "binned": make_client(alice),
    }
    client_delete(client=clients["binned"], by=lena)
    everyone = {"own", "teammate's", "other team's"}
    expected = {
        "manager": {"own"},
        "other team's manager": {"other team's"},
        "lead": {"own", "teammate's"},
        "other team's lead": {"other team's"},
        "admin": everyone,
        "superuser": everyone,
        "superuser with a manager's role": everyone,
    }
    for who, user in users.items():
        seen = set()
        for name, client in clients.items():
            listed = clients_visible_to(user).filter(pk=client.pk).values_list("pk", flat=True).first()
            assert _read(user, client.pk) == listed, (who, name)
            assert _read(user, str(client.pk)) == listed, (who, name)  # as a URL gives it
            if listed is not None:
                seen.add(name)
        assert seen == expected.get(who, set()), who


def test_own1_a_change_of_the_rule_in_accounts_access_reaches_the_client_pages_too(
    alice: User, bob: User, carol: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OWN-1 is decided in one place (accounts.access.owner_scope), which client_for_user's statements follow:
    here a manager who would see their team's clients."""
    teammates = make_client(bob)
    others = make_client(carol)
    assert _read(alice, teammates.pk) is None
    monkeypatch.setattr(access, "owner_scope", lambda user: access.OwnerScope(access.Reach.TEAM, user.team_id))
    assert clients_visible_to(alice).filter(pk=teammates.pk).exists()
    assert _read(alice, teammates.pk) == teammates.pk
    assert _read(alice, others.pk) is None


@pytest.mark.parametrize(
    "pk", [float("inf"), float("-inf"), float("nan"), "1e3", "", None, 2**63, "99999999999999999999"]
)
def test_an_id_no_client_can_have_is_not_found_rather_than_an_error(root: User, pk: Any) -> None:
    with pytest.raises(Http404):
        client_for_user(root, pk)
