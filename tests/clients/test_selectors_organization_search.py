"""Organization search by the folded name: kept by the services, filled for existing rows by migration 0005."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from keepwarm.clients.forms import ORGANIZATION_PICKER
from keepwarm.clients.models import Organization
from keepwarm.clients.selectors import organization_search
from keepwarm.clients.services import organization_create
from keepwarm.flows.clients import organization_update

pytestmark = pytest.mark.django_db


def found(q: str) -> set[str]:
    return set(organization_search(Organization.objects.all(), q=q).values_list("name", flat=True))


def test_services_keep_the_folded_name(alice):
    organization = organization_create(by=alice, name="АО «АГРО-ПЛЮС»")
    assert organization.search_name == "ао «агро-плюс»"
    assert found("АГРО-плюс") == {"АО «АГРО-ПЛЮС»"}
    organization_update(organization=organization, by=alice, expected_version=organization.version, name="Ёлка SRL")
    organization.refresh_from_db()
    assert organization.search_name == "елка srl"
    assert found("ЕЛКА") == {"Ёлка SRL"}
    assert found("агро") == set()


def test_every_word_must_match_in_any_order(alice):
    organization_create(by=alice, name="Fabrica de Pâine Chișinău")
    organization_create(by=alice, name="Fabrica de Lapte")
    assert found("chisinau paine") == {"Fabrica de Pâine Chișinău"}
    assert found("fabrica") == {"Fabrica de Pâine Chișinău", "Fabrica de Lapte"}
    assert len(found("")) == 2


def test_picker_keeps_the_picked_one_only_when_it_matches(alice):
    nord = organization_create(by=alice, name="Agro Nord")
    other = organization_create(by=alice, name="Moldtelecom")
    queryset = Organization.objects.all()
    assert ORGANIZATION_PICKER.choices(queryset, q="", picked=other.pk) == ([other], False)
    assert ORGANIZATION_PICKER.choices(queryset, q="agro", picked=other.pk) == ([nord], False)
    assert ORGANIZATION_PICKER.choices(queryset, q="  ", picked=None) == ([], False)


def test_migration_0005_fills_the_folded_name_of_existing_rows(alice):
    organization = organization_create(by=alice, name="Țara Noastră SRL")
    Organization.objects.filter(pk=organization.pk).update(search_name="")
    migration = importlib.import_module("keepwarm.clients.migrations.0005_organization_search_name")
    migration.fill_search_name(apps, None)  # the schema editor is unused
    organization.refresh_from_db()
    assert organization.search_name == "tara noastra srl"
