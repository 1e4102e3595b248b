"""What the letters pages read: the letters a reader may see (OWN-1), why a letter may not go and why one did not,
in the reader's words, and a sent message taken apart."""

from __future__ import annotations

from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from django.db.models import Count, Q
from django.http import QueryDict

from keepwarm.accounts.models import User
from keepwarm.clients.access import clients_visible_to
from keepwarm.clients.models import Client
from keepwarm.clients.selectors import Page, client_search, page_of
from keepwarm.core.params import MAX_PAGE, query_int
from keepwarm.core.statements import Statement
from keepwarm.letters import rendering, services
from keepwarm.letters.access import letters_visible_to
from keepwarm.letters.delivery import DeliveryError
from keepwarm.letters.forms import OutboxFilterForm
from keepwarm.letters.models import BadAddress, Letter, LetterOptOut

PAGE_SIZE = 50
SHOWN_HEADERS = ("From", "To", "Reply-To", "Subject", "Date", "Message-ID", "Content-Language", "List-Unsubscribe")


def problem_texts(client: Client, *, sales: bool) -> list[str]:
    """Why a letter to the client may not go now, one sentence each, worded as the services word them."""
    problems = services.letter_problems(client, sales=sales)
    return services.problems_error(client, problems).messages if problems else []


# The card's two reads, built once (core.statements).
_BAD_ADDRESSES = Statement(lambda client: BadAddress.objects.filter(client_id=client).order_by("-at"), client=int)
_LETTERS = Statement(lambda client: Letter.objects.filter(client_id=client).order_by("-created_at")[:50], client=int)


def warnings(client: Client) -> dict[str, Any]:
    """What the card warns about: the addresses that bounced and the unsubscribe."""
    return {
        "bad_addresses": _BAD_ADDRESSES.rows(client=client.pk),
        "opt_out": _opt_out_of(client),
    }


def _opt_out_of(client: Client) -> LetterOptOut | None:
    """Read with the client when it was loaded with select_related("letter_opt_out") (the card), else here."""
    try:
        return client.letter_opt_out
    except LetterOptOut.DoesNotExist:
        return None


def failure_text(letter: Letter) -> str:
    """Why a failed or bounced letter did not go, in the reader's language (the server's answer is shown apart)."""
    if not letter.error_code:
        return ""
    return (
        str(DeliveryError(letter.error_code).label) if letter.error_code in DeliveryError.values else letter.error_code
    )


def prefill(*, client: Client, kind: str, language: str, holiday: str = "") -> rendering.Rendered:
    """The kind's template in this language (the team's or the default), filled in for this client; a value the
    letter lacks shows as [its label], for the manager to write in."""
    template = services.template_for(client.owner.team, kind, language, holiday=holiday)
    return services.preview(template, client)


def preview(*, client: Client, subject: str, body: str, language: str) -> rendering.Rendered | None:
    """The letter as the client will see it; None while the text has a placeholder error (shown on save)."""
    if rendering.template_errors(subject, body):
        return None
    context = services.letter_context_for(client, language=language)
    return rendering.render(subject, body, context, language)


@dataclass(frozen=True)
class SentMessage:
    headers: list[tuple[str, str]]
    text: str
    html: str


def message_parts(source: str) -> SentMessage | None:
    """The RFC 5322 source kept when the letter went, as headers and its text and HTML alternatives."""
    if not source:
        return None
    message = message_from_bytes(source.encode("utf-8", errors="surrogateescape"), policy=policy.default)
    assert isinstance(message, EmailMessage)
    headers = [(name, str(message[name])) for name in SHOWN_HEADERS if message[name] is not None]
    return SentMessage(headers=headers, text=_part(message, "plain"), html=_part(message, "html"))


def _part(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return ""
    content = part.get_content()
    return content if isinstance(content, str) else ""


def outbox_page(user: User, params: QueryDict) -> tuple[OutboxFilterForm, Page[Letter]]:
    """The outbox filtered by status, client (a search) and day; newest first."""
    form = OutboxFilterForm(params)
    filters = form.filters()
    letters = letters_visible_to(user).select_related("client", "owner")
    if filters.get("status"):
        letters = letters.filter(status=filters["status"])
    if filters.get("q"):
        letters = letters.filter(client__in=client_search(clients_visible_to(user), q=filters["q"]).values("pk"))
    if day := filters.get("day"):
        letters = letters.filter(Q(send_at__date=day) | Q(sent_at__date=day) | Q(created_at__date=day))
    number = query_int(params, "page", default=1, minimum=1, maximum=MAX_PAGE) or 1
    return form, page_of(letters.order_by("-created_at", "-id"), number=number, size=PAGE_SIZE)


def status_counts(user: User) -> dict[str, int]:
    rows = letters_visible_to(user).values("status").annotate(count=Count("id")).order_by()
    return {row["status"]: row["count"] for row in rows}


def drafts_awaiting(user: User) -> list[Letter]:
    """Letters KeepWarm prepared for the user's own clients that wait for approval (leads and admins approve their
    own); through the client (OWN-1), so a reassigned client's drafts move to its new manager."""
    letters = letters_visible_to(user).filter(client__owner=user, status=Letter.Status.DRAFT, auto=True)
    return list(letters.select_related("client").order_by("send_at", "id")[:200])


def letters_of_client(client: Client) -> list[Letter]:
    """The card's letters: the client comes from client_for_user (OWN-1), and letters are seen through their client
    (letters_visible_to), so its letters are the user's to see without that scope's subquery again."""
    return _LETTERS.rows(client=client.pk)
