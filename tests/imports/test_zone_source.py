"""TIME-1 (both databases): a time zone the import derived from a phone or a city stays shown as derived after the
import — on the card, in the API, in the export — until a person confirms or changes it; an update import and its
undo move the zone and its mark together."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as Browser
from django.utils import translation

from keepwarm.clients.forms import ClientForm
from keepwarm.clients.models import Client
from keepwarm.clients.zone_source import WORDING, zone_source_html, zone_source_read, zone_source_text
from keepwarm.flows.imports_queue import import_undo
from keepwarm.flows.merge import clients_merge
from keepwarm.flows.recycle import client_forget
from keepwarm.imports.models import ImportRow
from tests.conftest import api_as
from tests.factories import make_client
from tests.imports.helpers import run_import

NOVOSIBIRSK_PHONE = b"Name;Phone\nIvan Petrov;+7 383 212-34-56\n"
NOVOSIBIRSK_CITY = "Name;Phone;City\nIvan Petrov;+7 985 123-45-67;Новосибирск\n".encode()
DERIVED_FROM_THE_PHONE = "derived from the phone +7 383 212-34-56"


def imported(alice: Any, capture: Any, data: bytes = NOVOSIBIRSK_PHONE, **options: Any) -> Client:
    job = run_import(alice, "zones.csv", data, capture=capture, **options)
    return Client.objects.get(pk=ImportRow.objects.get(job=job, number=2).client_id)


def zone_of(client: Client) -> tuple[str, str, str]:
    client.refresh_from_db()
    return client.time_zone, client.time_zone_source, client.time_zone_evidence


def card(web: Any, user: Any, client: Client) -> str:
    response = web(user).get(f"/clients/{client.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def form_data(client: Client, user: Any, **changes: Any) -> dict[str, Any]:
    """The edit form as the browser sends it back untouched, with `changes`."""
    form = ClientForm(instance=client, user=user)
    data = {name: form[name].value() for name in form.fields}
    data = {name: value for name, value in data.items() if value not in (None, False)}
    return {**data, **changes}


@pytest.mark.django_db
def test_time1_a_zone_derived_from_the_phone_is_marked_on_the_card_and_in_the_api(
    alice, web, django_capture_on_commit_callbacks
):
    job = run_import(alice, "zones.csv", NOVOSIBIRSK_PHONE, capture=django_capture_on_commit_callbacks)
    ivan = Client.objects.get(pk=ImportRow.objects.get(job=job).client_id)
    assert zone_of(ivan) == ("Asia/Novosibirsk", "phone", "+73832123456")
    result = web(alice).get(f"/imports/{job.pk}/").content.decode()
    assert "A time zone derived from a phone or a city is marked so on the client's card" in result

    body = card(web, alice, ivan)
    assert 'class="zone-derived"' in body
    assert 'derived from the phone <span class="evidence">+7 383 212-34-56</span>' in body

    shown = api_as(alice).get(f"/api/clients/{ivan.pk}/").json()
    assert (shown["time_zone"], shown["time_zone_source"], shown["time_zone_evidence"]) == (
        "Asia/Novosibirsk",
        "phone",
        "+73832123456",
    )
    assert shown["time_zone_source_text"] == DERIVED_FROM_THE_PHONE
    listed = api_as(alice).get("/api/clients/").json()["results"]
    assert [row["time_zone_source"] for row in listed] == ["phone"]


@pytest.mark.django_db
def test_time1_a_zone_derived_from_the_city_names_the_city_and_one_given_or_the_countrys_is_not_marked(
    alice, web, django_capture_on_commit_callbacks
):
    ivan = imported(alice, django_capture_on_commit_callbacks, NOVOSIBIRSK_CITY)
    assert zone_of(ivan) == ("Asia/Novosibirsk", "city", "Новосибирск")
    assert 'derived from the city <span class="evidence">Новосибирск</span>' in card(web, alice, ivan)

    data = b"Name;Phone;Time zone\nIon Ceban;069 123 456;\nOleg Sidorov;+7 383 212-00-01;Asia/Omsk\n"
    job = run_import(alice, "given.csv", data, capture=django_capture_on_commit_callbacks)
    rows = {row.number: row for row in ImportRow.objects.filter(job=job)}
    ion, oleg = (Client.objects.get(pk=rows[number].client_id) for number in (2, 3))
    assert zone_of(ion) == ("", "", "")  # the country's zone: an empty one already means it
    assert zone_of(oleg) == ("Asia/Omsk", "", "")
    assert 'class="zone-derived"' not in card(web, alice, oleg)


@pytest.mark.django_db
def test_time1_the_form_clears_the_mark_when_the_zone_is_confirmed_or_changed_not_when_another_field_is_saved(
    alice, web, django_capture_on_commit_callbacks
):
    ivan = imported(alice, django_capture_on_commit_callbacks)
    page = web(alice).get(f"/clients/{ivan.pk}/edit/").content.decode()
    assert 'name="time_zone_confirmed"' in page
    assert "Derived from the phone +7 383 212-34-56." in page

    assert (
        web(alice).post(f"/clients/{ivan.pk}/edit/", form_data(ivan, alice, notes="Calls after lunch")).status_code
        == 302
    )
    assert zone_of(ivan) == ("Asia/Novosibirsk", "phone", "+73832123456")

    confirmed = form_data(ivan, alice, time_zone_confirmed="on")
    assert web(alice).post(f"/clients/{ivan.pk}/edit/", confirmed).status_code == 302
    assert zone_of(ivan) == ("Asia/Novosibirsk", "", "")
    assert 'class="zone-derived"' not in card(web, alice, ivan)
    assert 'name="time_zone_confirmed"' not in web(alice).get(f"/clients/{ivan.pk}/edit/").content.decode()

    oleg = imported(alice, django_capture_on_commit_callbacks, b"Name;Phone\nOleg Sidorov;+7 383 212-00-01\n")
    changed = form_data(oleg, alice, time_zone="Asia/Omsk")
    assert web(alice).post(f"/clients/{oleg.pk}/edit/", changed).status_code == 302
    assert zone_of(oleg) == ("Asia/Omsk", "", "")


@pytest.mark.django_db
def test_time1_an_api_patch_that_sends_the_zone_clears_the_mark_and_the_mark_is_read_only(
    alice, django_capture_on_commit_callbacks
):
    ivan = imported(alice, django_capture_on_commit_callbacks)
    api = api_as(alice)
    answer = api.patch(f"/api/clients/{ivan.pk}/", {"notes": "x", "version": ivan.version}, format="json")
    assert answer.status_code == 200
    assert zone_of(ivan) == ("Asia/Novosibirsk", "phone", "+73832123456")

    same = {"time_zone": "Asia/Novosibirsk", "version": ivan.version}
    answer = api.patch(f"/api/clients/{ivan.pk}/", same, format="json")
    assert answer.status_code == 200
    assert (answer.json()["time_zone_source"], answer.json()["time_zone_source_text"]) == ("", "")
    assert zone_of(ivan) == ("Asia/Novosibirsk", "", "")

    forged = {"time_zone_source": "city", "time_zone_evidence": "Omsk", "version": ivan.version}
    assert api.patch(f"/api/clients/{ivan.pk}/", forged, format="json").status_code == 200
    assert zone_of(ivan) == ("Asia/Novosibirsk", "", "")

    schema = api.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]["ClientDetailOutput"]
    assert {"time_zone_source", "time_zone_evidence", "time_zone_source_text"} <= set(schema["properties"])
    assert all(schema["properties"][name].get("readOnly") for name in ("time_zone_source", "time_zone_evidence"))


@pytest.mark.django_db
def test_time1_an_update_import_derives_again_only_over_a_derived_zone_and_undo_puts_the_zone_and_mark_back(
    alice, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    ivan = imported(alice, capture, NOVOSIBIRSK_CITY)
    anna = make_client(alice, first_name="Anna", last_name="Orlova", phones=["+79161234567"], country="RU",
                       time_zone="Europe/Samara")  # fmt: skip
    oleg = imported(alice, capture, b"Name;Phone\nOleg Sidorov;+7 383 212-00-01\n")
    data = (
        "Name;Phone;City;Time zone\n"
        "Ivan Petrov;+7 985 123-45-67;Омск;\n"  # derived again, from another city
        "Anna Orlova;+7 916 123-45-67;Омск;\n"  # a person's zone: a city does not overrule it
        "Oleg Sidorov;+7 383 212-00-01;;Asia/Omsk\n"  # the file's own zone: no longer derived
    ).encode()
    job = run_import(alice, "update.csv", data, capture=capture, dedup="update")
    statuses = list(ImportRow.objects.filter(job=job).order_by("number").values_list("status", flat=True))
    assert statuses == ["updated", "skipped", "updated"]
    assert zone_of(ivan) == ("Asia/Omsk", "city", "Омск")
    assert zone_of(anna) == ("Europe/Samara", "", "")
    assert zone_of(oleg) == ("Asia/Omsk", "", "")

    again = run_import(alice, "update.csv", data, capture=capture, dedup="update")
    assert (again.updated, again.skipped) == (0, 3), "a second run finds every zone as the file has it"

    with pytest.raises(ValidationError, match="nothing to undo"):  # the second run changed nothing
        import_undo(job=again, by=alice)
    with capture(execute=True):  # the undo runs in the worker (tasks run at once in tests)
        import_undo(job=job, by=alice)
    assert zone_of(ivan) == ("Asia/Novosibirsk", "city", "Новосибирск")
    assert zone_of(oleg) == ("Asia/Novosibirsk", "phone", "+73832120001")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ru", "ro"])
def test_time1_an_exported_derived_zone_imports_back_still_marked_as_derived(
    alice, language, django_capture_on_commit_callbacks
):
    alice.language = language
    alice.save(update_fields=["language"])
    capture = django_capture_on_commit_callbacks
    imported(alice, capture, NOVOSIBIRSK_PHONE + b"Vera Ilyina;+7 916 000-11-22\n")
    imported(alice, capture, NOVOSIBIRSK_CITY.replace(b"Ivan Petrov", b"Pavel Orlov"))
    browser = Browser()
    browser.force_login(alice)
    exported = b"".join(browser.get("/clients/export/", {"format": "csv-semicolon"}).streaming_content)
    with translation.override(language):
        assert str(WORDING["phone"] % {"evidence": "+7 383 212-34-56"}) in exported.decode("utf-8-sig")
    before = {client.last_name: zone_of(client) for client in Client.objects.all()}

    job = run_import(alice, "clients.csv", exported, capture=capture, dedup="update")
    assert (job.failed, job.updated, job.skipped) == (0, 0, 3)
    job = run_import(alice, "clients.csv", exported, capture=capture, dedup="create")
    assert (job.failed, job.created) == (0, 3)
    copies = Client.objects.filter(pk__in=ImportRow.objects.filter(job=job).values("client_id"))
    assert {client.last_name: zone_of(client) for client in copies} == before
    assert before["Petrov"] == ("Asia/Novosibirsk", "phone", "+73832123456")
    assert before["Orlov"] == ("Asia/Novosibirsk", "city", "Новосибирск")


def test_time1_the_source_reads_back_in_every_language_and_other_text_is_not_a_source():
    for language in ("en", "ru", "ro"):
        with translation.override(language):
            phone = str(WORDING["phone"] % {"evidence": "+7 383 212-34-56"})
            city = str(WORDING["city"] % {"evidence": "Нижний Новгород"})
        assert zone_source_read(phone) == ("phone", "+7 383 212-34-56")
        assert zone_source_read(f"  {city.upper()} ") == ("city", "НИЖНИЙ НОВГОРОД")
    assert [zone_source_read(text) for text in ("", "Novosibirsk", "derived from the phone ")] == [None, None, None]


def test_time1_the_cards_wording_escapes_the_evidence_a_file_brought():
    shown = zone_source_html("city", "<script>x</script>")
    assert shown == 'derived from the city <span class="evidence">&lt;script&gt;x&lt;/script&gt;</span>'
    assert (zone_source_html("", ""), zone_source_text("", "")) == ("", "")


@pytest.mark.django_db
def test_time1_a_merge_takes_the_duplicates_derived_zone_with_its_mark_and_forgetting_drops_the_evidence(
    alice, lena, django_capture_on_commit_callbacks
):
    other = imported(alice, django_capture_on_commit_callbacks)
    survivor = make_client(alice, first_name="Ivan", last_name="Petrov", emails=["ivan@example.ru"])
    merged = clients_merge(survivor=survivor, other=other, by=alice)
    assert zone_of(merged) == ("Asia/Novosibirsk", "phone", "+73832123456")

    client_forget(client=merged, by=lena)
    assert zone_of(merged)[1:] == ("", "")
