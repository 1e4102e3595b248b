"""What stops a letter (no e-mail, a bounced address, unsubscribed, do-not-contact), decided from facts read once,
so one letter (letters.services) and a morning of thousands (flows.letters) ask the same rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client, Order
from keepwarm.letters.models import BadAddress, LetterOptOut

PROBLEMS = {
    "no_email": gettext_lazy("The client has no e-mail address."),
    "bad_address": gettext_lazy(
        "The client's mail server refused their e-mail address; correct it on the card before writing again."
    ),
    "opted_out": gettext_lazy("The client unsubscribed from letters."),
    "do_not_contact": gettext_lazy("The client asked not to be contacted."),
    "never": gettext_lazy("This client is “Never”: they no longer exist for us (CAT-2); correct the category first."),
    "too_often": gettext_lazy(
        "Not too often (ANNOY-1): the client was contacted recently; a sales letter may go out from %(day)s."
    ),
}


def recipient_of(emails: Sequence[str] | None, bad: set[str]) -> str:
    """The first address no mail server has refused (`bad` is lower-case); "" when there is none."""
    cleaned = (email.strip() for email in emails or [] if email)
    return next((email for email in cleaned if email and email.lower() not in bad), "")


def problems_of(client: Client, *, bad: set[str], opted_out: bool) -> list[str]:
    """The codes of PROBLEMS that stop any letter to the client (ANNOY-1 is the sales letters' own, see services)."""
    problems = []
    if not any(email and email.strip() for email in client.emails or []):
        problems.append("no_email")
    elif not recipient_of(client.emails, bad):
        problems.append("bad_address")
    if opted_out:
        problems.append("opted_out")
    if client.do_not_contact:
        problems.append("do_not_contact")
    if client.category == Category.NEVER:
        problems.append("never")
    return problems


def bad_addresses(client_ids: Iterable[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for client_id, email in BadAddress.objects.filter(client_id__in=client_ids).values_list("client_id", "email"):
        found.setdefault(client_id, set()).add(email.lower())
    return found


@dataclass
class Facts:
    """What letters to many clients read once: bounced addresses, opt-outs, each client's latest order."""

    bad: dict[int, set[str]] = field(default_factory=dict)
    opted_out: set[int] = field(default_factory=set)
    orders: dict[int, Order] = field(default_factory=dict)

    def problems(self, client: Client) -> list[str]:
        return problems_of(client, bad=self.bad.get(client.pk, set()), opted_out=client.pk in self.opted_out)

    def recipient(self, client: Client) -> str:
        return recipient_of(client.emails, self.bad.get(client.pk, set()))


def latest_orders(client_ids: Sequence[int]) -> dict[int, Order]:
    orders: dict[int, Order] = {}
    for order in Order.objects.filter(client_id__in=client_ids).order_by("client_id", "ordered_on", "id"):
        orders[order.client_id] = order  # the last one read is the latest
    return orders


def facts_for(client_ids: Sequence[int]) -> Facts:
    return Facts(
        bad=bad_addresses(client_ids),
        opted_out=set(LetterOptOut.objects.filter(client_id__in=client_ids).values_list("client_id", flat=True)),
        orders=latest_orders(client_ids),
    )
