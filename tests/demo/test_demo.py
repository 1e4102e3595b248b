"""`manage.py demo`: logins, the CAT-5/CAT-6 invariants and realistic contacts on a small dataset."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re

import phonenumbers
import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError
from django.db.models import Count, Max, Q
from django.test import RequestFactory
from django.utils import timezone

from keepwarm.accounts.models import User
from keepwarm.clients.choices import Category
from keepwarm.clients.models import CategoryChange, Client, Order, Organization
from keepwarm.clients.selectors import client_search, clients_without_next_step
from keepwarm.demo import names
from keepwarm.demo.data import build_clients, build_organizations
from keepwarm.demo.seed import DEMO_PASSWORD, DEMO_USERS
from keepwarm.flows.letters import courtesy_letters_prepare
from keepwarm.letters.models import Letter
from keepwarm.planner import explain
from keepwarm.planner.calendars import yearly
from keepwarm.touches.choices import COURTESY_GOALS, Goal, Outcome, PlanKind, PlanStatus
from keepwarm.touches.models import PlannedTouch, Touch
from tests.demo.conftest import run_demo

pytestmark = pytest.mark.django_db

ROMANIAN_LETTERS = re.compile("[șțăîâȘȚĂÎÂ]")
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def test_demo_logins_work_with_the_documented_password(demo):
    assert "keepwarm-demo" in demo
    for spec in DEMO_USERS:
        user = authenticate(RequestFactory().post("/login/"), username=spec.username, password=DEMO_PASSWORD)
        assert user is not None, spec.username
        assert (user.role, user.language) == (spec.role, spec.language)
        assert re.search(rf"^{spec.username}\s+{DEMO_PASSWORD}\s+\S", demo, re.MULTILINE)
    assert User.objects.get(username="lead").team.name == "Chișinău Sales"


def test_cat5_every_active_client_has_exactly_one_next_step(demo):
    assert not clients_without_next_step(Client.objects.all()).exists()
    open_steps = Client.objects.annotate(
        steps=Count("planned_touches", filter=Q(planned_touches__status=PlanStatus.OPEN,
                                                planned_touches__is_next_step=True))
    )  # fmt: skip
    assert set(open_steps.exclude(category=Category.NEVER).values_list("steps", flat=True)) == {1}
    assert Client.objects.filter(category=Category.NEVER).exists()
    assert not PlannedTouch.objects.filter(client__category=Category.NEVER, status=PlanStatus.OPEN).exists()
    today = timezone.localdate()
    due = PlannedTouch.objects.filter(status=PlanStatus.OPEN, is_next_step=True).values_list("due_date", flat=True)
    assert all(today - dt.timedelta(days=7) <= day <= today + dt.timedelta(days=63) for day in due)
    assert not PlannedTouch.objects.filter(is_next_step=True, goal__in=COURTESY_GOALS).exists()


def test_some_next_steps_are_overdue_so_today_has_work(demo):
    today = timezone.localdate()
    steps = PlannedTouch.objects.filter(status=PlanStatus.OPEN, is_next_step=True)
    overdue = steps.filter(due_date__lt=today)
    assert 0 < overdue.count() <= 0.2 * steps.count()
    for step in overdue:
        assert today - step.due_date <= dt.timedelta(days=7)
        assert step.due_at is None or step.due_at.date() in {
            step.due_date,
            step.due_date + dt.timedelta(days=1),
            step.due_date - dt.timedelta(days=1),
        }


def test_plan1_missed_steps_are_explained_as_on_their_own_day(demo):
    """No reason of a missed step (or of one the backlog moved on) names a later day than the step's: not an agreed
    date it was due on, nor the days skipped to reach a later one; its goal still comes first."""
    today = timezone.localdate()
    steps = PlannedTouch.objects.filter(status=PlanStatus.OPEN, is_next_step=True)
    missed = steps.filter(Q(due_date__lt=today) | Q(overdue_since__isnull=False))
    assert missed.exists()
    for step in missed:
        reasons = explain.reasons_from_json(step.explanation)
        assert reasons
        assert reasons[0].code not in {"weekend", "holiday", "pre_weekend", "backlog"}, reasons
        for reason in reasons:
            if reason.day is not None and reason.code != "before_agreed_date":
                assert reason.day <= step.due_date, (step.due_date, reasons)
        if step.overdue_since is not None:
            assert explain.has_code(step.explanation, "backlog")


def test_post5_greetings_are_planned_for_active_clients(demo):
    """The planner plans each active client's next greeting; loosely: birthdays soon, before New Year, show up."""
    greetings = PlannedTouch.objects.filter(status=PlanStatus.OPEN, kind=PlanKind.GREETING, is_next_step=False)
    assert greetings.exists()
    assert not greetings.filter(client__category=Category.NEVER).exists()
    today = timezone.localdate()
    soon = min(today + dt.timedelta(days=60), dt.date(today.year, 12, 31))
    expected = 0
    for client in Client.objects.exclude(category=Category.NEVER).filter(birthday__isnull=False, do_not_contact=False):
        day = yearly(client.birthday, today.year)
        if today < day <= soon:
            expected += 1
            assert greetings.filter(client=client, goal=Goal.GREETING, due_date=day).exists(), client
    reasons = [reason.get("code") for greeting in greetings for reason in greeting.explanation]
    assert expected == 0 or "birthday" in reasons


def test_let1_post5_the_coming_days_courtesy_letters_wait_for_approval(demo):
    """The demo leaves what the nightly run would: the coming day's thank-yous and greetings prepared as drafts."""
    letters = Letter.objects.select_related("client", "planned_touch")
    assert f"letters awaiting approval: {letters.count()}." in demo
    assert courtesy_letters_prepare() == 0  # nothing due was left unprepared
    for letter in letters:
        assert (letter.status, letter.auto) == (Letter.Status.DRAFT, True)
        assert letter.planned_touch.client_id == letter.client_id
        assert letter.planned_touch.goal in COURTESY_GOALS
        assert letter.language == letter.client.language
        assert letter.recipient in letter.client.emails


def test_cat1_categories_orders_and_touches_exist(demo):
    categories = set(Client.objects.values_list("category", flat=True))
    assert categories == {Category.NOW, Category.FUTURE, Category.NEVER}
    assert not Client.objects.filter(category=Category.NEVER, never_reason="").exists()
    assert Order.objects.exists()
    assert set(Order.objects.values_list("currency", flat=True)) <= {"MDL", "RON", "RUB", "EUR"}
    active = Client.objects.exclude(category=Category.NEVER).count()
    assert Touch.objects.count() >= 4 * active


def test_cat3_refusals_carry_reason_and_a_later_date(demo):
    refusals = Touch.objects.filter(outcome=Outcome.REFUSED)
    assert refusals.exists()
    for touch in refusals:
        assert touch.refusal_reason
        assert touch.refusal_note
        assert touch.continue_on > touch.happened_at.date()
    assert not Touch.objects.filter(happened_at__gt=timezone.now()).exists()
    assert not Touch.objects.filter(outcome=Outcome.BAD_MOMENT, preferred_time__isnull=True).exists()


def test_cat3_latest_refusal_continues_in_the_future(demo):
    today = timezone.localdate()
    for client in Client.objects.exclude(category=Category.NEVER):
        sales = client.touches.exclude(goal__in=COURTESY_GOALS).order_by("-happened_at")
        latest = sales.first()
        if latest is not None and latest.outcome == Outcome.REFUSED:
            assert latest.continue_on > today


def test_cat6_history_ends_in_the_current_category(demo):
    for client in Client.objects.all():
        changes = list(CategoryChange.objects.filter(client=client).order_by("changed_at", "id"))
        assert changes[0].from_category == ""
        assert changes[-1].to_category == client.category
        for before, after in itertools.pairwise(changes):
            assert after.from_category == before.to_category


def test_last_touch_and_last_order_match_history(demo):
    clients = Client.objects.annotate(touch=Max("touches__happened_at"), order=Max("orders__ordered_on"))
    for client in clients:
        assert client.last_touch_at == client.touch
        assert client.last_order_on == client.order


def test_phones_are_e164_and_valid_for_the_country(demo):
    for client in Client.objects.all():
        assert client.phones
        for phone in client.phones:
            assert re.fullmatch(r"\+[1-9]\d{7,14}", phone)
            number = phonenumbers.parse(phone)
            assert phonenumbers.is_possible_number(number)
            assert phonenumbers.region_code_for_number(number) == client.country


def test_names_are_cyrillic_and_romanian_with_diacritics(demo):
    people = [client.full_name for client in Client.objects.all()]
    assert any(CYRILLIC.search(name) for name in people)
    assert any(ROMANIAN_LETTERS.search(name) for name in people)
    male = {*names.RU_SURNAMES, *names.KZ_SURNAMES, *names.UA_SURNAMES}
    female = {names.feminine_surname(surname) for surname in male}
    with_patronymic = Client.objects.exclude(patronymic="")
    assert with_patronymic.exists()
    for client in with_patronymic:
        if client.patronymic.endswith(("вна", "чна")):
            assert client.last_name in female, client.full_name
        else:
            assert client.patronymic.endswith("ич"), client.full_name
            assert client.last_name in male, client.full_name
    assert Organization.objects.filter(name__contains="«").exists()


def test_search_text_finds_clients_by_name_and_phone(demo):
    client = Client.objects.exclude(search_text="").first()
    assert client is not None
    assert client in client_search(Client.objects.all(), q=client.last_name)
    assert client in client_search(Client.objects.all(), q=client.phones[0])


def test_if_empty_leaves_counts_unchanged(demo):
    counts = (Client.objects.count(), Touch.objects.count(), Order.objects.count(), PlannedTouch.objects.count())
    out = run_demo("--if-empty")
    assert "Demo data already present" in out
    assert "keepwarm-demo" in out
    assert (Client.objects.count(), Touch.objects.count(), Order.objects.count(),
            PlannedTouch.objects.count()) == counts  # fmt: skip


def test_demo_refuses_a_database_with_data(demo):
    with pytest.raises(CommandError, match="already has data"):
        run_demo()


def test_same_seed_gives_the_same_people():
    def people(seed):
        now = dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC)
        rng = random.Random(seed)
        owners = {name: User(username=name) for name in ("lead", "maria", "ion")}
        orgs = build_organizations(rng, team=None, count=5, today=now.date())
        drafts = build_clients(rng, owners=owners, organizations=orgs, count=30, now=now)
        return [(d.client.full_name, tuple(d.client.phones), d.archetype) for d in drafts]

    assert people(7) == people(7)
    assert people(7) != people(8)


def test_no_two_demo_people_share_an_email_address():
    """Otherwise the duplicates page (`/clients/duplicates/`) would open on the demo listing different people."""
    now = dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC)
    rng = random.Random(3)
    owners = {name: User(username=name) for name in ("lead", "maria", "ion")}
    orgs = build_organizations(rng, team=None, count=20, today=now.date())
    drafts = build_clients(rng, owners=owners, organizations=orgs, count=2000, now=now)
    emails = [email for draft in drafts for email in draft.client.emails]
    assert len(emails) == len(set(emails)) == len(drafts)


@pytest.mark.parametrize(
    ("male", "female"),
    [("Иванов", "Иванова"), ("Соловьёв", "Соловьёва"), ("Ковалевский", "Ковалевская"), ("Белецкий", "Белецкая"),
     ("Толстой", "Толстая"), ("Никитин", "Никитина"), ("Шевченко", "Шевченко"), ("Мельник", "Мельник")],
)  # fmt: skip
def test_russian_surnames_agree_in_gender(male, female):
    assert names.feminine_surname(male) == female


def test_summary_counts_the_planned_rows(demo):
    assert f"{PlannedTouch.objects.count()} planned touches" in demo


def test_post3_demo_products_reach_every_client_whose_interests_they_match(demo):
    """POST-3: the demo adds its products through the catalog, as a lead would, after the clients' history; so each
    active client of the team with an interest among a product's tags gets an offer planned, or is listed as
    waiting with the reason (ANNOY-1, a pause, an agreed date), and nobody else is matched."""
    from keepwarm.catalog.models import Product, ProductMatch

    products = Product.objects.prefetch_related("tags")
    assert products.exists()
    for product in products:
        tags = set(product.tags.all())
        assert tags, product.name
        interested = {
            client.pk
            for client in Client.objects.filter(owner__team=product.team).exclude(category=Category.NEVER)
            if tags & set(client.interests.all())
        }
        assert interested, product.name  # a product nobody is interested in shows nothing of POST-3
        matches = {match.client_id: match for match in ProductMatch.objects.filter(product=product)}
        assert matches.keys() == interested, product.name
        for match in matches.values():
            if match.status == ProductMatch.Status.PLANNED:
                offer = match.planned_touch
                assert offer is not None
                assert (offer.client_id, offer.kind, offer.status) == (match.client_id, PlanKind.OFFER, PlanStatus.OPEN)
            else:
                assert match.wait_reasons, (product.name, match.client_id)
    assert ProductMatch.objects.filter(status=ProductMatch.Status.PLANNED).exists()


def test_sale1_each_demo_deal_has_a_stage_history_ending_where_it_stands(demo):
    """SALE-1: the demo opens and closes its deals through the services, so each deal's stage history is one
    unbroken chain from its opening to the stage and result it shows now; the board has open deals in several
    stages, and won and lost ones."""
    from keepwarm.deals.models import Deal

    deals = Deal.objects.prefetch_related("stage_changes")
    assert {deal.result for deal in deals} == {Deal.Result.OPEN, Deal.Result.WON, Deal.Result.LOST}
    assert len({deal.stage for deal in deals if deal.result == Deal.Result.OPEN}) >= 3
    for deal in deals:
        changes = sorted(deal.stage_changes.all(), key=lambda change: (change.changed_at, change.pk))
        assert [change.from_stage for change in changes[:1]] == [""], deal.title  # opened, and recorded
        for before, after in itertools.pairwise(changes):
            assert after.from_stage == before.to_stage, deal.title
        assert (changes[-1].to_stage, changes[-1].result) == (deal.stage, deal.result), deal.title


def test_a_test_that_writes_to_the_shared_demo(demo):
    Client.objects.all().delete()
    assert not Client.objects.exists()


def test_finds_the_demo_whole_after_one_that_wrote(demo):
    """The demo is built once per module; each test runs in a savepoint, so the previous test's deletion is gone."""
    assert Client.objects.count() == 60
