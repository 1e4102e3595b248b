"""QUAL-2..4 through the services: profile indicators, touch indicators, the verdict and its confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from keepwarm.clients.choices import Category
from keepwarm.clients.models import CategoryChange
from keepwarm.flows import qualification as qualification_flows
from keepwarm.flows import teams as team_flows
from keepwarm.flows.touches import client_log_touch
from keepwarm.qualification import selectors, services
from keepwarm.qualification.models import ClientQualification, QualificationEvent
from keepwarm.qualification.scoring import Verdict
from keepwarm.touches.choices import Goal, PlanStatus
from keepwarm.touches.models import PlannedTouch
from keepwarm.touches.selectors import open_next_step
from tests.factories import OrganizationFactory, make_client

pytestmark = pytest.mark.django_db

RESEARCH = (12, 13, 14)  # weight 2.0 each: three of them reach the default disqualify threshold (6.0)


def mark(client, by, *numbers: int) -> None:
    for number in numbers:
        services.indicator_mark(
            client=client, by=by, number=number, marked_on=timezone.localdate(), evidence=f"seen {number}"
        )


def verdict(client) -> str:
    return ClientQualification.objects.get(client=client).verdict


def test_qual4_one_indicator_alone_never_suggests_disqualification(alice, lena):
    client = make_client(alice)
    for number in range(7, 21):
        mark(client, alice, number)
        assert verdict(client) != Verdict.DISQUALIFY_SUGGESTED, number
        services.indicator_unmark(client=client, by=alice, number=number)
    with pytest.raises(ValidationError):
        qualification_flows.disqualification_confirm(client=client, by=alice, reason="one is enough?")


def test_qual4_several_research_indicators_suggest_disqualification(alice):
    client = make_client(alice)
    mark(client, alice, *RESEARCH)
    card = selectors.scorecard_for(client)
    assert card.qualification.verdict == Verdict.DISQUALIFY_SUGGESTED
    assert card.can_confirm
    assert [item.number for item in card.drivers] == list(RESEARCH)


def test_qual3_marks_only_for_7_to_20_and_need_evidence(alice):
    client = make_client(alice)
    for number in (1, 6, 21, 22):
        with pytest.raises(ValidationError) as refused:
            services.indicator_mark(
                client=client, by=alice, number=number, marked_on=timezone.localdate(), evidence="x"
            )
        assert "number" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.indicator_mark(client=client, by=alice, number=7, marked_on=timezone.localdate(), evidence=" ")
    assert "evidence" in refused.value.message_dict


def test_qual4_confirmed_disqualification_keeps_future_with_greetings_only(alice):
    client = make_client(alice)
    mark(client, alice, *RESEARCH)
    before = open_next_step(client)
    row = qualification_flows.disqualification_confirm(client=client, by=alice, reason="no resources, no plan")

    client.refresh_from_db()
    assert client.category == Category.FUTURE  # CAT-2: never NEVER
    today = timezone.localdate()
    assert dt.timedelta(days=180) <= row.reevaluate_on - today <= dt.timedelta(days=186)
    step = open_next_step(client)
    assert step is not None
    assert step.pk != before.pk
    assert row.reevaluate_on <= step.due_date <= row.reevaluate_on + dt.timedelta(days=7)
    assert any(reason["code"] == "greetings_only" for reason in step.explanation)
    greetings = PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN, goal=Goal.GREETING)
    assert greetings.exists()
    assert (
        not PlannedTouch.objects.filter(client=client, status=PlanStatus.OPEN, due_date__lt=row.reevaluate_on)
        .exclude(goal=Goal.GREETING)
        .exists()
    )
    assert QualificationEvent.objects.filter(client=client, kind="disqualified").count() == 1


def test_qual4_confirmed_disqualification_moves_a_now_client_to_future_with_history(alice):
    client = make_client(alice, category=Category.NOW)
    mark(client, alice, *RESEARCH)
    qualification_flows.disqualification_confirm(client=client, by=alice, reason="no budget until 2028")

    client.refresh_from_db()
    assert client.category == Category.FUTURE
    change = CategoryChange.objects.get(client=client, from_category=Category.NOW)
    assert (change.from_category, change.to_category) == (Category.NOW, Category.FUTURE)
    assert "no budget until 2028" in change.reason
    assert any(reason["code"] == "greetings_only" for reason in open_next_step(client).explanation)


def test_qual4_requalify_undoes_and_is_recorded(alice):
    client = make_client(alice)
    mark(client, alice, *RESEARCH)
    qualification_flows.disqualification_confirm(client=client, by=alice, reason="no resources")
    with pytest.raises(ValidationError):
        qualification_flows.disqualification_confirm(client=client, by=alice, reason="twice")
    qualification_flows.disqualification_undo(client=client, by=alice, reason="new budget approved")
    step = open_next_step(client)
    assert step.due_date < timezone.localdate() + dt.timedelta(days=90)
    kinds = list(QualificationEvent.objects.filter(client=client).values_list("kind", flat=True))
    assert sorted(kinds) == ["disqualified", "requalified"]


def test_qual2_profile_change_recomputes_indicators_1_to_6(alice, lena, django_capture_on_commit_callbacks):
    org = OrganizationFactory(team=alice.team, employees=5000, vertical="Mining", country="DE", territory="North")
    client = make_client(alice, organization=org)
    assert ClientQualification.objects.filter(client=client).count() == 0 or verdict(client) == Verdict.FIT
    with django_capture_on_commit_callbacks(execute=True):
        team_flows.profile_update(
            team=alice.team,
            by=lena,
            employees_max=500,
            target_verticals=["logistics"],
            other_scheme_verticals=[" mining "],
            territories=["South"],
            countries=["md", "RO"],
        )
    row = ClientQualification.objects.get(client=client)
    assert row.computed == [1, 3, 4, 5, 6]
    assert "5000" in selectors.describe(1, row.reasons)
    with django_capture_on_commit_callbacks(execute=True):
        team_flows.profile_update(team=alice.team, by=lena, employees_max=None, target_verticals=[], countries=[])
    assert ClientQualification.objects.get(client=client).computed == [4, 5]


def test_qual2_only_lead_or_admin_edits_the_profile(alice):
    with pytest.raises(ValidationError):
        team_flows.profile_update(team=alice.team, by=alice, employees_max=10)


def test_qual3_indicator_19_from_two_cancelled_meetings_in_90_days(alice):
    client = make_client(alice)
    client_log_touch(client=client, by=alice, channel="meeting", goal=Goal.PRESENT, outcome="meeting_cancelled")
    assert 19 not in selectors.scorecard_for(client).qualification.indicators
    client_log_touch(client=client, by=alice, channel="meeting", goal=Goal.PRESENT, outcome="meeting_moved")
    card = selectors.scorecard_for(client)
    assert 19 in card.qualification.computed
    row = next(r for g in card.stages for r in g.rows if r.item.number == 19)
    assert row.on
    assert row.computed
    assert "2" in row.why


def test_qual3_indicator_19_ignores_changes_older_than_90_days(alice):
    client = make_client(alice)
    old = timezone.now() - dt.timedelta(days=120)
    for outcome in ("meeting_cancelled", "meeting_moved"):
        client_log_touch(
            client=client, by=alice, channel="meeting", goal=Goal.PRESENT, outcome=outcome, happened_at=old
        )
    assert 19 not in selectors.scorecard_for(client).qualification.indicators


def test_qual3_indicator_21_from_the_same_material_sent_four_times(alice):
    client = make_client(alice)
    for _ in range(3):
        client_log_touch(
            client=client, by=alice, channel="email", goal=Goal.OFFER, outcome="sent", material="Price list"
        )
    assert 21 not in selectors.scorecard_for(client).qualification.indicators
    client_log_touch(client=client, by=alice, channel="email", goal=Goal.OFFER, outcome="sent", material="price list ")
    card = selectors.scorecard_for(client)
    assert 21 in card.qualification.computed
    assert card.qualification.verdict == Verdict.FIT  # QUAL-4: one indicator never disqualifies


def test_qual4_bulk_recompute_is_a_few_queries_per_batch(alice, django_assert_max_num_queries):
    clients = [make_client(alice, first_name=f"B{n}") for n in range(15)]
    with django_assert_max_num_queries(8):
        assert services.scorecards_recompute(clients=clients) == 15
    assert ClientQualification.objects.filter(client__in=clients).count() == 15
