"""Merging (issue 11) re-plans the survivor from the merged history (CAT-5): exactly one next step, each planned
greeting once, the next step as planning the merged client afresh gives it; the merge is in its history as an
event, not as a category change from a category to itself."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.template import engines
from django.test import Client
from django.utils import timezone

from keepwarm.clients.models import CategoryChange
from keepwarm.clients.reasons import ChangeReason
from keepwarm.clients.selectors import TimelineItem
from keepwarm.flows.merge import clients_merge
from keepwarm.flows.touches import client_log_touch
from keepwarm.planner.services import client_replan
from keepwarm.touches.choices import PlanStatus
from keepwarm.touches.models import PlannedTouch
from tests.factories import make_client

pytestmark = pytest.mark.django_db
REACHED = {"channel": "call", "goal": "present", "outcome": "reached"}


def open_rows(client) -> list[PlannedTouch]:
    return list(PlannedTouch.objects.filter(client_id=client.pk, status=PlanStatus.OPEN))


def test_cat5_a_merge_re_plans_the_survivor_from_the_merged_history_with_each_planned_touch_once(alice):
    survivor = make_client(alice, last_name="Rusu", category="now")
    other = make_client(alice, last_name="Rusu", first_name="Ionel", category="now")
    now = timezone.now()
    client_log_touch(client=survivor, by=alice, happened_at=now - dt.timedelta(days=40), **REACHED)
    client_log_touch(client=other, by=alice, happened_at=now - dt.timedelta(days=2), **REACHED)
    greetings = [row.goal for row in open_rows(survivor) if not row.is_next_step]
    assert greetings, "the planner plans courtesy touches beside the next step (a New Year greeting)"

    merged = clients_merge(survivor=survivor, other=other, by=alice)

    rows = open_rows(merged)
    assert sum(row.is_next_step for row in rows) == 1
    planned_twice = [key for key, n in Counter((r.due_date, r.goal, r.kind) for r in rows).items() if n > 1]
    assert planned_twice == []
    # The next step is what planning the merged client afresh gives (its later contact counted), not the
    # survivor's step planned from its own history only.
    step = next(row for row in rows if row.is_next_step)
    again = client_replan(client=merged)
    assert again is not None
    assert (again.pk, again.due_date, again.explanation) == (step.pk, step.due_date, step.explanation)
    assert len(open_rows(merged)) == len(rows)


def test_a_merge_is_shown_in_the_history_as_an_event_not_as_a_category_changed_to_itself(alice):
    survivor = make_client(alice, last_name="Rusu", category="now")
    other = make_client(alice, last_name="Rusu", first_name="Ionel", category="future")
    merged = clients_merge(survivor=survivor, other=other, by=alice)
    record = CategoryChange.objects.get(client=merged, reason_code=ChangeReason.MERGED)
    assert str(other.pk) in record.reason_text
    rows = engines["django"].from_string("{% load timeline_ui %}{% timeline_items timeline client %}")
    html = rows.render({"timeline": [TimelineItem(record.changed_at, "category", record)], "client": merged})
    assert str(other.pk) in html
    assert "→" not in html
    browser = Client()
    browser.force_login(alice)
    exported = b"".join(browser.get(f"/clients/{merged.pk}/timeline/export/", {"format": "csv"}).streaming_content)
    merge_rows = [line for line in exported.decode("utf-8-sig").splitlines() if f"(#{other.pk})" in line]
    assert merge_rows
    assert all("→" not in line for line in merge_rows)
