"""Letters that go out (issue 10): team templates, the outbox with its delivery state, opt-outs and bad addresses.

A letter stores the text as it was written (subject, plain text, HTML) and, once sent, the message as it was sent;
what is language-neutral (kind, status, error code) is stored as codes and worded when shown (LANG-1).
"""

from __future__ import annotations

from email.utils import make_msgid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts.models import Team
from keepwarm.catalog.models import Product
from keepwarm.clients.models import Client
from keepwarm.core.l10n import Language
from keepwarm.touches.models import PlannedTouch, Touch


def new_message_id() -> str:
    """A letter's Message-ID, fixed when the letter is written so that every attempt sends the same one."""
    return make_msgid(domain=settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost")


class LetterKind(models.TextChoices):
    """The kinds of letter a team keeps a template for (LET-1, POST-3/5/6)."""

    THANK_PURCHASE = "thank_purchase", _("Thank-you after a purchase")
    THANK_REFUSAL = "thank_refusal", _("Thank-you after a refusal")
    THANK_HELP = "thank_help", _("Thank-you for going beyond duty")
    BIRTHDAY = "birthday", _("Birthday greeting")
    HOLIDAY = "holiday", _("Holiday greeting")
    ORG_ANNIVERSARY = "org_anniversary", _("Organization anniversary")
    OFFER = "offer", _("Offer")
    FREE = "free", _("Free letter")


class LetterTemplate(models.Model):
    """A team's own wording of one kind of letter in one language; without one, the shipped default is used.

    `holiday` is the POST-5 greeting key (`new_year`, ...) for holiday greetings, else empty; `name` tells free
    letters apart (a team may keep several), else empty.
    """

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="letter_templates")
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    holiday = models.CharField(_("holiday"), max_length=40, blank=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["kind", "holiday", "name", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "kind", "holiday", "name", "language"], name="letter_template_unique"
            ),
        ]

    is_default = False  # letters.defaults.DefaultTemplate says True: a shipped wording, not a row

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class LetterSettings(models.Model):
    """Per team: whether prepared courtesy letters go out by themselves or wait for the manager's approval."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="letter_settings")
    auto_send_courtesy = models.BooleanField(
        _("send greetings and thank-yous by themselves"),
        default=False,
        help_text=_("Off: prepared letters wait on Today for the manager's approval."),
    )
    language = models.CharField(
        _("letters' language"),
        max_length=2,
        choices=Language.choices,
        blank=True,
        help_text=_("For clients without a language of their own; empty: by the team's country."),
    )

    class Meta:
        verbose_name = _("letter settings")
        verbose_name_plural = _("letter settings")

    def __str__(self) -> str:
        return str(self.team)


class Letter(models.Model):
    """One letter to one client: a draft, then the outbox's queued → sending → sent/failed/bounced/cancelled."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Awaiting approval")
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")
        CANCELLED = "cancelled", _("Cancelled")

    # Each led by the client's and the owner's index below (letter_client, letter_outbox): no index of their own
    # for every letter written to keep up.
    client = models.ForeignKey(
        Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="letters", db_index=False
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("manager"), on_delete=models.CASCADE, related_name="letters",
        db_index=False,
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    holiday = models.CharField(_("holiday"), max_length=40, blank=True)
    template = models.ForeignKey(
        LetterTemplate, verbose_name=_("template"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    planned_touch = models.ForeignKey(
        PlannedTouch, verbose_name=_("planned contact"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="letters",
    )  # fmt: skip
    touch = models.OneToOneField(
        Touch, verbose_name=_("contact"), on_delete=models.SET_NULL, null=True, blank=True, related_name="letter"
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    recipient = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=250)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    auto = models.BooleanField(_("prepared by KeepWarm"), default=False)
    send_at = models.DateTimeField(_("send at"), help_text=_("In UTC; the next attempt after a failure."))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_until = models.DateTimeField(null=True, blank=True)  # a claim by a worker; expired = may be re-claimed
    claimed_by = models.CharField(max_length=120, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=250, unique=True, default=new_message_id)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error_code = models.CharField(_("error"), max_length=40, blank=True)  # a code, worded when shown
    error_detail = models.CharField(_("server's answer"), max_length=500, blank=True)
    sent_message = models.TextField(_("message as sent"), blank=True)  # RFC 5322 source
    # Sent, its touch not yet logged: the worker logs a claim's touches together after sending them; one that died
    # first leaves them to the next worker (flows.letters_outbox).
    touch_pending = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "send_at"], name="letter_due"),
            models.Index(fields=["owner", "status", "-created_at"], name="letter_outbox"),
            models.Index(fields=["client", "-created_at"], name="letter_client"),
            models.Index(fields=["sent_at"], condition=models.Q(touch_pending=True), name="letter_touch_pending"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def status_label(self) -> str:
        """A draft the manager saved is a draft; one KeepWarm prepared awaits their approval."""
        if self.status == self.Status.DRAFT and not self.auto:
            return str(_("Draft"))
        return str(self.get_status_display())


class LetterOptOut(models.Model):
    """The client followed the unsubscribe link: no more letters (calls go on unless do-not-contact is set)."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="letter_opt_out")
    at = models.DateTimeField(_("unsubscribed"))
    letter = models.ForeignKey(Letter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("unsubscribe")
        verbose_name_plural = _("unsubscribes")

    def __str__(self) -> str:
        return f"{self.client} ({self.at:%Y-%m-%d})"


class BadAddress(models.Model):
    """An address a mail server permanently refused (SMTP 5xx): not written to again, and the card warns."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="bad_addresses")
    email = models.EmailField(_("address"))
    detail = models.CharField(_("server's answer"), max_length=500, blank=True)
    at = models.DateTimeField(_("bounced"))
    letter = models.ForeignKey(Letter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("bad address")
        verbose_name_plural = _("bad addresses")
        constraints = [models.UniqueConstraint(fields=["client", "email"], name="bad_address_unique")]

    def __str__(self) -> str:
        return self.email
