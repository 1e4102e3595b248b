"""A letter the outbox delivers is a contact: logged with the goal of its kind, closing its planned touch, counting
for SIX-1 when it sells, and leaving every client with a next step (CAT-5). At send time, an unsubscribe,
do-not-contact or a cancelled letter stops it."""

from __future__ import annotations

import datetime as dt
from unittest.mock import ANY

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client
from keepwarm.flows.clients import client_set_category
from keepwarm.flows.letters_outbox import letter_deliver, letters_deliver_due, queue_deliveries, queue_delivery
from keepwarm.flows.touches import client_log_touch
from keepwarm.letters.models import Letter, LetterOptOut
from keepwarm.letters.outbox import claim_token, letter_claim
from keepwarm.planner.reports import six_counted
from keepwarm.touches import services as touch_services
from keepwarm.touches.choices import Channel, Goal, Outcome, PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch
from keepwarm.touches.selectors import open_next_step
from tests.factories import make_client
from tests.letters import conftest as letters_fixtures
from tests.letters.conftest import SMTPServer, write_letter

smtp_server = letters_fixtures.smtp_server  # the real SMTP server of the letters' tests
MODULE = "keepwarm.flows.letters_outbox"


@pytest.fixture
def ion(alice) -> Client:
    return make_client(alice, emails=["ion@example.md"], language="ro", birthday=dt.date(1980, 5, 17))


def courtesy_plan(client: Client, goal: str) -> PlannedTouch:
    return touch_services.planned_touch_add_courtesy(
        client=client, by=client.owner, due_date=timezone.localdate() + dt.timedelta(days=1), goal=goal
    )


def assert_cat5(client: Client) -> PlannedTouch:
    step = open_next_step(client)
    assert step is not None
    assert step.status == PlanStatus.OPEN
    assert PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN, is_next_step=True).count() == 1
    return step


def sent_touch(letter: Letter) -> Touch:
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    assert letter.touch is not None
    return letter.touch


@pytest.mark.parametrize("kind", ["thank_purchase", "thank_refusal", "thank_help"])
def test_let1_a_sent_thank_you_is_logged_and_closes_its_planned_thank_you(smtp_server: SMTPServer, ion, kind):
    step_before = assert_cat5(ion)
    plan = courtesy_plan(ion, Goal.THANK_YOU)
    letter = write_letter(ion, kind=kind, planned_touch=plan)
    assert letter_deliver(letter_id=letter.pk) == Letter.Status.SENT
    touch = sent_touch(letter)
    assert (touch.channel, touch.goal, touch.outcome) == (Channel.LETTER, Goal.THANK_YOU, Outcome.SENT)
    assert touch.planned_touch_id == plan.pk
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DONE
    assert assert_cat5(ion).pk == step_before.pk  # a courtesy letter leaves the sales next step alone (CAT-5)
    assert [received.message_id for received in smtp_server.messages] == [letter.message_id]


@pytest.mark.parametrize("kind", ["birthday", "holiday", "org_anniversary"])
def test_post5_a_sent_greeting_is_logged_as_a_greeting_and_closes_its_plan(smtp_server, ion, kind):
    plan = courtesy_plan(ion, Goal.GREETING)
    letter = write_letter(ion, kind=kind, holiday="new_year" if kind == "holiday" else "", planned_touch=plan)
    assert letters_deliver_due() == 1
    touch = sent_touch(letter)
    assert (touch.channel, touch.goal) == (Channel.LETTER, Goal.GREETING)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DONE
    assert_cat5(ion)


def test_annoy2_the_letter_that_replaces_the_call_goes_out_closes_the_step_and_counts_for_six1(smtp_server, ion):
    now = timezone.now()
    for days_ago in (40, 10):
        client_log_touch(client=ion, by=ion.owner, channel=Channel.CALL, goal=Goal.SELL_MEETING,
                         outcome=Outcome.HUNG_UP, happened_at=now - dt.timedelta(days=days_ago))  # fmt: skip
    step = assert_cat5(ion)
    assert step.channel == Channel.LETTER  # ANNOY-2: two hang-ups within 90 days, a letter instead of the call
    contacts_before = _contacts(ion)
    letter = write_letter(ion, kind="free", planned_touch=step, subject="O propunere")
    assert letter_deliver(letter_id=letter.pk) == Letter.Status.SENT
    touch = sent_touch(letter)
    assert (touch.channel, touch.goal, touch.outcome) == (Channel.LETTER, step.goal, Outcome.SENT)
    step.refresh_from_db()
    assert step.status == PlanStatus.DONE
    new_step = assert_cat5(ion)  # CAT-5: re-planned once, a new next step
    assert new_step.pk != step.pk
    assert _contacts(ion) == contacts_before + 1  # SIX-1 counts the sales letter


def test_six1_a_sent_offer_counts_and_the_client_keeps_a_next_step(smtp_server, ion):
    before = _contacts(ion)
    letter = write_letter(ion, kind="offer")
    assert letter_deliver(letter_id=letter.pk) == Letter.Status.SENT
    assert sent_touch(letter).goal == Goal.OFFER
    assert _contacts(ion) == before + 1
    assert_cat5(ion)


def _contacts(client: Client) -> int:
    """SIX-1's count of the client's contacts in the last 365 days (known for a year, far below a target of 100)."""
    Client.objects.filter(pk=client.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    return six_counted(Client.objects.filter(pk=client.pk), today=timezone.localdate(), target=100).get().contacts


def test_cat5_a_letter_to_a_client_moved_to_never_goes_but_plans_nothing(smtp_server, ion):
    letter = write_letter(ion, kind="thank_purchase")
    client_set_category(client=ion, by=ion.owner, category=Category.NEVER, never_reason="liquidated")
    assert letter_deliver(letter_id=letter.pk) == Letter.Status.SENT
    letter.refresh_from_db()
    assert (letter.status, letter.touch) == (Letter.Status.SENT, None)
    assert not PlannedTouch.objects.filter(client=ion, status=PlanStatus.OPEN).exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda client, letter: LetterOptOut.objects.create(client=client, at=timezone.now()), "opted_out"),
        (lambda client, letter: Client.objects.filter(pk=client.pk).update(do_not_contact=True), "do_not_contact"),
    ],
)
def test_what_changed_after_writing_is_checked_at_send_time(smtp_server, ion, change, code):
    letter = write_letter(ion)
    change(ion, letter)
    assert letter_deliver(letter_id=letter.pk) == Letter.Status.CANCELLED
    letter.refresh_from_db()
    assert (letter.status, letter.error_code, letter.touch) == (Letter.Status.CANCELLED, code, None)
    assert smtp_server.messages == []


def test_a_cancelled_draft_or_future_letter_is_not_claimed(smtp_server, ion):
    cancelled = write_letter(ion, status=Letter.Status.CANCELLED)
    draft = write_letter(ion, status=Letter.Status.DRAFT)
    later = write_letter(ion, send_at=timezone.now() + dt.timedelta(hours=1))
    for letter in (cancelled, draft, later):
        assert letter_deliver(letter_id=letter.pk) == ""
    assert letters_deliver_due() == 0
    assert smtp_server.messages == []


def test_a_claim_is_exclusive_until_its_lease_expires(ion, settings):
    letter = write_letter(ion)
    first = letter_claim(token=claim_token(), letter_id=letter.pk)
    assert first is not None
    assert first.status == Letter.Status.SENDING
    assert letter_claim(token=claim_token(), letter_id=letter.pk) is None  # held
    expired = timezone.now() + dt.timedelta(seconds=settings.LETTERS_LEASE_SECONDS + 1)
    again = letter_claim(token=claim_token(), letter_id=letter.pk, now=expired)  # its worker died
    assert again is not None
    assert (again.attempts, again.claimed_by != first.claimed_by) == (2, True)


def test_queue_delivery_sends_once_the_transaction_commits(smtp_server, ion, django_capture_on_commit_callbacks):
    letter = write_letter(ion)
    with django_capture_on_commit_callbacks(execute=True):
        queue_delivery(letter)
        assert smtp_server.messages == []  # not before the commit
    assert sent_touch(letter).goal == Goal.GATHER_INFO  # a free letter with no plan of its own
    assert_cat5(ion)
    assert [received.message_id for received in smtp_server.messages] == [letter.message_id]


def test_letters_due_at_one_slot_share_one_sweep_a_letter_due_now_has_its_own_task(
    settings, ion, django_capture_on_commit_callbacks, mailoutbox
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as the workers run them
    slot = timezone.now() + dt.timedelta(hours=2)  # a holiday morning's greetings at their planned slot
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            queue_delivery(write_letter(ion, kind="holiday", holiday="new_year", send_at=slot))
        queue_delivery(write_letter(ion))
    tasks = DBTaskResult.objects.values_list("task_path", "run_after")
    assert sorted(tasks) == [(f"{MODULE}.deliver_due_letters", slot), (f"{MODULE}.deliver_letter", ANY)]
    with time_machine.travel(slot + dt.timedelta(seconds=1), tick=True):
        assert letters_deliver_due() == 4
    assert len(mailoutbox) == 4
    # The sweep left one watchdog for its claims, not one per letter.
    assert DBTaskResult.objects.filter(task_path=f"{MODULE}.deliver_due_letters").count() == 2


def test_a_morning_of_letters_is_queued_as_one_sweep_per_moment_not_a_task_per_letter(
    settings, ion, django_capture_on_commit_callbacks, mailoutbox
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as the workers run them
    now = timezone.now().replace(microsecond=0)
    slot = now + dt.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        due_now = [write_letter(ion, send_at=now) for _ in range(3)]  # prepared after their slot: due at once
        at_slot = [write_letter(ion, kind="holiday", holiday="new_year", send_at=slot) for _ in range(2)]
        alone = write_letter(ion, send_at=now + dt.timedelta(seconds=5))
        queue_deliveries([*due_now, *at_slot, alone])
    assert len(callbacks) == 2  # one for the shared moments, one for the letter alone at its moment
    tasks = DBTaskResult.objects.values_list("task_path", "run_after", "args_kwargs")
    assert sorted(tasks) == sorted([
        (f"{MODULE}.deliver_due_letters", now, ANY),
        (f"{MODULE}.deliver_due_letters", slot, ANY),
        (f"{MODULE}.deliver_letter", alone.send_at, {"args": [alone.pk], "kwargs": {}}),
    ])  # fmt: skip
    with time_machine.travel(slot + dt.timedelta(seconds=1), tick=True):
        assert letters_deliver_due() == 6
    assert len(mailoutbox) == 6
    assert Letter.objects.filter(status=Letter.Status.SENT).count() == 6
