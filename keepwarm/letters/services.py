"""Letters' own rows: team templates (LANG-1), the team's letter settings, and the rules a letter must pass before it
may go out (no e-mail, a bounced address, unsubscribed, do-not-contact, ANNOY-1 for sales letters).

The rules live here so no form, serializer or admin page can accept what they refuse; writes across domains (the
touch a sent letter logs, the planned touch it closes) are flows.letters' and flows.letters_outbox's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from keepwarm.accounts import access
from keepwarm.accounts.models import Team, User
from keepwarm.catalog.models import Product
from keepwarm.clients.choices import Category
from keepwarm.clients.models import Client
from keepwarm.core.inserts import insert_rows
from keepwarm.core.l10n import Language, date_text
from keepwarm.letters import checks, defaults, rendering
from keepwarm.letters.defaults import DefaultTemplate
from keepwarm.letters.models import Letter, LetterKind, LetterOptOut, LetterSettings, LetterTemplate
from keepwarm.planner import inputs, rules
from keepwarm.planner.calendars import GREETING_KEYS

# Teams without a language of their own write to clients without one in their country's.
_COUNTRY_LANGUAGES = {"MD": Language.RO, "RO": Language.RO, "RU": Language.RU, "BY": Language.RU, "KZ": Language.RU}


# --- templates ---------------------------------------------------------------------------------------------------


TemplateKey = tuple[str, str, str, str]  # kind, holiday, name, language


def team_templates(team: Team | None) -> dict[TemplateKey, LetterTemplate]:
    """The team's own templates by what they are for (read once for a batch of letters)."""
    if team is None:
        return {}
    return {_key(row): row for row in LetterTemplate.objects.filter(team=team)}


def _key(row: LetterTemplate | DefaultTemplate) -> TemplateKey:
    return (row.kind, row.holiday, row.name, row.language)


def choose_template(
    own: dict[TemplateKey, LetterTemplate], kind: str, language: str, *, holiday: str = "", name: str = ""
) -> LetterTemplate | DefaultTemplate:
    """The team's own wording (for this holiday, else for holidays in general), else KeepWarm's default."""
    found = own.get((kind, holiday, name, language)) or own.get((kind, "", name, language))
    return found or defaults.default_template(kind, language, holiday)


def template_for(
    team: Team | None, kind: str, language: str, *, holiday: str = "", name: str = ""
) -> LetterTemplate | DefaultTemplate:
    """choose_template for one letter: reads only the rows that can answer."""
    own: dict[TemplateKey, LetterTemplate] = {}
    if team is not None:
        rows = LetterTemplate.objects.filter(
            team=team, kind=kind, language=language, name=name, holiday__in={holiday, ""}
        )
        own = {_key(row): row for row in rows}
    return choose_template(own, kind, language, holiday=holiday, name=name)


def templates_listed(team: Team | None) -> list[LetterTemplate | DefaultTemplate]:
    """The team's templates, then each shipped default the team has not replaced with its own."""
    own = team_templates(team)
    shipped = [template for template in defaults.default_templates() if _key(template) not in own]
    return [*own.values(), *shipped]


def _template_field_errors(
    *, team: Team, kind: str, language: str, subject: str, body: str, holiday: str, name: str, pk: int | None
) -> dict[str, list[str]]:
    errors = rendering.template_errors(subject, body)
    if kind not in LetterKind.values:
        errors["kind"] = [_("Choose a kind of letter.")]
    if language not in Language.values:
        errors["language"] = [_("Choose Russian, Romanian or English.")]
    if holiday and (kind != LetterKind.HOLIDAY or holiday not in GREETING_KEYS):
        errors["holiday"] = [_("Only a holiday greeting names a holiday, one of the team's greeting days.")]
    if name and kind != LetterKind.FREE:
        errors["name"] = [_("Only free letters have names.")]
    if len(subject) > LetterTemplate._meta.get_field("subject").max_length:  # type: ignore[operator]
        errors.setdefault("subject", []).append(_("The subject is too long."))
    if len(name) > 120:
        errors["name"] = [_("The name is too long.")]
    if not errors:
        twins = LetterTemplate.objects.filter(team=team, kind=kind, holiday=holiday, name=name, language=language)
        if (twins.exclude(pk=pk) if pk is not None else twins).exists():
            errors["kind"] = [_("The team already has this template in this language: edit that one.")]
    return errors


@transaction.atomic
def template_save(
    *,
    by: User,
    team: Team,
    kind: str,
    language: str,
    subject: str,
    body: str,
    holiday: str = "",
    name: str = "",
    template: LetterTemplate | None = None,
) -> LetterTemplate:
    """Create or change a team's template; an unknown placeholder or bad braces are field errors (LANG-1).
    The team's lead or an admin writes the team's templates."""
    if not access.can_manage_team(by, team) or (template is not None and template.team_id != team.pk):
        raise PermissionDenied(_("Only the team lead or an admin changes the team's letter templates."))
    subject = subject.strip()
    errors = _template_field_errors(
        team=team, kind=kind, language=language, subject=subject, body=body, holiday=holiday, name=name,
        pk=template.pk if template is not None else None,
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    row = template or LetterTemplate(team=team)
    row.kind, row.language, row.subject, row.body = kind, language, subject, body
    row.holiday, row.name, row.updated_by = holiday, name, by
    if template is None:
        row.save()
    else:
        row.save(update_fields=["kind", "language", "subject", "body", "holiday", "name", "updated_by", "updated_at"])
    return row


@transaction.atomic
def template_delete(*, by: User, template: LetterTemplate) -> None:
    """The team's own wording goes; KeepWarm's default takes its place."""
    if not access.can_manage_team(by, template.team):
        raise PermissionDenied(_("Only the team lead or an admin changes the team's letter templates."))
    template.delete()


# --- settings and language ---------------------------------------------------------------------------------------


def settings_for(team: Team | None) -> LetterSettings:
    if team is None:
        return LetterSettings()
    return LetterSettings.objects.get_or_create(team=team)[0]


@transaction.atomic
def settings_save(*, by: User, team: Team, auto_send_courtesy: bool, language: str | None = None) -> LetterSettings:
    """Whether prepared greetings and thank-yous go out by themselves (default: they wait for approval)."""
    if not access.can_manage_team(by, team):
        raise PermissionDenied(_("Only the team lead or an admin changes the team's letter settings."))
    row = settings_for(team)
    row.auto_send_courtesy = bool(auto_send_courtesy)
    fields = ["auto_send_courtesy"]
    if language is not None:
        if language and language not in Language.values:
            raise ValidationError({"language": [_("Choose Russian, Romanian or English.")]})
        row.language = language
        fields.append("language")
    row.save(update_fields=fields)
    return row


def team_language(team: Team | None) -> str:
    if team is None:
        return Language.EN
    chosen = LetterSettings.objects.filter(team=team).values_list("language", flat=True).first()
    return chosen or _COUNTRY_LANGUAGES.get(team.country, Language.EN)


def letter_language(client: Client) -> str:
    """LANG-1: the client's language, else the team's."""
    if client.language in Language.values:
        return client.language
    return team_language(client.owner.team)


# --- what may go out ---------------------------------------------------------------------------------------------


def letter_recipient(client: Client) -> str:
    """The client's first address no mail server has refused; "" when there is none."""
    return checks.recipient_of(client.emails, checks.bad_addresses([client.pk]).get(client.pk, set()))


def annoy_earliest(client: Client, *, now: dt.datetime | None = None) -> dt.date | None:
    """ANNOY-1 as the planner counts it: the first day (in the client's zone) one more outbound contact keeps both
    caps; None when any day does."""
    given = inputs.plan_inputs(client, now=now)
    return rules.annoy_earliest(given.client, given.touches, given.orders, given.settings, given.today)


def letter_problems(client: Client, *, sales: bool, on: dt.date | None = None) -> list[str]:
    """Why a letter may not go to this client now (or on `on`, the client's day): codes of checks.PROBLEMS."""
    facts = checks.Facts(
        bad=checks.bad_addresses([client.pk]),
        opted_out={client.pk} if LetterOptOut.objects.filter(client=client).exists() else set(),
    )
    problems = facts.problems(client)
    if sales:
        given = inputs.plan_inputs(client)
        earliest = rules.annoy_earliest(given.client, given.touches, given.orders, given.settings, given.today)
        if earliest is not None and earliest > (on or given.today):
            problems.append("too_often")
    return problems


def problems_error(client: Client, problems: list[str]) -> ValidationError:
    """The problems as one field error on the recipient, worded for the reader."""
    messages = []
    for code in problems:
        if code == "too_often":
            earliest = annoy_earliest(client)
            messages.append(str(checks.PROBLEMS[code]) % {"day": date_text(earliest) if earliest else ""})
        else:
            messages.append(str(checks.PROBLEMS[code]))
    return ValidationError({"recipient": messages}, code=problems[0] if problems else None)


# --- a letter's values -------------------------------------------------------------------------------------------


def letter_context_for(
    client: Client,
    *,
    language: str,
    product: Product | None = None,
    holiday: str = "",
    years: int | None = None,
    on: dt.date | None = None,
    facts: checks.Facts | None = None,
) -> dict[str, str]:
    """Every placeholder's value for a letter to this client: the client, the owner as the signing manager, the
    latest purchase (from `facts` when the caller read them for many clients), the holiday's name in the letter's
    language, an anniversary's years."""
    owner = client.owner
    organization = client.organization
    order = (facts.orders if facts is not None else checks.latest_orders([client.pk])).get(client.pk)
    if years is None and organization is not None and organization.founded_on is not None and on is not None:
        years = on.year - organization.founded_on.year if on.year > organization.founded_on.year else None
    country = inputs.client_country(client)
    return rendering.letter_context(
        person=rendering.Person(
            first_name=client.first_name,
            last_name=client.last_name,
            patronymic=client.patronymic,
            form_of_address=client.form_of_address,
            organization=organization.name if organization is not None else "",
        ),
        sender=rendering.Sender(
            name=owner.get_full_name() or owner.username,
            email=owner.email,
            phone=str(getattr(owner, "phone", "") or ""),
            team=owner.team.name if owner.team is not None else "",
        ),
        language=language,
        product=product.name if product is not None else (order.items.strip() if order is not None else ""),
        holiday=defaults.holiday_name(holiday, language, country) if holiday else "",
        purchase_date=order.ordered_on if order is not None else None,
        years=years,
    )


def missing_error(subject: str, body: str, context: Mapping[str, str]) -> ValidationError | None:
    """A field error naming the values the template needs and this letter lacks (never a letter with holes)."""
    missing = rendering.missing_values(subject, body, context)
    if not missing:
        return None
    labels = ", ".join(str(rendering.PLACEHOLDERS[name]) for name in missing)
    field = "product" if "product" in missing else "body"
    return ValidationError({field: [_("This letter needs: %(values)s.") % {"values": labels}]})


def draft_template(
    template: LetterTemplate | DefaultTemplate, *, subject: str | None = None, body: str | None = None
) -> DefaultTemplate:
    """A template with the subject or body being written in its place (to preview before saving)."""
    drafted = DefaultTemplate(
        kind=template.kind,
        language=template.language,
        subject=template.subject if subject is None else subject,
        body=template.body if body is None else body,
        holiday=template.holiday,
        name=template.name,
        is_default=False,
    )
    if errors := rendering.template_errors(drafted.subject, drafted.body):
        raise ValidationError(errors)
    return drafted


def preview(
    template: LetterTemplate | DefaultTemplate, client: Client, *, product: Product | None = None
) -> rendering.Rendered:
    """The template as this client would read it; a value the letter lacks shows as [its label]."""
    language = template.language
    context = letter_context_for(client, language=language, product=product, holiday=template.holiday)
    for name in rendering.missing_values(template.subject, template.body, context):
        context[name] = f"[{rendering.PLACEHOLDERS[name]}]"
    return rendering.render(template.subject, template.body, context, language)


# --- letter rows -------------------------------------------------------------------------------------------------


def letters_create(letters: list[Letter]) -> list[Letter]:
    """Save new letters (one, or a morning's greetings) in one statement; each Message-ID was fixed when the letter
    was built (models.new_message_id), so every attempt sends that one."""
    insert_rows(letters)
    return letters


def letters_stop_for(client: Client) -> int:
    """A client who may no longer be written to (Never, CAT-2; do not contact) keeps no letter waiting to go: the
    drafts awaiting approval and the queued ones are cancelled, so approving or a worker cannot send them. Returns
    how many."""
    if client.category != Category.NEVER and not client.do_not_contact:
        return 0
    waiting = (Letter.Status.DRAFT, Letter.Status.QUEUED, Letter.Status.FAILED)
    return Letter.objects.filter(client_id=client.pk, status__in=waiting).update(
        status=Letter.Status.CANCELLED, lease_until=None, updated_at=timezone.now()
    )


def letter_set(letter: Letter, *, statuses: frozenset[str], **fields: object) -> bool:
    """Change a letter only while it is in one of `statuses` (a worker may have claimed it meanwhile)."""
    fields.setdefault("updated_at", timezone.now())
    changed = Letter.objects.filter(Q(pk=letter.pk), status__in=statuses).update(**fields)
    if changed:
        for name, value in fields.items():
            setattr(letter, name, value)
    return bool(changed)
