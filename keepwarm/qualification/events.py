"""QUAL-4 history rows, one function per kind."""

from __future__ import annotations

from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.qualification.models import ClientQualification, QualificationEvent


def _record(kind: str, qualification: ClientQualification, by: User, reason: str) -> QualificationEvent:
    return QualificationEvent.objects.create(
        client_id=qualification.client_id,
        kind=kind,
        at=timezone.now(),
        by=by,
        reason=reason,
        total=qualification.total,
        drivers=qualification.drivers,
    )


def disqualification_confirmed(*, qualification: ClientQualification, by: User, reason: str) -> QualificationEvent:
    return _record(QualificationEvent.Kind.DISQUALIFIED, qualification, by, reason)


def requalified(*, qualification: ClientQualification, by: User, reason: str) -> QualificationEvent:
    return _record(QualificationEvent.Kind.REQUALIFIED, qualification, by, reason)
