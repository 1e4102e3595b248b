"""A letter as its client's mail server receives it, through a real SMTP server (aiosmtpd): headers, both
alternatives, encodings; a permanent refusal bounces it and marks the address, a refusal for now retries it."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from keepwarm.flows.letters_outbox import letter_deliver, letters_deliver_due
from keepwarm.letters.delivery import DeliveryError, Refused, letter_send
from keepwarm.letters.models import BadAddress, Letter
from keepwarm.letters.outbox import BACKOFF_MINUTES
from tests.factories import make_client
from tests.letters.conftest import write_letter

SUBJECT_RO = "La mulți ani, doamnă Țurcan! Știință, îngheț, ăsta, câmp: ă â î ș ț Ă Â Î Ș Ț"
SUBJECT_RU = "С днём рождения, Анна Петровна! Всего наилучшего от всей нашей команды в этот праздничный день"


@pytest.fixture
def manager(alice):
    alice.first_name, alice.last_name, alice.email = "Ștefan", "Țăruș", "stefan@keepwarm.example"
    alice.save(update_fields=["first_name", "last_name", "email"])
    return alice


@override_settings(KEEPWARM_URL="https://crm.example.com", LETTERS_UNSUBSCRIBE_MAILTO="unsubscribe@crm.example.com")
def test_let1_a_letter_arrives_with_its_headers_both_alternatives_and_the_unsubscribe_link(smtp_server, manager):
    client = make_client(manager, first_name="Ioana", last_name="Țurcan", emails=["ioana@example.md"], language="ro")
    letter = write_letter(client, kind="thank_purchase", subject=SUBJECT_RO, body_text="Vă mulțumim, dnă Țurcan!",
                          body_html="<p>Vă mulțumim, <b>dnă Țurcan</b>!</p>")  # fmt: skip
    assert letter_deliver(letter_id=letter.pk) == Letter.Status.SENT
    [received] = smtp_server.messages
    message = received.message
    assert received.recipients == ["ioana@example.md"]
    assert message["Subject"] == SUBJECT_RO
    assert message["Message-ID"] == letter.message_id
    assert message["Content-Language"] == "ro"
    assert message["From"].addresses[0].display_name == "Ștefan Țăruș"
    assert message["Reply-To"].addresses[0].addr_spec == "stefan@keepwarm.example"
    assert message["To"].addresses[0].display_name == "Ioana Țurcan"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    links = [part.strip("<> ") for part in message["List-Unsubscribe"].split(",")]
    assert links[0].startswith("mailto:unsubscribe@crm.example.com")
    assert links[1].startswith("https://crm.example.com/letters/unsubscribe/")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Vă mulțumim, dnă Țurcan!" in text
    assert links[1] in text
    assert "<b>dnă Țurcan</b>" in html
    assert f'href="{links[1]}"' in html
    assert b"\xc8" not in received.raw.split(b"\r\n\r\n")[0]  # the headers are 7-bit: encoded words only
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT
    assert letter.sent_at is not None
    assert letter.attempts == 1
    assert letter.sent_message.encode() == received.raw  # the source kept is the one the server got


def test_lang1_a_cyrillic_subject_and_names_decode_back_exactly(smtp_server, alice):
    alice.first_name, alice.last_name = "Наталья", "Кузнецова"
    alice.save(update_fields=["first_name", "last_name"])
    client = make_client(alice, first_name="Анна", last_name="Смирнова", patronymic="Петровна",
                         emails=["anna@example.ru"], language="ru")  # fmt: skip
    write_letter(client, kind="birthday", subject=SUBJECT_RU, body_text="Уважаемая Анна Петровна!", body_html="")
    assert letters_deliver_due() == 1
    [received] = smtp_server.messages
    assert received.message["Subject"] == SUBJECT_RU
    assert received.message["From"].addresses[0].display_name == "Наталья Кузнецова"
    assert received.message["To"].addresses[0].display_name == "Анна Смирнова"
    assert received.message["Content-Language"] == "ru"
    assert "Уважаемая Анна Петровна!" in received.message.get_body(("plain",)).get_content()
    assert "Уважаемая Анна Петровна!" in received.message.get_body(("html",)).get_content()  # made from the text


def test_a_permanent_refusal_bounces_the_letter_and_marks_the_address_bad(smtp_server, ana):
    smtp_server.refuse("ana@example.md", 550)
    letter = write_letter(ana)
    assert letter_deliver(letter_id=letter.pk) == Letter.Status.BOUNCED
    letter.refresh_from_db()
    assert (letter.status, letter.error_code) == (Letter.Status.BOUNCED, DeliveryError.RECIPIENT_REFUSED)
    assert letter.error_detail.startswith("550 5.1.1")
    bad = BadAddress.objects.get(client=ana)
    assert (bad.email, bad.letter_id) == ("ana@example.md", letter.pk)
    assert smtp_server.messages == []
    # The next letter to that address is not even tried.
    second = write_letter(ana)
    assert letter_deliver(letter_id=second.pk) == Letter.Status.CANCELLED
    second.refresh_from_db()
    assert second.error_code == "bad_address"
    assert smtp_server.recorder.answered == [("ana@example.md", 550)]


def test_a_550_after_the_data_bounces_too(smtp_server, ana):
    smtp_server.refuse("ana@example.md", 550, at="data")
    letter = write_letter(ana)
    assert letter_deliver(letter_id=letter.pk) == Letter.Status.BOUNCED
    assert BadAddress.objects.filter(client=ana, email="ana@example.md").exists()


def test_a_refusal_for_now_is_retried_later_then_sent(smtp_server, ana):
    smtp_server.refuse("ana@example.md", 451, times=1)
    letter = write_letter(ana)
    refused_at = timezone.now()
    assert letter_deliver(letter_id=letter.pk) == Letter.Status.QUEUED
    letter.refresh_from_db()
    assert (letter.status, letter.attempts, letter.error_code) == (Letter.Status.QUEUED, 1, "refused_for_now")
    assert letter.send_at >= refused_at + dt.timedelta(minutes=BACKOFF_MINUTES[0])
    assert letters_deliver_due() == 0  # not yet its time
    with time_machine.travel(letter.send_at + dt.timedelta(seconds=1), tick=True):
        assert letters_deliver_due() == 1
    letter.refresh_from_db()
    assert (letter.status, letter.attempts) == (Letter.Status.SENT, 2)
    assert [received.message_id for received in smtp_server.messages] == [letter.message_id]
    assert not BadAddress.objects.exists()


@override_settings(LETTERS_MAX_ATTEMPTS=3)
def test_a_letter_refused_for_now_too_often_fails_and_waits_for_its_manager(smtp_server, ana):
    smtp_server.refuse("ana@example.md", 451, at="data")
    letter = write_letter(ana)
    pauses = []
    for _ in range(3):
        letter.refresh_from_db()
        with time_machine.travel(letter.send_at + dt.timedelta(seconds=1), tick=False):
            letter_deliver(letter_id=letter.pk)
            letter.refresh_from_db()
            if letter.status == Letter.Status.QUEUED:
                pauses.append(round((letter.send_at - timezone.now()).total_seconds() / 60))
    assert pauses == list(BACKOFF_MINUTES[:2])  # longer and longer
    assert (letter.status, letter.attempts, letter.error_code) == (Letter.Status.FAILED, 3, "refused_for_now")
    assert letter.error_detail.startswith("451")


def test_no_mail_server_is_a_refusal_for_now(settings, ana):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there
    letter = write_letter(ana)
    with pytest.raises(Refused) as refusal:
        letter_send(letter)
    assert (refusal.value.code, refusal.value.permanent) == (DeliveryError.NO_CONNECTION, False)


def test_the_console_backend_of_make_run_still_sends(settings, ana, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    letter = write_letter(ana, subject="Mulțumim")
    assert letter_deliver(letter_id=letter.pk) == Letter.Status.SENT
    assert letter.message_id in capsys.readouterr().out


def test_a_refused_sender_is_our_settings_not_the_clients_address(smtp_server, ana):
    class RefusingSender:
        def send_messages(self, messages):
            raise smtplib.SMTPSenderRefused(553, b"5.7.1 Sender not allowed", "keepwarm@localhost")

    with pytest.raises(Refused) as refusal:
        letter_send(write_letter(ana), connection=RefusingSender())  # type: ignore[arg-type]
    assert (refusal.value.code, refusal.value.permanent) == (DeliveryError.REFUSED_FOR_NOW, False)
