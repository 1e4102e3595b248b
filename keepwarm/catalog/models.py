"""Catalog items, their matches to clients' interests (POST-3) and events to invite clients to (POST-7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts.models import Team
from keepwarm.clients.models import Client, Tag
from keepwarm.core.models import TimeStamped
from keepwarm.needs.choices import NeedClass
from keepwarm.touches.models import PlannedTouch, Touch


class Product(TimeStamped):
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("interests"), blank=True, related_name="products")
    need_class = models.CharField(_("need it answers"), max_length=20, choices=NeedClass.choices, blank=True)
    related = models.ManyToManyField(
        "self", verbose_name=_("goes with"), blank=True, symmetrical=False, related_name="+"
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["team", "active"])]

    def __str__(self) -> str:
        return self.name


class ProductMatch(models.Model):
    """A client whose interests match a product: an offer planned now, or one waiting (ANNOY-1..4, QUAL-4, CAT-3,
    an agreed date) with the reasons why."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Offer planned")
        WAITING = "waiting", _("Matched, offer waiting")

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="matches")
    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    matched_tags = models.CharField(_("matched interests"), max_length=300, blank=True)
    waits_until = models.DateField(_("earliest allowed day"), null=True, blank=True)
    # The planner's reasons ({"rule", "code", "day", "detail"}), as PlannedTouch.explanation stores them.
    wait_reasons = models.JSONField(_("why it waits"), default=list, blank=True)
    planned_touch = models.ForeignKey(PlannedTouch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    matched_at = models.DateTimeField(_("matched at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("product match")
        verbose_name_plural = _("product matches")
        ordering = ["status", "id"]
        constraints = [models.UniqueConstraint(fields=["product", "client"], name="product_match_once")]
        indexes = [models.Index(fields=["client", "matched_at"])]

    def __str__(self) -> str:
        return f"{self.product_id} -> {self.client_id}: {self.status}"


class Event(TimeStamped):
    """POST-7: a presentation, discount, gift or promotion the matching clients are invited to."""

    class Kind(models.TextChoices):
        PRESENTATION = "presentation", _("Presentation")
        DISCOUNT = "discount", _("Discount")
        GIFT = "gift", _("Gift")
        PROMOTION = "promotion", _("Promotion")

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("interests"), blank=True, related_name="events")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class EventInvitation(models.Model):
    """An invitation sent: the touch it was logged as is the proof (POST-7)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="+")
    touch = models.ForeignKey(Touch, null=True, on_delete=models.SET_NULL, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("event invitation")
        verbose_name_plural = _("event invitations")
        constraints = [models.UniqueConstraint(fields=["event", "client"], name="event_invitation_once")]

    def __str__(self) -> str:
        return f"{self.event_id} -> {self.client_id}"
