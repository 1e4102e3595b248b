"""The letters pages: write, edit and send a letter, the outbox (OWN-1), a letter as sent, Today's planned letters and
approvals, the card's section, the team's templates; in every language, refusals shown on the form."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import get_language_info

from keepwarm.clients.models import Client
from keepwarm.core.l10n import date_text
from keepwarm.flows import clients as client_flows
from keepwarm.flows import letters as letter_flows
from keepwarm.flows.touches import client_log_touch
from keepwarm.letters import services
from keepwarm.letters.delivery import letter_message, message_source
from keepwarm.letters.models import BadAddress, Letter, LetterKind, LetterOptOut, LetterTemplate
from keepwarm.touches.choices import Channel, Goal, PlanKind
from keepwarm.touches.models import PlannedTouch
from tests.factories import make_client


@pytest.fixture
def ion(alice):
    return make_client(alice, first_name="Ion", last_name="Bălan", emails=["ion@example.md"], language="ro",
                       time_zone="Europe/Chisinau")  # fmt: skip


def _letter(by, client, **fields) -> Letter:
    fields = {"kind": LetterKind.FREE, "subject": "Salut", "body": "Text", "draft": True, **fields}
    return letter_flows.letter_compose(by=by, client=client, **fields)


def _thank_you_plan(client) -> PlannedTouch:
    return PlannedTouch.objects.create(
        client=client, owner=client.owner, due_date=timezone.localdate(), channel=Channel.LETTER,
        goal=Goal.THANK_YOU, kind=PlanKind.THANK_YOU, is_next_step=False,
    )  # fmt: skip


@pytest.mark.parametrize("language", ["ru", "ro", "en"])
def test_lang1_letters_pages_render_in_each_language(web, alice, ion, language):
    alice.language = language
    alice.save(update_fields=["language"])
    letter = _letter(alice, ion)
    browser = web(alice)
    for url in (
        reverse("letters:new", args=[ion.pk]),
        reverse("letters:detail", args=[letter.pk]),
        reverse("letters:outbox"),
        reverse("letters:templates"),
        reverse("letters:drafts"),
        reverse("clients:detail", args=[ion.pk]),
        reverse("home"),
    ):
        response = browser.get(url)
        assert response.status_code == 200, url
    page = browser.get(reverse("letters:outbox")).content.decode()
    assert f'<html lang="{language}">' in page
    assert reverse("letters:outbox") in page  # the main menu's link


def test_lang1_new_letter_is_the_template_filled_in_for_the_client_in_their_language(web, alice, ion):
    page = web(alice).get(reverse("letters:new", args=[ion.pk]) + "?kind=thank_help").content.decode()
    assert 'value="ro"' in page  # the client's language is picked
    assert "Bălan" in page  # the salutation names the client
    assert "{salutation}" not in page
    assert "Moldova" in page  # times are the client's, and the page names the zone (Europe/Chisinau)


def test_annoy1_lang1_new_sales_letter_says_from_which_day_in_the_readers_words(web, alice, ion):
    """The page a Russian manager reads: the day a sales letter may go from in Russian, the letter's language by
    its name (not 2027-01-07 and RO)."""
    alice.language = "ru"
    alice.save(update_fields=["language"])
    client_log_touch(client=ion, by=alice, channel="call", goal="identify_needs", outcome="reached")
    earliest = services.annoy_earliest(ion)
    assert earliest is not None
    with translation.override("ru"):
        day, language = date_text(earliest), str(get_language_info("ro")["name_translated"])
    page = web(alice).get(reverse("letters:new", args=[ion.pk]) + "?kind=offer").content.decode()
    assert day in page
    assert earliest.isoformat() not in page
    assert language == "Румынский"
    assert language in page
    assert '· <span class="muted">Язык:</span> RO' not in page


def test_compose_send_now_sends_the_letter_and_logs_the_touch(web, alice, ion, django_capture_on_commit_callbacks):
    url = reverse("letters:new", args=[ion.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = web(alice).post(url, {"subject": "Mulțumim", "body": "Vă mulțumim!", "action": "send"})
    letter = Letter.objects.get(client=ion)
    assert response.status_code == 302
    assert response["Location"] == reverse("letters:detail", args=[letter.pk])
    assert letter.subject == "Mulțumim"
    assert letter.language == "ro"
    assert letter.owner == alice
    assert letter.status == Letter.Status.SENT
    assert letter.touch is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to[0].endswith("<ion@example.md>")
    page = web(alice).get(response["Location"]).content.decode()
    assert reverse("letters:sent", args=[letter.pk]) in page


def test_send_at_is_the_clients_wall_time(web, alice, ion):
    later = (timezone.now() + dt.timedelta(days=3)).astimezone(ZoneInfo("Europe/Chisinau")).date()
    web(alice).post(
        reverse("letters:new", args=[ion.pk]) + "?kind=free",
        {"subject": "S", "body": "B", "action": "schedule", "send_at": f"{later:%Y-%m-%d}T10:30"},
    )
    letter = Letter.objects.get(client=ion)
    assert letter.status == Letter.Status.QUEUED
    assert letter.send_at == dt.datetime.combine(later, dt.time(10, 30), tzinfo=ZoneInfo("Europe/Chisinau"))


def test_scheduling_without_a_time_is_a_field_error(web, alice, ion):
    response = web(alice).post(reverse("letters:new", args=[ion.pk]), {"subject": "S", "body": "B",
                                                                       "action": "schedule"})  # fmt: skip
    assert response.status_code == 400
    assert response.context["form"].errors["send_at"]
    assert not Letter.objects.exists()


def test_problems_disable_sending_and_the_services_refusal_shows_on_the_form(web, alice):
    mute = make_client(alice, first_name="Mute", last_name="Client", emails=[])
    browser = web(alice)
    page = browser.get(reverse("letters:new", args=[mute.pk])).content.decode()
    assert "letter-problems" in page
    assert 'value="send" disabled' in page
    response = browser.post(reverse("letters:new", args=[mute.pk]), {"subject": "S", "body": "B", "action": "send"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() or response.context["form"].errors
    assert not Letter.objects.filter(client=mute).exists()


def test_opted_out_and_bounced_clients_are_warned_about_on_the_card(web, alice, ion):
    LetterOptOut.objects.create(client=ion, at=timezone.now())
    BadAddress.objects.create(client=ion, email="ion@example.md", at=timezone.now(), detail="550 no such user")
    browser = web(alice)
    section = browser.get(reverse("clients:detail", args=[ion.pk])).content.decode()  # its Letters section
    assert "ion@example.md" in section
    assert "550 no such user" in section
    assert "Unsubscribed from letters" in section
    page = browser.get(reverse("letters:new", args=[ion.pk])).content.decode()
    assert 'value="send" disabled' in page


def test_a_placeholder_error_in_the_letter_is_a_form_error(web, alice, ion):
    response = web(alice).post(reverse("letters:new", args=[ion.pk]), {"subject": "S", "body": "Hi {nope}",
                                                                       "action": "send"})  # fmt: skip
    assert response.status_code == 400
    assert "{nope}" in response.content.decode()
    assert not Letter.objects.exists()


def test_own1_another_managers_letter_is_not_found(web, alice, bob, lena, carol, ion):
    letter = _letter(alice, ion)
    for outsider in (bob, carol):
        browser = web(outsider)
        for name in ("letters:detail", "letters:sent"):
            assert browser.get(reverse(name, args=[letter.pk])).status_code == 404
        assert browser.post(reverse("letters:cancel", args=[letter.pk])).status_code == 404
        assert letter.subject not in browser.get(reverse("letters:outbox")).content.decode()
        assert browser.get(reverse("letters:new", args=[ion.pk])).status_code == 404
    assert web(lena).get(reverse("letters:detail", args=[letter.pk])).status_code == 200
    assert letter.subject in web(lena).get(reverse("letters:outbox")).content.decode()


def test_outbox_filters_by_status_and_client(web, alice, ion):
    other = make_client(alice, first_name="Ana", last_name="Rusu", emails=["ana@example.md"])
    draft = _letter(alice, ion, subject="Draft for Ion")
    queued = _letter(alice, other, subject="Queued for Ana", draft=False)
    browser = web(alice)
    drafts = browser.get(reverse("letters:outbox") + "?status=draft").content.decode()
    assert draft.subject in drafts
    assert queued.subject not in drafts
    by_client = browser.get(reverse("letters:outbox") + "?q=Rusu").content.decode()
    assert queued.subject in by_client
    assert draft.subject not in by_client
    assert browser.get(reverse("letters:outbox") + "?status=nonsense").status_code == 400


def test_editing_a_draft_then_sending_it(web, alice, ion):
    letter = _letter(alice, ion)
    url = reverse("letters:detail", args=[letter.pk])
    response = web(alice).post(url, {"subject": "Edited", "body": "New text", "action": "send"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.subject == "Edited"
    assert letter.body_text.startswith("New text")
    assert letter.status != Letter.Status.DRAFT


def test_a_managers_own_draft_says_no_time_it_goes_at_and_a_queued_letter_does(web, alice, ion):
    """A draft goes when its author sends it: a time (the moment it was saved, maybe the client's night) misled."""
    draft_page = web(alice).get(reverse("letters:detail", args=[_letter(alice, ion).pk])).content.decode()
    later = timezone.now() + dt.timedelta(days=2)
    queued = _letter(alice, ion, draft=False, send_at=later)
    queued_page = web(alice).get(reverse("letters:detail", args=[queued.pk])).content.decode()
    assert "Goes at" not in draft_page
    assert "Goes at" in queued_page
    Letter.objects.filter(pk=queued.pk).update(status=Letter.Status.CANCELLED, auto=True)
    assert "Goes at" not in web(alice).get(reverse("letters:detail", args=[queued.pk])).content.decode()


def test_cancel_a_queued_letter(web, alice, ion):
    later = timezone.now() + dt.timedelta(days=2)
    letter = _letter(alice, ion, draft=False, send_at=later)
    web(alice).post(reverse("letters:cancel", args=[letter.pk]))
    letter.refresh_from_db()
    assert letter.status == Letter.Status.CANCELLED


def test_a_sent_letter_opens_as_it_was_sent(web, alice, ion):
    alice.email = "alice@keepwarm.example"
    alice.save(update_fields=["email"])
    letter = _letter(alice, ion, subject="Bună ziua", body="<script>alert(1)</script> Salut")
    letter.sent_message = message_source(letter_message(letter))
    letter.status, letter.sent_at = Letter.Status.SENT, timezone.now()
    letter.save(update_fields=["sent_message", "status", "sent_at"])
    page = web(alice).get(reverse("letters:sent", args=[letter.pk])).content.decode()
    assert escape(letter.message_id) in page
    assert "Reply-To" in page
    assert "alice@keepwarm.example" in page
    assert "Bună ziua" in page
    assert "<iframe" in page
    assert "sandbox" in page
    assert "<script>alert" not in page  # the HTML part sits escaped inside srcdoc


def test_let1_today_writes_the_planned_thank_you(web, alice, ion):
    plan = _thank_you_plan(ion)
    browser = web(alice)
    today = browser.get(reverse("home")).content.decode()
    assert reverse("letters:for-plan", args=[plan.pk]) in today
    response = browser.post(reverse("letters:for-plan", args=[plan.pk]))
    letter = Letter.objects.get(planned_touch=plan)
    assert response["Location"] == reverse("letters:detail", args=[letter.pk])
    assert letter.status == Letter.Status.DRAFT
    assert letter.language == "ro"
    again = browser.post(reverse("letters:for-plan", args=[plan.pk]))
    assert again["Location"] == response["Location"]  # the same draft, not a second letter


def test_approve_selected_prepared_letters(web, alice, ion):
    first = _letter(alice, ion, subject="Prepared one")
    second = _letter(alice, ion, subject="Prepared two")
    Letter.objects.filter(pk__in=[first.pk, second.pk]).update(auto=True)
    Letter.objects.filter(pk=first.pk).update(send_at=timezone.now() + dt.timedelta(hours=1))
    Letter.objects.filter(pk=second.pk).update(send_at=timezone.now() - dt.timedelta(hours=1))
    browser = web(alice)
    listed = browser.get(reverse("letters:drafts")).content.decode()
    assert "Prepared one" in listed
    assert "Approve selected" in listed
    # A time that has passed is not shown as when the letter goes: it goes when approved.
    row = listed.split(f'id="draft-{second.pk}"')[1].split("</tr>")[0]
    assert "once approved, in the client's working hours" in row
    assert "once approved" not in listed.split(f'id="draft-{first.pk}"')[1].split("</tr>")[0]
    response = browser.post(reverse("letters:approve"), {"letters": [first.pk], "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    first.refresh_from_db(), second.refresh_from_db()
    assert first.status != Letter.Status.DRAFT
    assert second.status == Letter.Status.DRAFT
    assert browser.post(reverse("letters:approve"), {"letters": ["x"]}).status_code == 302  # a message, no 500


@pytest.mark.parametrize("change", ["never", "do_not_contact"])
def test_cat2_a_client_who_may_no_longer_be_written_to_keeps_no_letter_waiting(web, alice, ion, change):
    """A company liquidated (Never) or a client who asked not to be contacted: the prepared letter leaves Today and
    the queued one is not sent; a letter already sent stays in the history."""
    prepared = _letter(alice, ion, subject="Prepared for Ion")
    Letter.objects.filter(pk=prepared.pk).update(auto=True)
    queued = _letter(alice, ion, subject="Queued for Ion", draft=False, send_at=timezone.now() + dt.timedelta(days=2))
    assert queued.status == Letter.Status.QUEUED
    if change == "never":
        client_flows.client_set_category(client=ion, by=alice, category="never", never_reason="liquidated")
    else:
        client_flows.client_update(client=ion, by=alice, expected_version=ion.version, do_not_contact=True)
    statuses = dict(Letter.objects.values_list("subject", "status"))
    assert statuses == {"Prepared for Ion": "cancelled", "Queued for Ion": "cancelled"}
    assert "Prepared for Ion" not in web(alice).get(reverse("letters:drafts")).content.decode()


def test_tact_a_late_prepared_letter_approved_at_night_goes_in_the_clients_next_working_hours(web, alice, ion):
    """Approved at 23:00 where the client is (Chisinau, a Wednesday), a letter planned for the morning waits for
    Thursday's working hours instead of arriving at night."""
    night = dt.datetime(2026, 12, 9, 23, 0, tzinfo=ZoneInfo("Europe/Chisinau"))
    with time_machine.travel(night, tick=False):
        late = _letter(alice, ion, subject="Late thanks")
        Letter.objects.filter(pk=late.pk).update(auto=True, send_at=night - dt.timedelta(hours=14))
        web(alice).post(reverse("letters:approve"), {"letters": [late.pk], "next": "/"})
    late.refresh_from_db()
    assert late.status == Letter.Status.QUEUED
    local = late.send_at.astimezone(ZoneInfo("Europe/Chisinau"))
    assert local.date() == dt.date(2026, 12, 10)
    assert 8 <= local.hour < 12, local


def test_own1_a_reassigned_clients_prepared_letters_wait_for_the_new_manager(web, alice, bob, ion):
    prepared = _letter(alice, ion, subject="Prepared for Ion")
    Letter.objects.filter(pk=prepared.pk).update(auto=True)
    Client.objects.filter(pk=ion.pk).update(owner=bob)
    assert "Prepared for Ion" not in web(alice).get(reverse("letters:drafts")).content.decode()
    assert "Prepared for Ion" in web(bob).get(reverse("letters:drafts")).content.decode()


def test_approving_a_letter_the_rules_now_stop_says_so(web, alice, ion):
    prepared = _letter(alice, ion, subject="Prepared")
    Letter.objects.filter(pk=prepared.pk).update(auto=True)
    LetterOptOut.objects.create(client=ion, at=timezone.now())  # unsubscribed since it was prepared
    response = web(alice).post(reverse("letters:approve"), {"letters": [prepared.pk]}, follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["0 letters approved.", "1 letter cannot go now: open it to see why."]
    prepared.refresh_from_db()
    assert prepared.status == Letter.Status.DRAFT


def test_lang1_template_unknown_placeholder_is_a_field_error(web, lena, team):
    url = reverse("letters:template-edit") + "?kind=thank_purchase&language=ru"
    response = web(lena).post(url, {"subject": "Спасибо", "body": "{salutation} {nope}", "action": "save"})
    assert response.status_code == 400
    assert "{nope}" in response.context["form"].errors["body"][0]
    assert not LetterTemplate.objects.exists()
    saved = web(lena).post(url, {"subject": "Спасибо", "body": "{salutation}\nСпасибо!", "action": "save"})
    assert saved.status_code == 302
    own = LetterTemplate.objects.get(team=team, kind="thank_purchase", language="ru")
    web(lena).post(reverse("letters:template-delete", args=[own.pk]))
    assert not LetterTemplate.objects.exists()


def test_managers_read_templates_but_do_not_change_them(web, alice):
    url = reverse("letters:template-edit") + "?kind=birthday&language=en"
    page = web(alice).get(url).content.decode()
    assert "disabled" in page
    assert 'value="save"' not in page
    web(alice).post(url, {"subject": "Mine", "body": "{salutation}", "action": "save"})
    assert not LetterTemplate.objects.exists()
    assert web(alice).post(reverse("letters:settings"), {"auto_send_courtesy": "on"}).status_code == 403


def test_template_preview_with_a_real_client(web, lena, ion):
    url = reverse("letters:template-edit") + f"?kind=thank_purchase&language=ro&client={ion.pk}"
    page = web(lena).get(url).content.decode()
    assert "Bălan" in page


def test_team_setting_auto_send_courtesy(web, lena, team):
    web(lena).post(reverse("letters:settings"), {"auto_send_courtesy": "on"})
    assert team.letter_settings.auto_send_courtesy is True


def test_failed_and_bounced_letters_say_why(web, alice, ion):
    failed = _letter(alice, ion, subject="Tried")
    Letter.objects.filter(pk=failed.pk).update(
        status=Letter.Status.FAILED, error_code="refused_for_now", error_detail="451 try later", attempts=6
    )
    bounced = _letter(alice, ion, subject="Refused")
    Letter.objects.filter(pk=bounced.pk).update(
        status=Letter.Status.BOUNCED, error_code="recipient_refused", error_detail="550 no such user"
    )
    browser = web(alice)
    outbox = browser.get(reverse("letters:outbox")).content.decode()
    assert "The mail server asked to try again later" in outbox
    assert "The mail server refused the address" in outbox
    page = browser.get(reverse("letters:detail", args=[bounced.pk])).content.decode()
    assert "The mail server refused the address" in page
    assert "550 no such user" in page
    assert 'name="action"' not in page  # a bounced letter is read, not edited


def test_an_admin_picks_the_team_whose_templates_to_edit(web, root, team, other_team):
    page = web(root).get(reverse("letters:templates") + f"?team={other_team.pk}").content.decode()
    assert 'id="team-pick"' in page
    assert f'<option value="{other_team.pk}" selected>' in page


def test_the_templates_page_reads_the_teams_templates_once(web, lena, team):
    """Every kind x language cell of the grid comes from one read, however many named letters the team keeps."""
    browser = web(lena)
    browser.get(reverse("letters:templates"))  # warm: session, settings rows
    with CaptureQueriesContext(connection) as few:
        browser.get(reverse("letters:templates"))
    for number in range(5):
        LetterTemplate.objects.create(
            team=team, kind=LetterKind.FREE, name=f"Note {number}", language="ru", subject="S", body="B"
        )
    with CaptureQueriesContext(connection) as many:
        page = browser.get(reverse("letters:templates")).content.decode()
    assert "Note 4" in page
    assert len(many) == len(few)


def test_a_draft_the_manager_saved_is_a_draft_one_keepwarm_prepared_awaits_approval(web, alice, ion):
    mine = _letter(alice, ion, subject="Mine")
    prepared = _letter(alice, ion, subject="Prepared")
    Letter.objects.filter(pk=prepared.pk).update(auto=True)
    outbox = web(alice).get(reverse("letters:outbox")).content.decode()
    row_of = {pk: outbox.split(f"/letters/{pk}/")[1].split("</tr>")[0] for pk in (mine.pk, prepared.pk)}
    assert ">Draft<" in row_of[mine.pk]
    assert ">Awaiting approval<" in row_of[prepared.pk]
