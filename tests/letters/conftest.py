"""A real SMTP server (aiosmtpd) for the letters' tests, and letters written the way the outbox holds them.

`smtp_server` listens on a free local port, keeps every message it accepted (parsed with the stdlib email package),
can refuse given recipients at RCPT or DATA with a code (550 for good, 451 for now), and can stall on a
recipient's DATA until the sender hangs up (a worker killed mid-send). Django's mail settings point at it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.clients.models import Client
from keepwarm.letters.models import Letter
from tests.factories import make_client


@dataclass
class Received:
    sender: str
    recipients: list[str]
    raw: bytes
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


@dataclass
class Refusal:
    stage: str  # "rcpt" or "data"
    code: int
    times: int | None  # None: every time


@dataclass
class Recorder:
    """The server's handler: aiosmtpd calls handle_RCPT and handle_DATA on its own thread's event loop."""

    messages: list[Received] = field(default_factory=list)
    refusals: dict[str, Refusal] = field(default_factory=dict)
    stalls: set[str] = field(default_factory=set)
    stalled: threading.Event = field(default_factory=threading.Event)
    answered: list[tuple[str, int]] = field(default_factory=list)
    slowness: float = 0.0  # seconds the server takes over each message's DATA

    def _refusal(self, address: str, stage: str) -> int:
        refusal = self.refusals.get(address.lower())
        if refusal is None or refusal.stage != stage or refusal.times == 0:
            return 0
        if refusal.times is not None:
            refusal.times -= 1
        self.answered.append((address, refusal.code))
        return refusal.code

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        code = self._refusal(address, "rcpt")
        if code:
            return f"{code} {'5.1.1 No such mailbox here' if code >= 500 else '4.2.1 Mailbox busy, try later'}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        for address in envelope.rcpt_tos:
            code = self._refusal(address, "data")
            if code:
                return f"{code} {'5.7.1 Message refused' if code >= 500 else '4.3.0 Try again later'}"
        if self.stalls & {address.lower() for address in envelope.rcpt_tos}:
            self.stalls.difference_update(address.lower() for address in envelope.rcpt_tos)
            self.stalled.set()
            await asyncio.sleep(3600)  # cancelled when the sender hangs up: the message was never accepted
        await asyncio.sleep(self.slowness)
        raw = envelope.original_content
        parsed = email.message_from_bytes(raw, policy=policy.default)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), raw, parsed))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self) -> None:
        self.recorder = Recorder()
        self.port = _free_port()
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list[Received]:
        return list(self.recorder.messages)

    def refuse(self, address: str, code: int, *, at: str = "rcpt", times: int | None = None) -> None:
        self.recorder.refusals[address.lower()] = Refusal(at, code, times)

    def stall(self, address: str) -> threading.Event:
        """The next DATA to `address` hangs until the sender goes away; the event is set when it begins."""
        self.recorder.stalls.add(address.lower())
        return self.recorder.stalled

    def wait_for(self, count: int, seconds: float = 30) -> bool:
        deadline = time.monotonic() + seconds
        while len(self.recorder.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return len(self.recorder.messages) >= count


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings) -> Iterator[SMTPServer]:
    server = SMTPServer()
    server.controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield server
    finally:
        server.controller.stop()


def write_letter(client: Client, **fields: Any) -> Letter:
    """A letter queued in the outbox, due now, as compose leaves it."""
    fields.setdefault("kind", "free")
    fields.setdefault("language", client.language)
    fields.setdefault("subject", "Hello")
    fields.setdefault("body_text", "Dear client,\n\nthank you.")
    fields.setdefault("body_html", "<p>Dear client,</p><p>thank you.</p>")
    fields.setdefault("send_at", timezone.now() - dt.timedelta(seconds=1))
    fields.setdefault("recipient", client.emails[0] if client.emails else "client@example.md")
    return Letter.objects.create(client=client, owner=client.owner, created_by=client.owner, **fields)


@pytest.fixture
def ana(alice: User) -> Client:
    """Alice's client with an address, writing in Romanian."""
    return make_client(alice, first_name="Ana", last_name="Munteanu", emails=["ana@example.md"], language="ro")
