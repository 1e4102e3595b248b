"""Organizations, clients, orders and category history (METHOD sections 1, 5, CORP-1, OWN-1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts.models import Team, validate_time_zone
from keepwarm.clients import choices, reasons
from keepwarm.clients.binnable import Binnable, binned_by_index, binned_index
from keepwarm.clients.choices import Category, DecisionRole, FormOfAddress, NeverReason, RelationshipGroup
from keepwarm.core.collation import LOCALES, by_name
from keepwarm.core.l10n import Language
from keepwarm.core.models import TimeStamped


def validate_country(value: str) -> None:
    """A two-letter ISO 3166 code of a country with telephones (phonenumbers' regions): "ZZ" is none."""
    if value not in phonenumbers.SUPPORTED_REGIONS:
        raise ValidationError(_("Use a two-letter ISO country code, e.g. RO."), code="invalid")


validate_workdays = RegexValidator(r"^[1-7]{0,7}$", _("List working days as digits 1 (Monday) to 7 (Sunday)."))


def working_hours_errors(
    work_start: dt.time | None,
    work_end: dt.time | None,
    lunch_start: dt.time | None,
    lunch_end: dt.time | None,
    workdays: str,
) -> dict[str, str]:
    """TACT-1/2: a day that ends after it starts, and a lunch that does too, inside the day (when both are set);
    each working day once."""
    errors = {}
    if len(set(workdays)) != len(workdays):
        errors["workdays"] = _("List each working day once.")
    if work_start is not None and work_end is not None and work_start >= work_end:
        errors["work_end"] = _("The working day must end after it starts.")
    if (lunch_start is None) != (lunch_end is None):
        errors["lunch_end" if lunch_end is None else "lunch_start"] = _(
            "Give both ends of the lunch break, or neither."
        )
    elif lunch_start is not None and lunch_end is not None:
        if lunch_start >= lunch_end:
            errors["lunch_end"] = _("The lunch break must end after it starts.")
        elif work_start is not None and work_end is not None and not work_start <= lunch_start < lunch_end <= work_end:
            errors["lunch_start"] = _("The lunch break must fall inside the working day.")
    return {name: str(message) for name, message in errors.items()}


def full_name(last_name: str, first_name: str, patronymic: str) -> str:
    """Surname first, as the method's client cards read (Смирнова Анна Петровна)."""
    return " ".join(part for part in (last_name, first_name, patronymic) if part)


class WorkingHours(models.Model):
    """TACT-1/2 overrides; empty means "use the level above" (client -> organization -> team)."""

    work_start = models.TimeField(_("working day starts"), null=True, blank=True)
    work_end = models.TimeField(_("working day ends"), null=True, blank=True)
    lunch_start = models.TimeField(_("lunch starts"), null=True, blank=True)
    lunch_end = models.TimeField(_("lunch ends"), null=True, blank=True)
    workdays = models.CharField(
        _("working days"),
        max_length=7,
        blank=True,
        validators=[validate_workdays],
        help_text=_("Digits 1 (Monday) to 7 (Sunday), e.g. 12345; empty for the default."),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        errors = working_hours_errors(self.work_start, self.work_end, self.lunch_start, self.lunch_end, self.workdays)
        if errors:
            raise ValidationError(errors)


class Organization(TimeStamped, WorkingHours, Binnable):
    """A legal entity; its people are clients with a decision role (CORP-1)."""

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="organizations")
    name = models.CharField(_("name"), max_length=200)
    vertical = models.CharField(_("vertical"), max_length=100, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    annual_revenue = models.DecimalField(
        _("annual revenue"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    revenue_currency = models.CharField(_("revenue currency"), max_length=3, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, validators=[validate_country])
    territory = models.CharField(_("territory"), max_length=100, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True, validators=[validate_time_zone])
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # The folded name (contacts.fold), kept by the services: SQLite's LIKE and lower() ignore Cyrillic case.
    search_name = models.TextField(editable=False, default="", db_default="")
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["team", "name"]),
            binned_index("organization_binned"),
            binned_by_index("organization_binned_by"),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """An interest (POST-3): a lowercase word shared by clients and, later, catalog items."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["team", "name"], name="tag_unique_per_team")]

    def __str__(self) -> str:
        return self.name


class Client(TimeStamped, WorkingHours, Binnable):
    """A person we sell to, possibly inside an organization."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="clients",
        db_index=False,  # (owner, category) and the owner name indexes lead with it
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    decision_role = models.CharField(_("decision role"), max_length=20, choices=DecisionRole.choices, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    form_of_address = models.CharField(
        _("form of address"),
        max_length=2,
        choices=FormOfAddress.choices,
        blank=True,
        help_text=_("For letters; empty: read from the patronymic, else a neutral greeting."),
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    phones = models.JSONField(_("phones"), default=list, blank=True, help_text=_("E.164, e.g. +37322123456"))
    emails = models.JSONField(_("emails"), default=list, blank=True)
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.RU)
    country = models.CharField(_("country"), max_length=2, blank=True, validators=[validate_country])
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Empty: the organization's, then the country's."),
    )
    # TIME-1: a zone an import derived is marked so, with its evidence, until a person confirms or changes it.
    time_zone_source = models.CharField(
        _("time zone derived from"), max_length=10, choices=choices.TimeZoneSource.choices, blank=True, editable=False
    )
    time_zone_evidence = models.CharField(_("time zone evidence"), max_length=200, blank=True, editable=False)
    preferred_call_time = models.TimeField(
        _("preferred call time"),
        null=True,
        blank=True,
        help_text=_("The time the client asked us to call (TACT-6)."),
    )
    relationship_group = models.CharField(
        _("relationship group"),
        max_length=20,
        choices=RelationshipGroup.choices,
        default=RelationshipGroup.PROSPECT,
    )
    referred_by = models.ForeignKey(
        "self",
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
        db_index=False,  # indexed below where set
    )
    category = models.CharField(_("category"), max_length=10, choices=Category.choices, default=Category.FUTURE)
    never_reason = models.CharField(_("reason for Never"), max_length=20, choices=NeverReason.choices, blank=True)
    interests = models.ManyToManyField(Tag, verbose_name=_("interests"), blank=True, related_name="clients")
    do_not_contact = models.BooleanField(_("do not contact"), default=False)
    do_not_contact_reason = models.CharField(_("do-not-contact reason"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    sales_paused_until = models.DateField(
        _("sales contacts paused until"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("After repeated refusals only greetings go out until this date (ANNOY-3)."),
    )
    # Kept by the services in the same transaction as the touch/order, so lists and the planner
    # can filter a million clients without aggregating their history.
    last_touch_at = models.DateTimeField(_("last contact"), null=True, blank=True, editable=False)
    last_order_on = models.DateField(_("last purchase"), null=True, blank=True, editable=False)
    search_text = models.TextField(editable=False, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    forgotten_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["owner", "category"]),
            # LANG-1: the list walks these in the reader's collation instead of sorting every visible row.
            *(
                index
                for language in LOCALES
                for index in (
                    models.Index(F("owner"), *by_name(language), name=f"client_owner_name_{language}"),
                    models.Index(*by_name(language), name=f"client_name_{language}"),
                )
            ),
            models.Index(fields=["last_touch_at"]),
            # Almost every client has no referrer: a plain index's statistics would call it useless and
            # make SQLite scan every client to count one client's referrals (LAD-3, on every card).
            models.Index(
                fields=["referred_by"], name="client_referred_by_set", condition=models.Q(referred_by__isnull=False)
            ),
            # The few do-not-contact clients, so the agenda's counts subtract their plans instead of joining
            # every planned touch to its client (a lead's Today: 107 -> 23 ms at 80,000 clients).
            models.Index(fields=["owner"], name="client_do_not_contact", condition=models.Q(do_not_contact=True)),
            # A team's or manager's clients that are not binned (and those who entered in a period), as every report
            # narrows its rows: the index alone answers, without reading each client row for `deleted_at`.
            models.Index(
                fields=["owner", "created_at", "id"],
                name="client_owner_kept",
                condition=models.Q(deleted_at__isnull=True),
            ),
            binned_index("client_binned"),
            binned_by_index("client_binned_by"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(category=Category.NEVER) | ~models.Q(never_reason=""),
                name="client_never_has_reason",
                violation_error_message=_("A Never client needs an objective reason (CAT-2)."),
            ),
            models.CheckConstraint(
                condition=models.Q(category=Category.NEVER) | models.Q(never_reason=""),
                name="client_never_reason_only_for_never",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return full_name(self.last_name, self.first_name, self.patronymic)

    @property
    def is_active_client(self) -> bool:
        return self.category != Category.NEVER


class Order(TimeStamped):
    """A purchase: enough for CAT-4, POST-1 and the ladder (LAD-2, LAD-3)."""

    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="orders")
    ordered_on = models.DateField(_("order date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    items = models.TextField(_("what was bought"))
    amount_paid = models.DecimalField(
        _("amount paid"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-ordered_on", "-id"]
        indexes = [models.Index(fields=["client", "ordered_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_paid__lte=models.F("amount")),
                name="order_paid_le_amount",
                violation_error_message=_("The amount paid cannot exceed the amount."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ordered_on} {self.amount} {self.currency}"


class CategoryChange(models.Model):
    """CAT-6: every category change, so reports can show flows between categories."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="category_changes")
    changed_at = models.DateTimeField(_("when"), db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_category = models.CharField(_("from"), max_length=10, choices=Category.choices, blank=True)
    to_category = models.CharField(_("to"), max_length=10, choices=Category.choices)
    # LANG-1: a code and its parameters, worded in the reader's language; `reason` holds only a person's words.
    reason_code = models.CharField(_("reason code"), max_length=20, choices=reasons.ChangeReason.choices, blank=True)
    reason_params = models.JSONField(_("reason parameters"), default=dict, blank=True)
    reason = models.TextField(_("note"), blank=True)
    never_reason = models.CharField(_("reason for Never"), max_length=20, choices=NeverReason.choices, blank=True)
    is_correction = models.BooleanField(_("correction"), default=False)

    class Meta:
        verbose_name = _("category change")
        verbose_name_plural = _("category changes")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["client", "changed_at"])]

    def __str__(self) -> str:
        return f"{self.get_from_category_display() or '—'} → {self.get_to_category_display()}"

    @property
    def reason_text(self) -> str:
        return reasons.reason_text(
            code=self.reason_code, params=self.reason_params, never_reason=self.never_reason, note=self.reason
        )


class Reassignment(models.Model):
    """OWN-1: reassigning a client keeps its history and records who moved it."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="reassignments")
    changed_at = models.DateTimeField(_("when"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    to_owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("reassignment")
        verbose_name_plural = _("reassignments")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.changed_at:%Y-%m-%d} {self.from_owner_id} -> {self.to_owner_id}"
