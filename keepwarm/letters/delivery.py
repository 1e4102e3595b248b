"""A letter as a mail message, and handing it to the configured mail backend (EMAIL_URL): what the server answered
is sorted into sent, refused for good (the address bounced) or refused for now (try again later)."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.header import Header
from email.utils import formataddr, formatdate
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keepwarm.letters.models import Letter
from keepwarm.letters.unsubscribe import unsubscribe_token

DETAIL_LENGTH = 500  # Letter.error_detail
# Refusals of our sender, login or greeting: our settings are wrong, not the client's address.
OUR_SIDE = (smtplib.SMTPSenderRefused, smtplib.SMTPAuthenticationError, smtplib.SMTPConnectError, smtplib.SMTPHeloError)


class DeliveryError(models.TextChoices):
    """Why a letter did not go (stored as the code; worded when shown)."""

    RECIPIENT_REFUSED = "recipient_refused", gettext_lazy("The mail server refused the address")
    REFUSED_FOR_NOW = "refused_for_now", gettext_lazy("The mail server asked to try again later")
    NO_CONNECTION = "no_connection", gettext_lazy("The mail server could not be reached")
    OPTED_OUT = "opted_out", gettext_lazy("The client unsubscribed from letters")
    BAD_ADDRESS = "bad_address", gettext_lazy("The address bounced before")
    DO_NOT_CONTACT = "do_not_contact", gettext_lazy("The client asked not to be contacted")
    CLIENT_GONE = "client_gone", gettext_lazy("The client was deleted")
    INTERRUPTED = "interrupted", gettext_lazy("Sending broke off too many times")


@dataclass(frozen=True)
class Refused(Exception):
    """The mail backend did not take the letter: `permanent` (5xx: the address is bad) or for now (4xx, network)."""

    code: str
    detail: str
    permanent: bool


class _AsBuilt(EmailMultiAlternatives):
    """Builds its MIME message once, so the source kept as sent is the one the backend sent (same boundary)."""

    _built: Any = None

    def message(self, *args: Any, **kwargs: Any) -> Any:
        if self._built is None:
            self._built = super().message(*args, **kwargs)
        return self._built


def unsubscribe_url(letter: Letter) -> str:
    return settings.KEEPWARM_URL + reverse("letter-unsubscribe", args=[unsubscribe_token(letter)])


def encoded_subject(subject: str) -> str:
    """Encoded words on one line, the first fitting beside "Subject:": Django's own encoding starts the header with
    a fold that modern parsers read back as a leading space."""
    subject = subject.replace("\r", " ").replace("\n", " ")  # a header is one line
    if subject.isascii():
        return subject
    lines = Header(subject, "utf-8", header_name="Subject").encode(linesep="\n").split("\n")
    return " ".join(line.strip() for line in lines)


def _person(name: str, address: str) -> str:
    return formataddr((name, address)) if name else address


def letter_message(letter: Letter, *, connection: BaseEmailBackend | None = None) -> EmailMultiAlternatives:
    """The letter as its client receives it: plain text and HTML, each with the unsubscribe link, from the manager's
    name at DEFAULT_FROM_EMAIL with replies to the manager, in the letter's language."""
    manager, client = letter.owner, letter.client
    url = unsubscribe_url(letter)
    with translation.override(letter.language):
        # The name stands apart ("manager: Name"), so no language has to decline it.
        note = _("This letter is from your manager: %(manager)s. To receive no more letters, follow this link:") % {
            "manager": manager.display_name
        }
        link = _("Unsubscribe")
    text = f"{letter.body_text.rstrip()}\n\n-- \n{note}\n{url}\n"
    # No inline style: the outbox shows this HTML under KeepWarm's CSP; <small> reads as a footer in every client.
    footer = f'<hr>\n<p><small>{escape(note)} <a href="{escape(url)}">{escape(link)}</a></small></p>\n'
    body = letter.body_html or linebreaks(escape(letter.body_text))
    html = body.replace("</body>", f"{footer}</body>", 1) if "</body>" in body else f"{body}\n{footer}"
    unsubscribe = [f"<{url}>"]
    if settings.LETTERS_UNSUBSCRIBE_MAILTO:
        unsubscribe.insert(0, f"<mailto:{settings.LETTERS_UNSUBSCRIBE_MAILTO}?subject=unsubscribe%20{letter.pk}>")
    message = _AsBuilt(
        subject=encoded_subject(letter.subject),
        body=text,
        from_email=_person(manager.display_name, settings.DEFAULT_FROM_EMAIL),
        to=[_person(" ".join(part for part in (client.first_name, client.last_name) if part), letter.recipient)],
        reply_to=[_person(manager.display_name, manager.email)] if manager.email else [],
        headers={
            "Message-ID": letter.message_id,
            "Date": formatdate(localtime=False),
            "Content-Language": letter.language,
            "List-Unsubscribe": ", ".join(unsubscribe),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",  # RFC 8058: one POST to the https link
        },
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    return message


def message_source(message: EmailMultiAlternatives) -> str:
    """The RFC 5322 source as the backend sends it."""
    built: Any = message.message()  # Django 5.2's SafeMIME classes take `linesep`, as its SMTP backend passes it
    return built.as_bytes(linesep="\r\n").decode("utf-8", errors="replace")


def letter_send(letter: Letter, *, connection: BaseEmailBackend | None = None) -> str:
    """Send the letter through the configured backend (or `connection`); returns the source as sent. Raises
    `Refused` with the server's answer when the letter did not go."""
    message = letter_message(letter, connection=connection or get_connection())
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        code, answer = next(iter(error.recipients.values()), (0, b""))
        raise _refused(code, answer) from error
    except smtplib.SMTPResponseException as error:  # MAIL FROM, DATA, a closing answer
        raise _refused(error.smtp_code, error.smtp_error, recipient=not isinstance(error, OUR_SIDE)) from error
    except (OSError, smtplib.SMTPException) as error:  # refused connection, timeout, the server hung up
        raise Refused(DeliveryError.NO_CONNECTION, str(error)[:DETAIL_LENGTH] or type(error).__name__, False) from error
    return message_source(message)


def _refused(code: int, answer: bytes | str, *, recipient: bool = True) -> Refused:
    """5xx about the recipient or the message is for good (the address bounced); 4xx, or a refusal of our own
    sender or login (our settings, not the client's address), may pass later."""
    text = answer.decode("utf-8", errors="replace") if isinstance(answer, bytes) else str(answer)
    detail = f"{code} {text}".strip()[:DETAIL_LENGTH]
    if recipient and 500 <= code < 600:
        return Refused(DeliveryError.RECIPIENT_REFUSED, detail, True)
    return Refused(DeliveryError.REFUSED_FOR_NOW, detail, False)
