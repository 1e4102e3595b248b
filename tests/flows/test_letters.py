"""Writing letters through flows.letters: LET-1 thank-yous and POST-5 greetings prepared on time, LANG-1 language,
ANNOY-1/2 and do-not-contact, CAT-5 (a client keeps its next step), OWN-1, TIME-1."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from keepwarm.clients.choices import Category, NeverReason
from keepwarm.clients.models import Client
from keepwarm.flows import catalog as catalog_flows
from keepwarm.flows import letters as flows
from keepwarm.flows.orders import OrderDetails
from keepwarm.flows.tasks import nightly
from keepwarm.flows.touches import client_log_touch
from keepwarm.letters import services
from keepwarm.letters.kinds import letter_goal
from keepwarm.letters.models import BadAddress, Letter, LetterKind, LetterOptOut
from keepwarm.touches.choices import Channel, Goal, PlanStatus
from keepwarm.touches.models import PlannedTouch
from keepwarm.touches.selectors import open_next_step
from tests.factories import make_client

pytestmark = pytest.mark.django_db
Status = Letter.Status


def buy(user, client, *, items="Fleet tracker", days_ago=1):
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    at = timezone.now() - dt.timedelta(days=days_ago)
    order = OrderDetails(ordered_on=day, amount=Decimal(100), items=items)
    client_log_touch(
        client=client, by=user, channel="call", goal="close", outcome="bought", happened_at=at, order=order
    )
    return day


def courtesy(client, goal):
    return PlannedTouch.objects.get(client=client, status=PlanStatus.OPEN, goal=goal)


@pytest.fixture
def ana(alice):
    return make_client(
        alice, first_name="Ana", last_name="Țurcanu", language="ro", emails=["ana@example.md"], country="MD"
    )


def test_let1_a_thank_you_is_prepared_after_a_purchase_with_product_and_date_in_the_clients_language(alice, ana):
    bought_on = buy(alice, ana, items="Tracker GPS Ștefan")
    planned = courtesy(ana, Goal.THANK_YOU)
    prepared = flows.courtesy_letters_prepare(now=planned.due_at - dt.timedelta(hours=2))
    letter = Letter.objects.get(planned_touch=planned)
    assert prepared == 1
    assert (letter.kind, letter.language) == (LetterKind.THANK_PURCHASE, "ro")
    assert (letter.status, letter.auto) == (Status.DRAFT, True)
    assert letter.send_at == planned.due_at
    assert "Tracker GPS Ștefan" in letter.body_text
    assert services.letter_context_for(ana, language="ro")["purchase_date"] in letter.body_text
    assert str(bought_on.year) in letter.body_text
    assert letter.subject == "Vă mulțumim pentru achiziție"
    assert (letter.owner, letter.recipient) == (alice, "ana@example.md")
    # Prepared once: the hourly run does not write it again.
    assert flows.courtesy_letters_prepare(now=planned.due_at - dt.timedelta(hours=1)) == 0


@pytest.mark.parametrize("auto_send", [False, True])
def test_post5_a_birthday_greeting_goes_out_on_the_day_in_the_clients_zone(alice, lena, auto_send):
    services.settings_save(by=lena, team=alice.team, auto_send_courtesy=auto_send)
    birthday = timezone.localdate() + dt.timedelta(days=20)
    client = make_client(
        alice, first_name="Иван", patronymic="Петрович", language="ru", emails=["ivan@example.ru"], country="RU",
        time_zone="Asia/Vladivostok", birthday=birthday.replace(year=1980),
    )  # fmt: skip
    planned = courtesy(client, Goal.GREETING)
    assert planned.due_date == birthday
    assert flows.courtesy_letters_prepare(now=planned.due_at - dt.timedelta(days=2)) == 0  # not the coming day yet
    assert flows.courtesy_letters_prepare(now=planned.due_at - dt.timedelta(hours=20)) == 1
    letter = Letter.objects.get(planned_touch=planned)
    local = letter.send_at.astimezone(ZoneInfo("Asia/Vladivostok"))
    assert local.date() == birthday
    assert letter.kind == LetterKind.BIRTHDAY
    assert letter.body_text.startswith("Уважаемый Иван Петрович!")
    assert letter.status == (Status.QUEUED if auto_send else Status.DRAFT)
    if not auto_send:
        [approved] = flows.letters_approve(by=alice, letter_ids=[letter.pk])
        assert (approved.status, approved.send_at) == (Status.QUEUED, planned.due_at)


def test_post5_a_greeting_whose_day_has_passed_is_not_prepared_or_sent_late(alice):
    birthday = timezone.localdate() + dt.timedelta(days=20)
    client = make_client(alice, first_name="Ion", emails=["ion@example.md"], birthday=birthday.replace(year=1990))
    planned = courtesy(client, Goal.GREETING)
    assert flows.courtesy_letters_prepare(now=planned.due_at + dt.timedelta(days=1)) == 0
    assert flows.courtesy_letters_prepare(now=planned.due_at - dt.timedelta(hours=1)) == 1
    letter = Letter.objects.get(planned_touch=planned)
    with pytest.raises(ValidationError) as error:
        flows.letter_send(by=alice, letter=letter, send_at=planned.due_at + dt.timedelta(days=1))
    assert "send_at" in error.value.message_dict


def test_annoy1_a_sales_letter_right_after_a_call_is_refused_a_thank_you_is_not(alice, ana):
    client_log_touch(client=ana, by=alice, channel="call", goal="identify_needs", outcome="reached")
    with pytest.raises(ValidationError) as error:
        flows.letter_compose(by=alice, client=ana, kind=LetterKind.FREE)
    assert "recipient" in error.value.message_dict
    assert services.letter_problems(ana, sales=True) == ["too_often"]
    letter = flows.letter_compose(by=alice, client=ana, kind=LetterKind.THANK_HELP)
    assert letter.status == Status.QUEUED


@pytest.mark.parametrize("problem", ["do_not_contact", "opted_out", "bad_address", "no_email"])
def test_letters_are_refused_to_a_client_who_cannot_receive_them(alice, ana, problem):
    if problem == "do_not_contact":
        ana.do_not_contact = True
        ana.save(update_fields=["do_not_contact"])
    elif problem == "opted_out":
        LetterOptOut.objects.create(client=ana, at=timezone.now())
    elif problem == "bad_address":
        BadAddress.objects.create(client=ana, email="ANA@example.md", at=timezone.now())
    else:
        ana.emails = []
        ana.save(update_fields=["emails"])
    assert problem in services.letter_problems(ana, sales=False)
    with pytest.raises(ValidationError):
        flows.letter_compose(by=alice, client=ana, kind=LetterKind.BIRTHDAY)
    assert not Letter.objects.exists()


def test_cat5_composing_and_cancelling_leave_the_client_its_next_step(alice, ana):
    step = open_next_step(ana)
    letter = flows.letter_compose(by=alice, client=ana, kind=LetterKind.THANK_HELP, planned_touch=step, draft=True)
    assert open_next_step(ana) == step
    cancelled = flows.letter_cancel(by=alice, letter=letter)
    assert cancelled.status == Status.CANCELLED
    assert open_next_step(ana) == step
    assert PlannedTouch.objects.get(pk=step.pk).status == PlanStatus.OPEN
    with pytest.raises(ValidationError):
        flows.letter_send(by=alice, letter=cancelled)


def test_own1_a_manager_writes_only_to_own_clients(alice, bob, ana):
    with pytest.raises(PermissionDenied):
        flows.letter_compose(by=bob, client=ana, kind=LetterKind.THANK_HELP)
    letter = flows.letter_compose(by=alice, client=ana, kind=LetterKind.THANK_HELP, draft=True)
    for attempt in (flows.letter_cancel, flows.letter_send):
        with pytest.raises(PermissionDenied):
            attempt(by=bob, letter=letter)
    assert flows.letters_approve(by=bob, letter_ids=[letter.pk]) == []
    assert Letter.objects.get(pk=letter.pk).status == Status.DRAFT


def test_time1_a_time_without_a_zone_is_the_clients(alice):
    client = make_client(alice, first_name="Ivan", emails=["i@example.ru"], country="RU", time_zone="Europe/Moscow")
    later = (timezone.now() + dt.timedelta(days=3)).replace(tzinfo=None, hour=10, minute=0, second=0, microsecond=0)
    letter = flows.letter_compose(by=alice, client=client, kind=LetterKind.THANK_HELP, send_at=later)
    assert letter.send_at == later.replace(tzinfo=ZoneInfo("Europe/Moscow"))
    assert letter.send_at.astimezone(dt.UTC).hour == 7


def test_lang1_compose_from_own_text_fills_placeholders_and_refuses_unknown_ones(alice, ana):
    letter = flows.letter_compose(
        by=alice, client=ana, kind=LetterKind.THANK_HELP, subject="Pentru {client_first_name}", body="{salutation}\nok"
    )
    assert letter.subject == "Pentru Ana"
    assert letter.body_text == "Bună ziua, Ana Țurcanu,\nok\n"
    with pytest.raises(ValidationError) as error:
        flows.letter_compose(by=alice, client=ana, kind=LetterKind.THANK_HELP, subject="x", body="{nope}")
    assert "body" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        flows.letter_compose(by=alice, client=ana, kind=LetterKind.OFFER)
    assert "product" in error.value.message_dict  # an offer names its product: never a letter with a hole


def test_letter_for_plan_fills_the_planned_letter_and_reuses_its_draft(alice, ana):
    buy(alice, ana)
    planned = courtesy(ana, Goal.THANK_YOU)
    letter = flows.letter_for_plan(by=alice, planned_touch=planned)
    assert (letter.status, letter.kind) == (Status.DRAFT, LetterKind.THANK_PURCHASE)
    assert (letter.language, letter.auto) == ("ro", False)
    assert flows.letter_for_plan(by=alice, planned_touch=planned) == letter
    edited = flows.letter_update(by=alice, letter=letter, subject="Mulțumim\nmult", body="Text nou")
    assert (edited.subject, edited.body_text) == ("Mulțumim mult", "Text nou\n")
    sent = flows.letter_send(by=alice, letter=edited)
    assert sent.status == Status.QUEUED
    assert letter_goal(sent) == Goal.THANK_YOU
    Letter.objects.filter(pk=sent.pk).update(status=Status.SENDING)
    with pytest.raises(ValidationError):
        flows.letter_update(by=alice, letter=sent, subject="x", body="y")


def test_annoy2_a_letter_instead_of_a_call_keeps_the_calls_goal(alice, ana):
    for days_ago in (20, 10):
        client_log_touch(
            client=ana, by=alice, channel="call", goal="identify_needs", outcome="hung_up",
            happened_at=timezone.now() - dt.timedelta(days=days_ago),
        )  # fmt: skip
    step = open_next_step(ana)
    assert step.channel == Channel.LETTER
    letter = flows.letter_for_plan(by=alice, planned_touch=step)
    assert letter.kind == LetterKind.FREE
    assert letter_goal(letter) == step.goal
    assert letter.subject == "Ce mai faceți?"


def test_let1_the_nightly_run_prepares_the_coming_days_thank_yous(alice, ana, time_machine):
    buy(alice, ana)
    planned = courtesy(ana, Goal.THANK_YOU)
    time_machine.move_to(planned.due_at - dt.timedelta(hours=3), tick=False)
    nightly.call()
    assert Letter.objects.get(planned_touch=planned).kind == LetterKind.THANK_PURCHASE


def test_let1_a_teams_template_that_needs_a_missing_value_prepares_nothing_and_breaks_no_run(alice, lena, ana):
    services.template_save(
        by=lena, team=alice.team, kind=LetterKind.THANK_PURCHASE, language="ro", subject="Oferta {product}",
        body="{salutation} {holiday}",
    )  # fmt: skip
    buy(alice, ana)
    planned = courtesy(ana, Goal.THANK_YOU)
    assert flows.courtesy_letters_prepare(now=planned.due_at - dt.timedelta(hours=1)) == 0
    assert not Letter.objects.exists()


def test_post6_an_offer_letter_names_its_product_in_the_clients_language(alice, lena, ana):
    """POST-3/6: the offer template is filled with the catalog item offered, in the client's language (LANG-1)."""
    product = catalog_flows.product_create(by=lena, name="Cold storage", tags=["logistics"])
    letter = flows.letter_compose(by=alice, client=ana, kind=LetterKind.OFFER, product=product)
    assert (letter.language, letter.product) == ("ro", product)
    assert "Cold storage" in letter.subject + letter.body_text
    assert "Ana" in letter.body_text


def test_cat2_no_letter_is_written_or_sent_to_a_never_client(alice, ana):
    """A "Never" client no longer exists for us: composing refuses, and a draft written before cannot be sent."""
    draft = flows.letter_compose(by=alice, client=ana, kind=LetterKind.THANK_HELP, draft=True)
    Client.objects.filter(pk=ana.pk).update(category=Category.NEVER, never_reason=NeverReason.LIQUIDATED)
    ana.refresh_from_db()
    assert "never" in services.letter_problems(ana, sales=False)
    with pytest.raises(ValidationError):
        flows.letter_compose(by=alice, client=ana, kind=LetterKind.THANK_HELP)
    with pytest.raises(ValidationError):
        flows.letter_send(by=alice, letter=draft)
    assert Letter.objects.get().status == Status.DRAFT
