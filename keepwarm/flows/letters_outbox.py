"""The outbox's delivery (issue 10): queue a letter for its worker. Filled in by the delivery work."""

from __future__ import annotations

from keepwarm.letters.models import Letter


def queue_delivery(letter: Letter) -> None:
    """Once the transaction commits, have a worker deliver `letter` at its `send_at` (status QUEUED)."""
