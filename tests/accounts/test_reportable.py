"""OWN-1 for reports as a subquery (access.users_reportable_sql, compiled once per rule, issue 12): the same people
as access.users_reportable_by narrowed the same way, for every role, with and without a team or one person."""

from __future__ import annotations

import pytest
from django.db import connection

from keepwarm.accounts import access
from keepwarm.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ids(sql: str, params: list[object]) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def test_own1_the_reportable_subquery_holds_the_people_users_reportable_by_holds(alice, bob, lena, carol, root):
    UserFactory(username="admin-in-team", team=alice.team, role=User.Role.ADMIN)
    departed = UserFactory(username="departed", team=alice.team, is_active=False)
    for viewer in (alice, lena, root, carol):
        for team in (None, alice.team_id, carol.team_id):
            for one in (None, alice.pk, carol.pk, departed.pk):
                expected = access.users_reportable_by(viewer)
                expected = expected if team is None else expected.filter(team_id=team)
                expected = expected if one is None else expected.filter(pk=one)
                # Twice: the first call compiles the rule's statement, the second reuses it with these values.
                for _ in range(2):
                    sql, params = access.users_reportable_sql(viewer, team=team, one=one)
                    assert _ids(sql, params) == set(expected.values_list("pk", flat=True)), (viewer, team, one)
    assert _ids(*access.users_reportable_sql(lena)) == {alice.pk, bob.pk, lena.pk, departed.pk}
