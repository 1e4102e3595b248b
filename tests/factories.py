"""factory_boy factories; rows that carry rules are made through the services, not raw."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
import holidays
from django.utils import timezone

from keepwarm.accounts.models import Team, User
from keepwarm.clients.contacts import fold
from keepwarm.clients.models import Client, Organization
from keepwarm.flows import clients as client_flows


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    country = "MD"
    time_zone = "Europe/Chisinau"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    role = User.Role.MANAGER
    team = factory.SubFactory(TeamFactory)
    is_staff = factory.LazyAttribute(lambda user: user.role == User.Role.ADMIN)  # as user_create sets it
    language = "en"
    time_zone = "Europe/Chisinau"
    password = factory.django.Password("secret-pass-123")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    team = factory.SubFactory(TeamFactory)
    name = factory.Sequence(lambda n: f"Organization {n} SRL")
    search_name = factory.LazyAttribute(lambda organization: fold(organization.name))  # as the services keep it
    country = "MD"
    vertical = "logistics"


def make_client(owner: User, **fields: Any) -> Client:
    """A client created the way users create them (CAT-1, CAT-5 hold from the start)."""
    fields.setdefault("first_name", "Ion")
    fields.setdefault("last_name", "Popescu")
    return client_flows.client_create(by=fields.pop("by", owner), owner=owner, **fields)


def midweek(days_ahead: int, country: str = "MD") -> dt.date:
    """A Wednesday at least `days_ahead` days away that is no public holiday: tact never moves it."""
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    while day.weekday() != 2 or day in holidays.country_holidays(country, years=day.year):
        day += dt.timedelta(days=1)
    return day


def plain_working_day(after_days: int = 40, country: str = "MD") -> dt.date:
    """A Tuesday with working days around it, so tact rules (TACT-4/5/7) leave a picked date alone."""
    day = timezone.localdate() + dt.timedelta(days=after_days)
    calendar = holidays.country_holidays(country, years=range(day.year, day.year + 2))
    while day.weekday() != 1 or any(day + dt.timedelta(days=d) in calendar for d in (-1, 0, 1)):
        day += dt.timedelta(days=1)
    return day
