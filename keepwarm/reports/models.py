"""Counts of touches kept as they are written (`summary.py`), which the activity, refusals and six reports read
instead of a year of touches. The tables and the triggers that keep them belong to the migration (managed = False)."""

from __future__ import annotations

from django.db import models


class TouchCount(models.Model):
    """Touches of the clients not binned, by their owner (today's) and local day and the values counted."""

    pk = models.CompositePrimaryKey(
        "owner_id", "day", "by_id", "channel", "goal", "outcome", "refusal_reason", "competitor", "advised"
    )
    owner_id = models.IntegerField()
    day = models.DateField()
    by_id = models.IntegerField()  # 0: nobody (a touch without its author)
    channel = models.CharField(max_length=10)
    goal = models.CharField(max_length=24)
    outcome = models.CharField(max_length=20)
    refusal_reason = models.CharField(max_length=24)
    competitor = models.CharField(max_length=120)
    advised = models.BooleanField()  # the client gave advice (competitor_advice is set)
    touches = models.IntegerField()

    class Meta:
        managed = False
        db_table = "reports_touchcount"

    def __str__(self) -> str:
        return f"{self.owner_id} {self.day} {self.outcome}: {self.touches}"


class ClientDay(models.Model):
    """Touches by outcome, owner (today's), local day and client: each client's contacts (SIX-2, POST-4) and the
    distinct refusers (CAT-3) and clients who hung up (ANNOY-2), read by owner and day ranges."""

    pk = models.CompositePrimaryKey("outcome", "owner_id", "day", "client_id")
    outcome = models.CharField(max_length=20)
    owner_id = models.IntegerField()
    day = models.DateField()
    client_id = models.IntegerField()
    touches = models.IntegerField()

    class Meta:
        managed = False
        db_table = "reports_clientday"

    def __str__(self) -> str:
        return f"{self.client_id} {self.day} {self.outcome}: {self.touches}"
