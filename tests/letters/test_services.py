"""letters.services: which template a letter uses (LANG-1), the rules a template and a letter must pass, the team's
letter settings."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from keepwarm.clients.models import Client
from keepwarm.flows.touches import client_log_touch
from keepwarm.letters import services
from keepwarm.letters.models import BadAddress, LetterKind, LetterOptOut
from tests.factories import make_client

pytestmark = pytest.mark.django_db


def save(by, team, **fields):
    fields.setdefault("kind", LetterKind.BIRTHDAY)
    fields.setdefault("language", "ru")
    fields.setdefault("subject", "С днём рождения!")
    fields.setdefault("body", "{salutation}\n\nПоздравляем!\n\n{signature}")
    return services.template_save(by=by, team=team, **fields)


def test_lang1_template_for_the_teams_own_wording_else_the_default(lena, team, other_team):
    assert services.template_for(team, LetterKind.BIRTHDAY, "ru").is_default
    own = save(lena, team)
    assert services.template_for(team, LetterKind.BIRTHDAY, "ru") == own
    assert services.template_for(team, LetterKind.BIRTHDAY, "ro").is_default
    assert services.template_for(other_team, LetterKind.BIRTHDAY, "ru").is_default


def test_post5_a_holidays_own_wording_then_the_teams_holiday_template_then_the_default(lena, team):
    new_year = services.template_for(team, LetterKind.HOLIDAY, "ro", holiday="new_year")
    assert new_year.is_default
    assert "An Nou" in new_year.subject
    general = save(lena, team, kind=LetterKind.HOLIDAY, language="ro", subject="Sărbători fericite: {holiday}")
    assert services.template_for(team, LetterKind.HOLIDAY, "ro", holiday="new_year") == general
    easter = save(lena, team, kind=LetterKind.HOLIDAY, language="ro", holiday="easter", subject="Paște fericit!")
    assert services.template_for(team, LetterKind.HOLIDAY, "ro", holiday="easter") == easter
    assert services.template_for(team, LetterKind.HOLIDAY, "ro", holiday="new_year") == general


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"body": "{salutation} {nope}"}, "body"),
        ({"subject": "{"}, "subject"),
        ({"kind": "letter"}, "kind"),
        ({"language": "de"}, "language"),
        ({"holiday": "new_year"}, "holiday"),  # a birthday names no holiday
        ({"kind": LetterKind.HOLIDAY, "holiday": "halloween"}, "holiday"),
        ({"name": "Spring"}, "name"),  # only free letters have names
        ({"subject": "x" * 251}, "subject"),
    ],
)
def test_lang1_a_bad_template_is_refused_with_a_field_error(lena, team, fields, field):
    with pytest.raises(ValidationError) as error:
        save(lena, team, **fields)
    assert field in error.value.message_dict


def test_one_template_per_kind_holiday_name_and_language(lena, team):
    save(lena, team)
    with pytest.raises(ValidationError) as error:
        save(lena, team)
    assert "kind" in error.value.message_dict
    save(lena, team, kind=LetterKind.FREE, name="Spring")
    save(lena, team, kind=LetterKind.FREE, name="Autumn")


def test_own1_only_the_lead_or_an_admin_writes_the_teams_templates_and_settings(alice, lena, carol, root, team):
    with pytest.raises(PermissionDenied):
        save(alice, team)
    with pytest.raises(PermissionDenied):
        save(carol, team)
    template = save(root, team)
    with pytest.raises(PermissionDenied):
        services.template_delete(by=alice, template=template)
    services.template_delete(by=lena, template=template)
    with pytest.raises(PermissionDenied):
        services.settings_save(by=alice, team=team, auto_send_courtesy=True)
    assert services.settings_for(team).auto_send_courtesy is False  # approval by default
    assert services.settings_save(by=lena, team=team, auto_send_courtesy=True).auto_send_courtesy is True


def test_lang1_letter_language_is_the_clients_else_the_teams(alice, lena, team):
    client = make_client(alice, language="en")
    assert services.letter_language(client) == "en"
    Client.objects.filter(pk=client.pk).update(language="")  # e.g. imported before languages were kept
    client.refresh_from_db()
    assert services.letter_language(client) == "ro"  # the team is in Moldova
    services.settings_save(by=lena, team=team, auto_send_courtesy=False, language="ru")
    assert services.letter_language(client) == "ru"


def test_letter_problems_name_each_reason_a_letter_may_not_go(alice):
    client = make_client(alice, emails=["a@example.md", "b@example.md"])
    assert services.letter_problems(client, sales=True) == []
    BadAddress.objects.create(client=client, email="A@example.md", at=timezone.now())
    assert services.letter_recipient(client) == "b@example.md"
    BadAddress.objects.create(client=client, email="b@example.md", at=timezone.now())
    assert services.letter_problems(client, sales=False) == ["bad_address"]
    LetterOptOut.objects.create(client=client, at=timezone.now())
    client.do_not_contact = True
    assert services.letter_problems(client, sales=False) == ["bad_address", "opted_out", "do_not_contact"]


def test_annoy1_only_sales_letters_count_the_planners_caps(alice):
    client = make_client(alice, emails=["a@example.md"])
    client_log_touch(client=client, by=alice, channel="call", goal="identify_needs", outcome="reached")
    assert services.letter_problems(client, sales=True) == ["too_often"]
    assert services.letter_problems(client, sales=False) == []
    earliest = services.annoy_earliest(client)
    assert services.letter_problems(client, sales=True, on=earliest) == []
