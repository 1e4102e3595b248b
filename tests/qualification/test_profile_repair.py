"""QUAL-2: the profile lists a save had garbled (shown as "['MD', 'RO']" and split at its commas) are repaired."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from keepwarm.qualification.models import IdealCustomerProfile

pytestmark = pytest.mark.django_db
repair = importlib.import_module("keepwarm.qualification.migrations.0002_profile_lists_repaired").repair


def test_qual2_garbled_profile_lists_get_their_words_back(team):
    garbled_once = ["['MD'", "'RO']"]
    garbled_twice = ["[\"['MD'\"", "\"'RO']\"]"]
    IdealCustomerProfile.objects.update_or_create(
        team=team,
        defaults={
            "countries": garbled_twice,
            "target_verticals": ["'Depozitare'", "'Logistică']", "['Ambalaje'"],
            "territories": ["['[]']"],
            "other_scheme_verticals": garbled_once,
        },
    )
    repair(apps, None)
    row = IdealCustomerProfile.objects.get(team=team)
    assert row.countries == ["MD", "RO"]
    assert row.target_verticals == ["Ambalaje", "Depozitare", "Logistică"]
    assert row.territories == []
    assert row.other_scheme_verticals == ["MD", "RO"]
