"""Duplicates (same phone in any format, e-mail, name in one organization, a similar name) and the merge flow:
every related row moves to the survivor, the merge is in its history, exactly one next step after (CAT-5), OWN-1."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client as Browser
from django.utils import timezone, translation

from keepwarm.audit.models import FieldChange
from keepwarm.clients.duplicates import duplicate_pairs
from keepwarm.clients.duplicates_api import NOT_VISIBLE
from keepwarm.clients.models import CategoryChange, Client, Order
from keepwarm.clients.reasons import ChangeReason
from keepwarm.deals.models import Deal
from keepwarm.deals.services import deal_create
from keepwarm.flows.clients import client_update
from keepwarm.flows.merge import clients_merge
from keepwarm.flows.orders import order_record
from keepwarm.flows.touches import client_log_touch
from keepwarm.journal.models import JournalEntry
from keepwarm.journal.services import journal_create
from keepwarm.qualification.models import IndicatorMark
from keepwarm.qualification.services import indicator_mark
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch
from tests.conftest import api_as
from tests.factories import OrganizationFactory, make_client

pytestmark = pytest.mark.django_db
REACHED = {"channel": "call", "goal": "present", "outcome": "reached"}


def pairs_of(user) -> dict[frozenset[int], list[str]]:
    return {frozenset((pair.first.pk, pair.second.pk)): pair.reasons for pair in duplicate_pairs(user=user)}


def open_next_steps(client) -> int:
    return PlannedTouch.objects.filter(client_id=client.pk, status=PlanStatus.OPEN, is_next_step=True).count()


def test_found_by_phone_in_any_format_and_by_email(alice):
    first = make_client(alice, last_name="Rusu", phones=["+373 69 123 456"], emails=["Ion@Example.md"])
    second = make_client(alice, last_name="Cojocaru", first_name="Vasile", phones=["069123456"])
    third = make_client(alice, last_name="Lungu", first_name="Petru", emails=["ion@example.md"])
    make_client(alice, last_name="Alone", first_name="Nobody", phones=["+37369999999"])
    pairs = pairs_of(alice)
    assert pairs == {frozenset((first.pk, second.pk)): ["phone"], frozenset((first.pk, third.pk)): ["email"]}


def test_found_by_name_in_one_organization_and_by_a_similar_name(alice, team):
    organization = OrganizationFactory(team=team)
    same = [make_client(alice, last_name="Popescu", first_name="Ion", organization=organization) for _ in range(2)]
    typo = make_client(alice, last_name="Popesku", first_name="Ion", organization=organization)
    make_client(alice, last_name="Popescu", first_name="Ion")  # no organization: a common name is no evidence
    pairs = pairs_of(alice)
    assert pairs[frozenset(client.pk for client in same)] == ["name_organization"]
    assert pairs[frozenset((same[0].pk, typo.pk))] == ["similar_name"]
    assert len(pairs) == 3


def test_a_different_patronymic_or_first_name_is_another_person(alice, team):
    """A father and his son (the same last and first name, their patronymics differ), two brothers (the same last
    name and patronymic): never listed. A patronymic missing from one record is no difference."""
    organization = OrganizationFactory(team=team)

    def person(last: str, first: str, patronymic: str = "") -> Client:
        return make_client(alice, last_name=last, first_name=first, patronymic=patronymic, organization=organization)

    person("Новиков", "Дмитрий", "Игоревич"), person("Новиков", "Дмитрий", "Борисович")
    person("Иванов", "Сергей", "Николаевич"), person("Иванов", "Юрий", "Николаевич")
    person("Волкова", "Елена", "Сергеевна"), person("Волкова", "Вера", "Сергеевна")
    written_once, written_twice = person("Петров", "Иван"), person("Петров", "Иван", "Ильич")
    typo, spelt = person("Кузнецова", "Ольга", "Петровна"), person("Кузнецева", "Ольга", "")
    assert pairs_of(alice) == {
        frozenset((written_once.pk, written_twice.pk)): ["name_organization"],
        frozenset((typo.pk, spelt.pk)): ["similar_name"],
    }


def test_own1_duplicates_only_among_clients_one_sees_and_never_across_teams(alice, bob, carol, lena, root):
    mine = make_client(alice, phones=["+37369123456"])
    bobs = make_client(bob, last_name="Bobescu", phones=["+37369123456"])
    make_client(carol, last_name="Carolescu", phones=["+37369123456"])
    assert pairs_of(alice) == {}
    assert pairs_of(lena) == {frozenset((mine.pk, bobs.pk)): ["phone"]}
    assert pairs_of(root) == {frozenset((mine.pk, bobs.pk)): ["phone"]}, "other team's same phone is not a pair"
    answer = api_as(lena).get("/api/duplicates/").json()
    assert [(row["first"]["id"], row["second"]["id"], row["reasons"]) for row in answer] == [
        (mine.pk, bobs.pk, ["phone"])
    ]


def full_history(client, by, team):
    client_log_touch(client=client, by=by, **REACHED)
    order_record(client=client, by=by, ordered_on=timezone.localdate(), amount=Decimal(100), items="wine")
    deal_create(client=client, by=by, title="Big deal")
    indicator_mark(client=client, by=by, number=7, marked_on=timezone.localdate(), evidence="seen")
    journal_create(by=by, date=timezone.localdate(), client=client, method="called at the right time")


def test_cat5_merge_keeps_every_row_records_it_and_leaves_one_next_step(alice, team):
    survivor = make_client(alice, last_name="Rusu", phones=["+37369123456"], interests=["wine"])
    other = make_client(
        alice, last_name="Rusu", patronymic="Ivanovich", phones=["+37369000111"], emails=["r@x.md"], interests=["brie"]
    )
    full_history(survivor, alice, team)
    full_history(other, alice, team)
    client_update(client=other, by=alice, expected_version=Client.objects.get(pk=other.pk).version, position="CEO")
    counts = {
        model: model.objects.filter(client_id__in=[survivor.pk, other.pk]).count()
        for model in (Touch, Order, Deal, IndicatorMark, CategoryChange, PlannedTouch, JournalEntry, FieldChange)
    }

    merged = clients_merge(survivor=survivor, other=other, by=alice)

    for model, before in counts.items():
        assert model.objects.filter(client_id=other.pk).count() == 0, model
        after = model.objects.filter(client_id=survivor.pk).count()
        assert after >= before if model in (CategoryChange, FieldChange, PlannedTouch) else after == before, model
    assert IndicatorMark.objects.filter(client=merged, number=7, unmarked_at__isnull=True).count() == 1
    assert merged.phones == ["+37369123456", "+37369000111"]
    assert merged.emails == ["r@x.md"]
    assert merged.patronymic == "Ivanovich"
    assert merged.position == "CEO"
    assert sorted(merged.interests.values_list("name", flat=True)) == ["brie", "wine"]
    assert open_next_steps(merged) == 1
    record = CategoryChange.objects.get(client=merged, reason_code=ChangeReason.MERGED)
    assert record.reason_params == {"id": str(other.pk), "name": other.full_name}
    assert str(other.pk) in record.reason_text
    assert not Client.objects.filter(pk=other.pk).exists()
    assert Client.with_binned.get(pk=other.pk).deleted_at is not None, "the emptied duplicate is in the recycle bin"


def test_own1_merge_api(alice, bob, carol, lena):
    survivor = make_client(alice, last_name="Rusu")
    other = make_client(alice, last_name="Rusu", first_name="Ionel")
    bobs = make_client(bob, last_name="Bobescu")
    carols = make_client(carol, last_name="Carolescu")
    api = api_as(alice)
    assert api.post(f"/api/clients/{survivor.pk}/merge/", {"other": survivor.pk}).status_code == 400
    assert api.post(f"/api/clients/{survivor.pk}/merge/", {"other": "x"}).status_code == 400
    assert api.post(f"/api/clients/{survivor.pk}/merge/", {}).status_code == 400
    assert api.post(f"/api/clients/{survivor.pk}/merge/", {"other": carols.pk}).status_code == 400
    assert api.post(f"/api/clients/{survivor.pk}/merge/", {"other": bobs.pk}).status_code == 400
    assert api_as(lena).post(f"/api/clients/{survivor.pk}/merge/", {"other": carols.pk}).status_code == 400
    assert api.post(f"/api/clients/{carols.pk}/merge/", {"other": other.pk}).status_code == 404
    answer = api.post(f"/api/clients/{survivor.pk}/merge/", {"other": other.pk})
    assert answer.status_code == 200
    assert answer.json()["id"] == survivor.pk
    assert open_next_steps(survivor) == 1


def test_the_duplicates_page_and_the_merge_confirmation(alice):
    survivor = make_client(alice, last_name="Rusu", phones=["+37369123456"], emails=["rusu@example.md"])
    other = make_client(
        alice, last_name="Rusu", first_name="Ionel", phones=["+37369123456"], emails=["rusu@example.md"]
    )
    client_log_touch(client=other, by=alice, **REACHED)
    browser = Browser()
    browser.force_login(alice)
    page = browser.get("/clients/duplicates/").content.decode()
    assert f"/clients/{survivor.pk}/merge/?other={other.pk}" in page
    assert "Same phone, same e-mail" in page  # one sentence
    itself = browser.get(f"/clients/{survivor.pk}/merge/", {"other": survivor.pk})
    assert itself.status_code == 400
    assert "cannot be merged with itself" in itself.content.decode()
    assert "Keep " not in itself.content.decode()  # no card offered to keep
    confirm = browser.get(f"/clients/{survivor.pk}/merge/", {"other": other.pk})
    assert confirm.status_code == 200
    # Each card says what it holds, so the one with the history is the one kept.
    choices = confirm.content.decode().split("merge-choices")[1]
    kept_first, kept_second = (" ".join(form.split()) for form in choices.split("<form")[1:3])
    assert "+373 691 23 456" in kept_first
    assert "0 contacts" in kept_first
    assert "1 contact" in kept_second
    assert "0 deals" in kept_second
    assert Client.objects.filter(pk=other.pk).exists(), "nothing merged before the confirmation"
    done = browser.post(f"/clients/{other.pk}/merge/", {"other": survivor.pk})
    assert done.status_code == 302
    assert Touch.objects.filter(client_id=other.pk).count() == 1, "the one kept was the other card"
    assert not Client.objects.filter(pk=survivor.pk).exists()
    assert browser.post(f"/clients/{other.pk}/merge/", {"other": other.pk}).status_code == 400


def test_a_merge_keeps_the_later_last_contact(alice):
    survivor = make_client(alice)
    other = make_client(alice, first_name="Ionel")
    client_log_touch(client=other, by=alice, happened_at=timezone.now() - dt.timedelta(hours=1), **REACHED)
    merged = clients_merge(survivor=survivor, other=other, by=alice)
    assert merged.last_touch_at is not None


def test_rows_a_client_holds_once_are_joined_not_lost(alice, team):
    from keepwarm.ladder.models import ClientLadder
    from keepwarm.needs.models import Answer, NeedsInterview, Question, Questionnaire

    survivor = make_client(alice, last_name="Rusu")
    other = make_client(alice, last_name="Rusu", first_name="Ionel")
    questionnaire = Questionnaire.objects.create(team=team, title="Needs")
    asked_both, asked_other = (Question.objects.create(questionnaire=questionnaire, text=t) for t in ("A?", "B?"))
    ours = NeedsInterview.objects.create(client=survivor, questionnaire=questionnaire, by=alice)
    theirs = NeedsInterview.objects.create(client=other, questionnaire=questionnaire, by=alice)
    Answer.objects.create(interview=ours, question=asked_both, text="ours")
    Answer.objects.create(interview=theirs, question=asked_both, text="theirs")
    Answer.objects.create(interview=theirs, question=asked_other, text="only theirs")
    ClientLadder.objects.update_or_create(client=survivor, defaults={"level": 2, "satisfied": True})
    ClientLadder.objects.update_or_create(client=other, defaults={"level": 3, "open_to_rebuy": True})

    clients_merge(survivor=survivor, other=other, by=alice)

    answers = dict(Answer.objects.filter(interview__client=survivor).values_list("question__text", "text"))
    assert answers == {"A?": "ours", "B?": "only theirs"}
    ladder = ClientLadder.objects.get(client=survivor)
    assert (ladder.level, ladder.satisfied, ladder.open_to_rebuy) == (3, True, True)
    assert not ClientLadder.objects.filter(client_id=other.pk).exists()


def test_merge_buttons_on_the_list_and_export_links_on_the_card(alice):
    client = make_client(alice)
    browser = Browser()
    browser.force_login(alice)
    page = browser.get("/clients/", {"category": "future"}).content.decode()
    assert 'action="/clients/export/"' in page
    assert 'name="category" value="future"' in page, "the export keeps the list's filters"
    assert "/clients/duplicates/" in page
    assert (
        f"/clients/{client.pk}/timeline/export/?format=xlsx" in browser.get(f"/clients/{client.pk}/").content.decode()
    )


@pytest.mark.parametrize("other", ["carols", 99999999999999999999999, 0])
def test_own1_merging_a_client_one_cannot_see_is_a_400_on_other_in_the_users_language(alice, carol, other):
    """The client of the URL is there: a 404 would say it is not. `other` is the wrong input, whatever it names."""
    survivor = make_client(alice)
    other = make_client(carol).pk if other == "carols" else other
    answer = api_as(alice).post(
        f"/api/clients/{survivor.pk}/merge/", {"other": other}, format="json", HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert answer.status_code == 400
    with translation.override("ru"):
        assert answer.json() == {"other": [str(NOT_VISIBLE)]}
    assert Client.objects.filter(pk=survivor.pk).exists()
