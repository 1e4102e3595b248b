"""Needs discovery (NEED-1): per-team questionnaires and the answers a client gave during a call."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from keepwarm.accounts.models import Team
from keepwarm.clients.models import Client, Tag
from keepwarm.core.models import TimeStamped
from keepwarm.needs.choices import NeedClass, QuestionType


class Questionnaire(TimeStamped):
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="questionnaires")
    title = models.CharField(_("title"), max_length=200)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(pgettext_lazy("sort order", "order"), default=0)
    text = models.CharField(_("question"), max_length=500)
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices, default=QuestionType.OPEN)
    need_class = models.CharField(_("need"), max_length=20, choices=NeedClass.choices, blank=True)
    interest_tags = models.ManyToManyField(
        Tag,
        verbose_name=_("interests"),
        blank=True,
        related_name="+",
        help_text=_("A positive answer adds these interests to the client (POST-3)."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class NeedsInterview(TimeStamped):
    """One client's answers to one questionnaire; filling it in again updates the answers."""

    client = models.ForeignKey(Client, verbose_name=_("client"), on_delete=models.CASCADE, related_name="+")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="interviews")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("needs interview")
        verbose_name_plural = _("needs interviews")
        constraints = [models.UniqueConstraint(fields=["client", "questionnaire"], name="interview_once")]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.questionnaire_id}"


class Answer(models.Model):
    class NeedStatus(models.TextChoices):
        SATISFIED = "satisfied", _("Need satisfied")
        UNSATISFIED = "unsatisfied", _("Need not satisfied")

    interview = models.ForeignKey(NeedsInterview, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("answer"), blank=True)
    positive = models.BooleanField(_("positive"), default=False)
    need_status = models.CharField(_("need"), max_length=12, choices=NeedStatus.choices, blank=True)
    answered_at = models.DateTimeField(_("answered at"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["interview", "question"], name="answer_once")]

    def __str__(self) -> str:
        return self.text[:60]
