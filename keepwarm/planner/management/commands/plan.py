"""`keepwarm plan`: re-plan every client now, or queue the nightly re-planning for the task workers."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from keepwarm.clients.models import Client
from keepwarm.flows import tasks as flow_tasks
from keepwarm.planner.services import clients_replan


class Command(BaseCommand):
    help = "Re-plan clients whose plan drifted (holidays, settings). --nightly queues it for the task workers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--team", type=int, help="Only this team's clients.")
        parser.add_argument(
            "--nightly",
            action="store_true",
            help="Queue re-planning now and every night after (run workers with `keepwarm db_worker`).",
        )

    def handle(self, *args: Any, team: int | None, nightly: bool, **options: Any) -> None:
        if nightly:
            flow_tasks.nightly.enqueue(reschedule=True)
            self.stdout.write("Queued: re-planning now and every night.")
            return
        clients = Client.objects.all() if team is None else Client.objects.filter(owner__team_id=team)
        changed = clients_replan(clients=clients)
        self.stdout.write(f"Re-planned; {changed} next steps changed.")
