"""The team's letter templates: every kind in every language (the team's own or KeepWarm's default), edited by the
lead or an admin with the placeholders at hand and a preview with a real client; managers read them (LANG-1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keepwarm.accounts import access
from keepwarm.accounts.models import Team
from keepwarm.core.forms import run_service
from keepwarm.core.l10n import Language
from keepwarm.core.requests import AuthedRequest
from keepwarm.letters import rendering, services
from keepwarm.letters.access import templates_visible_to
from keepwarm.letters.forms import LetterSettingsForm, PreviewClientForm, TemplateForm
from keepwarm.letters.models import LetterKind, LetterTemplate
from keepwarm.planner.forms import GREETING_LABELS
from keepwarm.planner.inputs import team_settings_row


def _team(request: AuthedRequest) -> Team:
    """The team whose templates are shown: one's own; an admin picks any (the first without a pick)."""
    user = request.user
    if user.is_admin_role:
        return access.settings_team(user, request.GET.get("team"))
    if user.team is None:
        raise PermissionDenied(_("Choose a team."))
    return user.team


@dataclass(frozen=True)
class Variant:
    """One row of the list: a kind of letter, for one holiday or one named free letter, in every language."""

    kind: str
    holiday: str
    name: str
    label: str
    cells: Sequence[tuple[str, Any]]  # (language, the template used: the team's own or the default)


def _variants(team: Team) -> list[Variant]:
    own = services.team_templates(team)  # one read for the whole grid
    names = sorted({name for kind, _holiday, name, _language in own if kind == LetterKind.FREE and name})
    holidays = [key for key in team_settings_row(team).greeting_holidays if key in GREETING_LABELS]
    keys = []
    for kind in LetterKind.values:
        keys.append((kind, "", ""))
        if kind == LetterKind.HOLIDAY:
            keys += [(kind, key, "") for key in holidays]
        elif kind == LetterKind.FREE:
            keys += [(kind, "", name) for name in names]
    rows = []
    for kind, holiday, name in keys:
        label = _label(kind, holiday, name)
        cells = [(code, services.choose_template(own, kind, code, holiday=holiday, name=name)) for code in Language]
        rows.append(Variant(kind, holiday, name, label, cells))
    return rows


def _edit_url(team: Team, **params: str) -> str:
    return reverse("letters:template-edit") + "?" + urlencode({"team": str(team.pk), **params})


@login_required
def template_list(request: AuthedRequest) -> HttpResponse:
    team = _team(request)
    can_edit = access.can_manage_team(request.user, team)
    settings_form = LetterSettingsForm(initial={"auto_send_courtesy": services.settings_for(team).auto_send_courtesy})
    context = {
        "team": team,
        "teams": access.teams_editable_by(request.user).order_by("name") if request.user.is_admin_role else None,
        "variants": _variants(team),
        "languages": Language.choices,
        "can_edit": can_edit,
        "settings_form": settings_form,
    }
    return render(request, "letters/templates.html", context)


def _picked_template(team: Team, params: QueryDict) -> tuple[str, str, str, str]:
    kind = params.get("kind", "")
    language = params.get("language", "")
    if kind not in LetterKind.values or language not in Language.values:
        raise ValidationError(_("Choose a kind of letter and a language."))
    holiday = params.get("holiday", "") if kind == LetterKind.HOLIDAY else ""
    name = params.get("name", "")[:120] if kind == LetterKind.FREE else ""
    return kind, language, holiday, name


@login_required
def template_edit(request: AuthedRequest) -> HttpResponse:
    """One kind in one language: its text with the placeholders listed, a preview with a client from the picker;
    saving makes it the team's own (an unknown placeholder is a field error)."""
    team = _team(request)
    try:
        kind, language, holiday, name = _picked_template(team, request.GET)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("letters:templates") + f"?team={team.pk}")
    current = services.template_for(team, kind, language, holiday=holiday, name=name)
    own = current if isinstance(current, LetterTemplate) and current.holiday == holiday else None
    can_edit = access.can_manage_team(request.user, team)
    initial = {"subject": current.subject, "body": current.body}
    form = TemplateForm(request.POST or None, initial=initial)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    picker = PreviewClientForm(request.GET, user=request.user)
    saving = request.method == "POST" and request.POST.get("action") == "save"
    if saving and can_edit:
        saved = run_service(form, lambda: services.template_save(
            by=request.user, team=team, kind=kind, language=language, holiday=holiday, name=name, template=own,
            subject=form.cleaned_data["subject"], body=form.cleaned_data["body"],
        ))  # fmt: skip
        if saved is not None:
            messages.success(request, _("The template is saved."))
            return redirect(request.get_full_path())
    context = {
        "team": team, "kind": kind, "language": language, "holiday": holiday, "name": name, "own": own,
        "label": _label(kind, holiday, name), "form": form, "picker": picker, "can_edit": can_edit,
        "placeholders": rendering.PLACEHOLDERS.items(), "preview": _preview(request, form, picker, current),
    }  # fmt: skip
    return render(request, "letters/template_edit.html", context, status=400 if form.errors else 200)


def _label(kind: str, holiday: str, name: str) -> str:
    label = str(LetterKind(kind).label)
    return f"{label} · {GREETING_LABELS.get(holiday, holiday) if holiday else name}" if holiday or name else label


def _preview(request: AuthedRequest, form: TemplateForm, picker: PreviewClientForm, current: Any) -> dict[str, Any]:
    """The text on the screen (typed, or saved) for the client picked; a placeholder error shows instead."""
    client = picker.cleaned_data.get("client") if picker.is_valid() else None
    if client is None:
        return {}
    subject, body = current.subject, current.body
    if form.is_bound:
        subject, body = form.data.get("subject", ""), form.data.get("body", "")
    errors = rendering.template_errors(subject, body)
    if errors:
        return {"errors": [message for messages_ in errors.values() for message in messages_]}
    probe = LetterTemplate(
        kind=current.kind, language=current.language, holiday=current.holiday, subject=subject, body=body
    )
    return {"client": client, "rendered": services.preview(probe, client)}


@login_required
@require_POST
def template_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    """The team's own wording goes; KeepWarm's default takes its place."""
    template = get_object_or_404(templates_visible_to(request.user).select_related("team"), pk=pk)
    services.template_delete(by=request.user, template=template)
    messages.success(request, _("The team's wording is deleted: KeepWarm's default is used again."))
    return redirect(_edit_url(template.team, kind=template.kind, language=template.language,
                              holiday=template.holiday, name=template.name))  # fmt: skip


@login_required
@require_POST
def settings_save(request: AuthedRequest) -> HttpResponse:
    """The team's setting: prepared greetings and thank-yous go by themselves, or wait for approval."""
    team = _team(request)
    form = LetterSettingsForm(request.POST)
    saved = run_service(form, lambda: services.settings_save(
        by=request.user, team=team, auto_send_courtesy=form.cleaned_data["auto_send_courtesy"]
    ))  # fmt: skip
    if saved is not None:
        messages.success(request, _("Saved."))
    else:
        messages.error(request, " ".join(str(error) for error in form.non_field_errors()) or _("Not saved."))
    return redirect(reverse("letters:templates") + f"?team={team.pk}")
