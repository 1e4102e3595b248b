"""Needs discovery pages: questionnaires (leads, admins) and the interview a manager fills in during a call."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from keepwarm.accounts import access
from keepwarm.clients.access import client_for_user
from keepwarm.clients.models import Client
from keepwarm.core.forms import run_service
from keepwarm.core.htmx import page_or_part
from keepwarm.core.params import query_id
from keepwarm.core.requests import AuthedRequest
from keepwarm.flows import needs as needs_flows
from keepwarm.needs import selectors, services
from keepwarm.needs.forms import QuestionForm, QuestionnaireForm, answer_from
from keepwarm.needs.models import Question, Questionnaire


def _managed(request: AuthedRequest, pk: int) -> Questionnaire:
    if not access.can_manage_team_rows(request.user):
        raise PermissionDenied
    return get_object_or_404(selectors.questionnaires_visible_to(request.user), pk=pk)


@login_required
def questionnaire_list(request: AuthedRequest) -> HttpResponse:
    can_manage = access.can_manage_team_rows(request.user)
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        saved = run_service(form, lambda: services.questionnaire_create(by=request.user, **form.cleaned_data))
        if saved is not None:
            return redirect("needs:questionnaire", pk=saved.pk)
    questionnaires = selectors.questionnaires_visible_to(request.user)
    context = {"questionnaires": questionnaires, "form": form, "can_manage": can_manage}
    return render(request, "needs/questionnaires.html", context)


@login_required
def questionnaire_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Rename, (de)activate and add questions; each question edits on its own page."""
    questionnaire = _managed(request, pk)
    action = request.POST.get("action")
    form = QuestionnaireForm(request.POST if action == "rename" else None, instance=questionnaire)
    question_form = QuestionForm(request.POST if action == "add" else None)
    saved: object = None
    if action == "rename":
        saved = run_service(
            form,
            lambda: services.questionnaire_update(questionnaire=questionnaire, by=request.user, **form.cleaned_data),
        )
    elif action == "add":
        saved = run_service(
            question_form,
            lambda: services.question_save(
                questionnaire=questionnaire, by=request.user, **question_form.service_fields()
            ),
        )
    elif action in ("up", "down"):
        saved = _move(request, questionnaire, up=action == "up")
    if action and saved is not None:
        messages.success(request, _("Saved."))
        return redirect("needs:questionnaire", pk=questionnaire.pk)
    questions = questionnaire.questions.prefetch_related("interest_tags")
    context = {"questionnaire": questionnaire, "form": form, "question_form": question_form, "questions": questions}
    return render(request, "needs/questionnaire.html", context)


def _move(request: AuthedRequest, questionnaire: Questionnaire, *, up: bool) -> object:
    question = get_object_or_404(questionnaire.questions, pk=request.POST.get("question", "0") or 0)
    try:
        return services.question_move(question=question, by=request.user, up=up)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return None


@login_required
def question_edit(request: AuthedRequest, pk: int, question_pk: int) -> HttpResponse:
    """Edit a question; the same page deletes it, saying that its answers go too."""
    questionnaire = _managed(request, pk)
    question = get_object_or_404(questionnaire.questions, pk=question_pk)
    if request.method == "POST" and request.POST.get("action") == "delete":
        try:
            services.question_delete(question=question, by=request.user)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
        else:
            messages.success(request, _("Question deleted."))
        return redirect("needs:questionnaire", pk=questionnaire.pk)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST":
        saved = run_service(
            form,
            lambda: services.question_save(
                questionnaire=questionnaire, by=request.user, question=question, **form.service_fields()
            ),
        )
        if saved is not None:
            return redirect("needs:questionnaire", pk=questionnaire.pk)
    context = {
        "form": form,
        "title": _("Edit question"),
        "question": question,
        "cancel_url": reverse("needs:questionnaire", args=[questionnaire.pk]),
    }
    return render(request, "needs/question.html", context)


def _interview_context(client: Client, questionnaire: Questionnaire | None) -> dict[str, Any]:
    answers = selectors.client_answers(client, questionnaire) if questionnaire else {}
    questions: list[Question] = list(questionnaire.questions.all()) if questionnaire else []
    return {
        "client": client,
        "questionnaire": questionnaire,
        "questionnaires": selectors.questionnaires_for(client),
        "rows": [(question, answers.get(question.pk)) for question in questions],
        "interests": sorted(client.interests.values_list("name", flat=True)),
        "next_needs": selectors.next_needs(client),
    }


@login_required
def client_needs(request: AuthedRequest, pk: int) -> HttpResponse:
    """NEED-1 during a call: the questions in order, one answer each; the whole form can be sent at once."""
    client = client_for_user(request.user, pk)
    choice = query_id(request.GET, "questionnaire")
    available = selectors.questionnaires_for(client)
    questionnaire = available.first() if choice is None else available.filter(pk=choice).first()
    error = ""
    if request.method == "POST" and questionnaire is not None:
        questions = questionnaire.questions.prefetch_related("interest_tags")
        answers = [data for data in (answer_from(request.POST, q) for q in questions) if data is not None]
        try:
            needs_flows.interview_record(client=client, questionnaire=questionnaire, by=request.user, answers=answers)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("Answers saved."))
            url = reverse("needs:client", args=[client.pk])
            return redirect(f"{url}?questionnaire={questionnaire.pk}")
    context = {**_interview_context(client, questionnaire), "error": error}
    return page_or_part(request, "needs/interview.html", context, part="interview")


@login_required
@require_POST
def client_answer(request: AuthedRequest, pk: int, questionnaire_pk: int, question_pk: int) -> HttpResponse:
    """One answer saved as the manager moves on (htmx); the client's interests refresh out of band."""
    client = client_for_user(request.user, pk)
    questionnaire = get_object_or_404(selectors.questionnaires_for(client), pk=questionnaire_pk)
    question = get_object_or_404(questionnaire.questions.prefetch_related("interest_tags"), pk=question_pk)
    data = answer_from(request.POST, question)
    error = ""
    if data is None:
        error = _("Type the answer.")
    else:
        try:
            needs_flows.answer_save(client=client, questionnaire=questionnaire, by=request.user, data=data)
        except ValidationError as refused:
            error = " ".join(refused.messages)
    context = {**_interview_context(client, questionnaire), "error": error, "question": question}
    return render(request, "needs/interview.html#saved", context)
