"""The unsubscribe link of a letter: no sign-in, the letter's language, GET asks and POST (or a mail program's
one-click POST) records it once; the next letter to that client is not sent, calls go on."""

from __future__ import annotations

import pytest
from django.test import Client as WebClient

from keepwarm.flows.letters_outbox import letter_deliver
from keepwarm.letters.models import Letter, LetterOptOut
from keepwarm.touches.choices import Channel, PlanStatus
from keepwarm.touches.models import PlannedTouch
from tests.letters.conftest import write_letter


def link_path(received) -> str:
    """The https link of the List-Unsubscribe header, as a path on the test server."""
    link = next(part.strip("<> ") for part in received.message["List-Unsubscribe"].split(",") if "https://" in part
                or "http://" in part)  # fmt: skip
    return "/" + link.split("/", 3)[3]


@pytest.fixture
def sent(smtp_server, ana):
    letter = write_letter(ana)
    assert letter_deliver(letter_id=letter.pk) == Letter.Status.SENT
    [received] = smtp_server.messages
    return letter, received


def test_the_link_asks_first_in_the_letters_language_and_changes_nothing(sent, client: WebClient):
    _letter, received = sent
    page = client.get(link_path(received))
    assert page.status_code == 200
    assert '<html lang="ro">' in page.content.decode()
    assert b'method="post"' in page.content
    assert not LetterOptOut.objects.exists()  # a link checker's GET unsubscribes no one


def test_one_click_post_stops_the_next_letter_but_not_the_calls(sent, smtp_server, client: WebClient, ana):
    letter, received = sent
    waiting = write_letter(ana, subject="A queued one")
    answer = client.post(link_path(received), data={"List-Unsubscribe": "One-Click"})  # RFC 8058, no CSRF token
    assert answer.status_code == 200
    opt_out = LetterOptOut.objects.get(client=ana)
    assert opt_out.letter_id == letter.pk
    assert opt_out.at is not None
    waiting.refresh_from_db()
    assert (waiting.status, waiting.error_code) == (Letter.Status.CANCELLED, "opted_out")
    following = write_letter(ana, subject="After the unsubscribe")
    assert letter_deliver(letter_id=following.pk) == Letter.Status.CANCELLED
    assert len(smtp_server.messages) == 1
    ana.refresh_from_db()
    assert not ana.do_not_contact  # calls go on
    assert PlannedTouch.objects.filter(client=ana, status=PlanStatus.OPEN, is_next_step=True,
                                       channel=Channel.CALL).exists()  # fmt: skip


def test_unsubscribing_twice_keeps_the_first_date(sent, client: WebClient):
    _letter, received = sent
    client.post(link_path(received))
    first = LetterOptOut.objects.get().at
    again = client.post(link_path(received))
    assert again.status_code == 200
    assert LetterOptOut.objects.get().at == first
    assert client.get(link_path(received)).status_code == 200  # already done: says so


@pytest.mark.parametrize("token", ["nonsense", "MTIz:1abc:forged", "x" * 300])
def test_a_bad_token_is_a_clear_404_never_a_500(db, client: WebClient, token):
    for method in (client.get, client.post):
        answer = method(f"/letters/unsubscribe/{token}/")
        assert answer.status_code == 404
        assert b"not valid" in answer.content
    assert not LetterOptOut.objects.exists()


def test_a_link_to_a_deleted_letter_is_a_404(sent, client: WebClient):
    letter, received = sent
    Letter.objects.filter(pk=letter.pk).delete()
    assert client.post(link_path(received)).status_code == 404
