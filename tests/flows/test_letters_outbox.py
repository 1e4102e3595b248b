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
from keepwarm.flows.letters_outbox import (
    deliver_due_letters,
    deliver_letter,
    letter_deliver,
    letters_deliver_due,
    queue_deliveries,
    queue_delivery,
)
from keepwarm.flows.letters_touches import letters_log_touches
from keepwarm.flows.touches import client_log_touch, clients_log_touches
from keepwarm.letters import outbox
from keepwarm.letters.models import Letter, LetterOptOut
from keepwarm.letters.outbox import claim_token, letters_claim
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


def test_cat2_a_letter_queued_to_a_client_moved_to_never_is_cancelled_not_sent(smtp_server, ion):
    """The company was liquidated after the thank-you was queued: the worker finds it cancelled, nothing goes out,
    and the client has no open planned touch (CAT-5 for Never)."""
    letter = write_letter(ion, kind="thank_purchase")
    client_set_category(client=ion, by=ion.owner, category=Category.NEVER, never_reason="liquidated")
    assert letter_deliver(letter_id=letter.pk) == ""  # nothing for the worker to claim: it is cancelled
    letter.refresh_from_db()
    assert (letter.status, letter.touch) == (Letter.Status.CANCELLED, None)
    assert smtp_server.messages == []
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


def test_a_claim_is_exclusive_until_its_lease_expires_and_a_start_counts_the_attempt(ion, settings):
    letter = write_letter(ion)
    token = claim_token()
    [first] = letters_claim(token=token, letter_id=letter.pk)
    assert (first.status, first.attempts) == (Letter.Status.SENDING, 0)  # claimed, not yet tried
    assert letters_claim(token=claim_token(), letter_id=letter.pk) == []  # held
    assert letters_claim(token=claim_token(), limit=5) == []
    assert outbox.letter_start(letter=first, token=token) == ""
    expired = timezone.now() + dt.timedelta(seconds=settings.LETTERS_LEASE_SECONDS + 1)
    again_token = claim_token()
    [again] = letters_claim(token=again_token, letter_id=letter.pk, now=expired)  # its worker died
    assert outbox.letter_start(letter=first, token=token, now=expired) is None  # the first worker's claim is over
    assert outbox.letter_start(letter=again, token=again_token, now=expired) == ""
    assert Letter.objects.get(pk=letter.pk).attempts == 2


def test_a_sweep_claims_several_letters_at_once_the_longest_waiting_first(ion):
    letters = [write_letter(ion) for _ in range(3)]
    claimed = letters_claim(token=claim_token(), limit=2)
    assert [letter.pk for letter in claimed] == [letter.pk for letter in letters[:2]]
    assert [letter.pk for letter in letters_claim(token=claim_token(), limit=5)] == [letters[2].pk]


def test_each_letter_of_a_claim_has_a_lease_of_its_own_and_one_whose_claim_ran_out_waits(smtp_server, ion, settings):
    """A claim's letters go one after the other on a slow server: each started letter gets a whole lease for its
    send; one whose claim ran out before its turn is not started (nor counted as an attempt) and goes with the
    next sweep — every letter exactly once."""
    settings.LETTERS_LEASE_SECONDS = 2
    smtp_server.recorder.slowness = 1.2
    letters = [write_letter(ion) for _ in range(3)]
    assert letters_deliver_due(seconds=0.1) == 3  # one claim of three; the third's claim ran out before its turn
    rows = {row.pk: row for row in Letter.objects.all()}
    assert [(rows[letter.pk].status, rows[letter.pk].attempts) for letter in letters] == [
        (Letter.Status.SENT, 1), (Letter.Status.SENT, 1), (Letter.Status.SENDING, 0)
    ]  # fmt: skip
    smtp_server.recorder.slowness = 0
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=3)):
        assert letters_deliver_due() == 1
    assert sorted(received.message_id for received in smtp_server.messages) == sorted(
        letter.message_id for letter in letters
    )
    for letter in letters:
        sent_touch(letter)


def test_a_letter_after_one_that_bounced_in_the_same_claim_is_held(smtp_server, ion):
    """The hold is read again as each letter starts: the address the first letter found bad stops the second."""
    smtp_server.refuse("ion@example.md", 550)
    first, second = write_letter(ion, recipient="ion@example.md"), write_letter(ion, recipient="ion@example.md")
    assert letters_deliver_due() == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.error_code) == (Letter.Status.BOUNCED, Letter.Status.CANCELLED,
                                                                 "bad_address")  # fmt: skip
    assert smtp_server.messages == []


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


def test_in_a_worker_a_letters_task_takes_along_the_other_due_letters(smtp_server, settings, ion):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as the workers run them
    letters = [write_letter(ion) for _ in range(3)]
    later = write_letter(ion, send_at=timezone.now() + dt.timedelta(hours=1))
    assert deliver_letter.call(letters[1].pk) == Letter.Status.SENT
    assert sorted(received.message_id for received in smtp_server.messages) == sorted(
        letter.message_id for letter in letters
    )
    assert deliver_letter.call(letters[0].pk) == ""  # its own task finds it sent
    assert Letter.objects.get(pk=later.pk).status == Letter.Status.QUEUED  # not yet its time
    for letter in letters:
        sent_touch(letter)
    assert_cat5(ion)


def test_cat5_a_touch_its_worker_died_before_logging_is_logged_by_the_next_sweep(smtp_server, ion, settings):
    """Sent and marked sent, then the worker died before logging the touch: the letter is not sent again, and the
    next sweep after the lease logs its touch, closing the planned contact (CAT-5 keeps the next step)."""
    planned = touch_services.planned_touch_add_courtesy(
        client=ion, by=ion.owner, due_date=timezone.localdate(), goal=Goal.THANK_YOU
    )
    letter = write_letter(ion, kind="thank_help", planned_touch=planned)
    token = claim_token()
    [claimed] = letters_claim(token=token, letter_id=letter.pk)
    assert outbox.letter_mark_sent(letter=claimed, token=token, source="as sent", now=timezone.now())
    assert letters_deliver_due() == 0  # not the sweep's: its worker may still be logging it
    assert Letter.objects.get(pk=letter.pk).touch_id is None
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=settings.LETTERS_LEASE_SECONDS + 1)):
        assert letters_deliver_due() == 0  # nothing to send ...
    touch = sent_touch(letter)  # ... but its touch is logged
    assert (touch.channel, touch.goal, touch.planned_touch_id) == (Channel.LETTER, Goal.THANK_YOU, planned.pk)
    planned.refresh_from_db()
    assert planned.status == PlanStatus.DONE
    assert smtp_server.messages == []  # never sent twice
    assert_cat5(ion)


def test_touches_logged_together_plan_each_client_as_one_logged_alone(ion, settings):
    """clients_log_touches is client_log_touch for many: the same touch, the same next step (CAT-5, PLAN-1)."""
    twin = make_client(owner=ion.owner, first_name="Twin", emails=["twin@example.md"])
    for client in (ion, twin):
        client_log_touch(client=client, by=ion.owner, channel=Channel.CALL, goal=Goal.SELL_MEETING,
                         outcome=Outcome.NO_ANSWER)  # fmt: skip
    alone = client_log_touch(client=ion, by=ion.owner, channel=Channel.LETTER, goal=Goal.GATHER_INFO,
                             outcome=Outcome.SENT)  # fmt: skip
    [together] = clients_log_touches(touches=[Touch(client=twin, by=ion.owner, channel=Channel.LETTER,
                                                    goal=Goal.GATHER_INFO, outcome=Outcome.SENT)])  # fmt: skip
    assert Touch.objects.get(pk=together.pk).client_id == twin.pk
    ours, theirs = assert_cat5(ion), assert_cat5(twin)
    assert (ours.due_date, ours.goal, ours.channel, ours.kind) == (theirs.due_date, theirs.goal, theirs.channel,
                                                                   theirs.kind)  # fmt: skip
    twin.refresh_from_db()
    assert twin.last_touch_at == together.happened_at  # the last contact moved on, as alone
    assert alone.client.last_touch_at == alone.touch.happened_at


def test_touches_logged_together_skip_a_never_client_and_refuse_a_category_move(ion):
    client_set_category(client=ion, by=ion.owner, category=Category.NEVER, never_reason="liquidated")
    assert clients_log_touches(touches=[Touch(client=ion, by=ion.owner, channel=Channel.LETTER,
                                              goal=Goal.GREETING, outcome=Outcome.SENT)]) == []  # fmt: skip
    assert not Touch.objects.filter(client=ion).exists()
    with pytest.raises(ValueError, match="client_log_touch"):
        clients_log_touches(touches=[Touch(client=ion, by=ion.owner, channel=Channel.CALL, goal=Goal.SELL_MEETING,
                                           outcome=Outcome.REFUSED)])  # fmt: skip


def test_cat5_a_letters_touch_logged_late_leaves_a_step_the_manager_picked_after_it_went(ion, alice):
    """A sales letter went, then the manager logged a call and picked the next contact before the letter's touch
    was logged: the late touch does not take the manager's pick for the contact it made."""
    letter = write_letter(ion)
    token = claim_token()
    [claimed] = letters_claim(token=token, letter_id=letter.pk)
    assert outbox.letter_start(letter=claimed, token=token) == ""
    assert outbox.letter_mark_sent(letter=claimed, token=token, source="as sent", now=timezone.now())
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=1), tick=False):
        picked_day = timezone.localdate() + dt.timedelta(days=9)
        client_log_touch(client=ion, by=alice, channel=Channel.CALL, goal=Goal.SELL_MEETING,
                         outcome=Outcome.NO_ANSWER, next_step_on=picked_day)  # fmt: skip
        pick = assert_cat5(ion)
        assert letters_log_touches(letter_ids=[letter.pk]) == 1
    assert sent_touch(letter).channel == Channel.LETTER
    step = assert_cat5(ion)
    assert (step.pk, step.status) == (pick.pk, PlanStatus.OPEN)


def test_a_sweep_follows_up_a_touch_its_worker_left_too_recently_to_log(settings, ion):
    """Sent, then its worker died before logging the touch: a sweep that runs too soon to log it queues one more
    sweep for when the touch is old enough (the lease), so it never waits for the nightly run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as the workers run them
    letter = write_letter(ion)
    token = claim_token()
    [claimed] = letters_claim(token=token, letter_id=letter.pk)
    assert outbox.letter_start(letter=claimed, token=token) == ""
    sent_at = timezone.now()
    assert outbox.letter_mark_sent(letter=claimed, token=token, source="as sent", now=sent_at)
    DBTaskResult.objects.all().delete()
    assert deliver_due_letters.call() == 0
    assert Letter.objects.get(pk=letter.pk).touch_pending  # too recent: its worker may still be logging it
    sweeps = DBTaskResult.objects.filter(task_path=f"{MODULE}.deliver_due_letters")
    [follow_up] = sweeps.values_list("run_after", flat=True)
    lease = dt.timedelta(seconds=settings.LETTERS_LEASE_SECONDS)
    assert sent_at + lease <= follow_up <= sent_at + lease + dt.timedelta(seconds=2)
    with time_machine.travel(follow_up):
        deliver_due_letters.call()
    assert sent_touch(letter).planned_touch_id is None
