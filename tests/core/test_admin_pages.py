"""Every back-office list renders for an admin, and team settings are scoped for a lead (OWN-1)."""

from __future__ import annotations

import pytest
from django.contrib import admin

from tests.factories import make_client

pytestmark = pytest.mark.django_db


def test_every_admin_changelist_renders_for_an_admin(client, root, alice):
    make_client(alice)
    client.force_login(root)
    for model in admin.site._registry:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url


def test_own1_a_lead_sees_only_their_teams_settings_in_the_admin(client, lena, other_team):
    from keepwarm.ladder.models import LevelPrivileges
    from keepwarm.qualification.models import IdealCustomerProfile

    IdealCustomerProfile.objects.create(team=other_team)
    LevelPrivileges.objects.create(
        team=other_team,
        level=2,
        discount_pct=3,
        payment_terms_days=7,
        service_priority="normal",
        personal_manager=False,
        gifts=False,
    )
    client.force_login(lena)
    profiles = client.get("/admin/qualification/idealcustomerprofile/")
    privileges = client.get("/admin/ladder/levelprivileges/")
    assert list(profiles.context["cl"].result_list) == []
    assert list(privileges.context["cl"].result_list) == []
