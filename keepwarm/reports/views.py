"""The reports' pages: a dashboard and one page per report with a period picker, charts, tables and downloads."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from keepwarm.accounts import access
from keepwarm.accounts.models import Team, User
from keepwarm.exports import responses
from keepwarm.ladder.criteria import Level
from keepwarm.qualification.indicators import DealStage
from keepwarm.reports import drill, exports, selectors
from keepwarm.reports.scope import MAX_ID, PRESETS, period_from
from keepwarm.reports.tables import TABLES

TITLES = {
    "flows": _("Flows"),
    "refusals": _("Refusals"),
    "six": _("Rule of six"),
    "activity": _("Activity"),
    "deals": _("Deals"),
    "ladder": _("Ladder"),
    "journal": _("Journal"),
}
MEASURE_LABELS = {
    "future_to_now": _("Future → Now"),
    "now_to_future": _("Now → Future"),
    "to_never": _("→ Never"),
    "refusers": _("Clients who refused"),
    "refusers_later_bought": _("Clients who refused and bought later"),
    "below_six": _("Active clients below six"),
    "passive": _("Passive clients (POST-4)"),
    "hung_up_clients": _("Clients who hung up (ANNOY-2)"),
    "refusals": _("Refusals, one row each"),
    "clients": _("Active clients"),
    "compliant": _("Active clients with their six contacts"),
    "touches": _("Touches, one row each"),
    "hang_ups": _("Hang-ups (ANNOY-2), one row each"),
    "on_time": _("Planned contacts done on time"),
    "late": _("Planned contacts done late"),
    "missed": _("Planned contacts missed"),
    "won": _("Deals won"),
    "lost": _("Deals lost"),
    "promotions": _("Ladder promotions"),
    "demotions": _("Ladder demotions"),
    "overrides": _("Privileges beyond the level (LAD-5)"),
}


def _measure_label(measure: str) -> str:
    """Deals by stage and clients by level are labelled from their choices."""
    if measure.startswith("reached_"):
        return _("Deals reaching %(stage)s") % {"stage": DealStage(measure.removeprefix("reached_")).label}
    if measure.startswith("level_"):
        return _("Clients at level %(level)s") % {"level": Level(int(measure.removeprefix("level_"))).label}
    return str(MEASURE_LABELS[measure])


DRILL_PAGE = 50
PRESET_LABELS = {"week": _("This week"), "month": _("This month"), "quarter": _("This quarter"), "year": _("This year")}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


Errors = dict[str, str] | None


def _reports(request: HttpRequest, names: Iterable[str]) -> tuple[dict[str, dict[str, Any]], Errors, int]:
    """The reports, or, when the picker was filled in wrong, the last 30 days with its errors, for the team and
    manager asked for if those were good (so the numbers are those of the scope the picker names) or else the
    viewer's whole view (the picker then names nobody: a bad manager matches none of its choices)."""
    user, params = _user(request), request.GET.dict()
    try:
        return {name: selectors.report(user, name, params) for name in names}, None, 200
    except ValidationError as error:
        errors = {field: " ".join(messages) for field, messages in error.message_dict.items()}
        kept = {key: value for key, value in params.items() if key in ("team", "manager") and key not in errors}
        return {name: selectors.report(user, name, kept) for name in names}, errors, 400


def _report(request: HttpRequest, name: str) -> tuple[dict[str, Any], Errors, int]:
    reports, errors, status = _reports(request, [name])
    return reports[name], errors, status


def _preset_shown(request: HttpRequest) -> str:
    """The preset whose days the page shows, kept by the picker's form while the reader leaves its dates alone."""
    try:
        period = period_from(request.GET.dict())
    except ValidationError:
        return ""
    return request.GET.get("period", "") if period.compared_with is not None else ""


def _picker(request: HttpRequest) -> dict[str, Any]:
    """What the period picker offers: the presets, for leads and admins the managers they may report on, and for
    admins the teams (with a team chosen, only its people are offered as managers)."""
    user = _user(request)
    reportable = access.users_reportable_by(user)  # deactivated ones too, after the active ones
    teams = Team.objects.order_by("name") if user.is_admin_role else None
    team = request.GET.get("team", "")
    if teams is not None and team.isascii() and team.isdigit() and int(team) <= MAX_ID:
        reportable = reportable.filter(team_id=int(team))
    managers = reportable.order_by("-is_active", "first_name", "username") if access.can_reassign(user) else []
    return {
        "presets": [(key, PRESET_LABELS[key]) for key in PRESETS],
        "preset": _preset_shown(request),
        "managers": managers,
        "teams": teams,
        "manager": request.GET.get("manager", ""),
        "query": request.GET.urlencode(),
        "reports": TITLES.items(),
    }


def _context(request: HttpRequest, name: str) -> tuple[dict[str, Any], int]:
    data, errors, status = _report(request, name)
    tables = TABLES[name](data)
    context = {
        "name": name,
        "title": TITLES[name],
        "data": data,
        "errors": errors,
        "tables": tables,
        "charts": [table.as_json() for table in tables],
        **_picker(request),
    }
    return context, status


@login_required
def report_page(request: HttpRequest, name: str) -> HttpResponse:
    if name not in TITLES:
        raise Http404
    context, status = _context(request, name)
    return render(request, "reports/report.html", context, status=status)


@login_required
def report_download(request: HttpRequest, name: str, kind: str) -> HttpResponse:
    """The page's own tables, so the file holds exactly the numbers shown."""
    if name not in TITLES or kind not in ("csv", "xlsx"):
        raise Http404
    try:
        _kind, delimiter = responses.parsed("csv", request.GET.get("delimiter", ""))
    except ValidationError as error:
        return _refused({field: " ".join(messages) for field, messages in error.message_dict.items()})
    data, errors, _status = _report(request, name)
    if errors:
        return _refused(errors)
    tables = TABLES[name](data)
    filename = f"keepwarm-{name}-{data['period']['from']}-{data['period']['to']}.{kind}"
    if kind == "csv":
        response = HttpResponse(exports.as_csv(tables, delimiter), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.as_xlsx(tables), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _refused(errors: dict[str, str]) -> HttpResponse:
    """A download asked for wrong: each field named with its error, as plain text (the browser shows it)."""
    text = "\n".join(f"{field}: {message}" for field, message in errors.items())
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The few numbers that matter, each with the previous period's and a link to its report."""
    reports, errors, status = _reports(request, TITLES)
    tiles = [
        ("flows", _("Future → Now"), "future_to_now"),
        ("flows", _("→ Never"), "to_never"),
        ("refusals", _("Refusals"), "refusals"),
        ("six", _("Active clients with their six contacts"), "compliant"),
        ("six", _("Passive clients (POST-4)"), "passive"),
        ("activity", _("Touches"), "touches"),
        ("activity", _("Hang-ups (ANNOY-2)"), "hang_ups"),
        ("deals", _("Deals won"), "won"),
        ("ladder", _("Privileges beyond the level (LAD-5)"), "overrides"),
        ("journal", _("Journal entries"), "written"),
    ]
    rows = [
        {
            "name": name,
            "label": label,
            "now": reports[name]["current"][key],
            "before": reports[name]["previous"][key],
            "measure": key if key in drill.drillable(name) else "",
        }
        for name, label, key in tiles
    ]
    per_day = TABLES["activity"](reports["activity"])[1]
    context = {
        "tiles": rows,
        "period": reports["flows"]["period"],
        "previous_period": reports["flows"]["previous_period"],
        "charts": [per_day.as_json()],
        "tables": [per_day],
        "errors": errors,
        **_picker(request),
    }
    return render(request, "reports/dashboard.html", context, status=status)


@login_required
def report_clients(request: HttpRequest, name: str) -> HttpResponse:
    """The drill-down: the clients behind one number of a report, for the same period, team and manager."""
    if name not in TITLES or not drill.drillable(name):
        raise Http404
    params = request.GET.dict()
    try:
        clients, period, measure = drill.clients_behind(_user(request), name, params)
    except ValidationError as error:
        errors = {field: " ".join(messages) for field, messages in error.message_dict.items()}
        failed = {"name": name, "title": TITLES[name], "errors": errors, "page": None, "back": _back(params)}
        return render(request, "reports/clients.html", failed, status=400)
    context: dict[str, Any] = {
        "name": name,
        "title": TITLES[name],
        "measure": _measure_label(measure),
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "page": Paginator(clients, DRILL_PAGE).get_page(request.GET.get("page")),
        "back": _back(params),
    }
    return render(request, "reports/clients.html", context)


def _back(params: dict[str, str]) -> str:
    """The report's own query (period, team, manager) without the drill-down's."""
    return urlencode({k: v for k, v in params.items() if k not in ("measure", "page")})
