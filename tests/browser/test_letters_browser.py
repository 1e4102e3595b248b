"""Letters in a real browser, in Russian: from Today open the planned thank-you, edit it, send it; it goes out (the
test settings deliver at once to Django's in-memory mail) and shows in the outbox as sent and on the card."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core import mail
from django.utils import timezone

from keepwarm.letters.models import Letter
from keepwarm.touches.choices import Channel, Goal, PlanKind
from keepwarm.touches.models import PlannedTouch, Touch
from tests.browser.conftest import htmx_settled, log_in, screenshot
from tests.factories import make_client


def test_let1_from_today_a_planned_thank_you_is_edited_sent_and_shown(page, alice):
    alice.language = "ru"
    alice.save(update_fields=["language"])
    client = make_client(alice, first_name="Ion", last_name="Bălan", emails=["ion@example.md"], language="ro")
    plan = PlannedTouch.objects.create(
        client=client, owner=alice, due_date=timezone.localdate(timezone=ZoneInfo(alice.time_zone)),
        channel=Channel.LETTER, goal=Goal.THANK_YOU, kind=PlanKind.THANK_YOU, is_next_step=False,
    )  # fmt: skip

    log_in(page, "alice")
    page.click(f"#plan-{plan.pk} form[action$='/letters/planned/{plan.pk}/'] button")
    page.wait_for_url("**/letters/*/")
    letter = Letter.objects.get(planned_touch=plan)
    assert letter.status == Letter.Status.DRAFT
    assert letter.language == "ro"
    assert "Bălan" in page.input_value("#id_body")  # the template, filled in for the client

    page.fill("#id_subject", "Vă mulțumim, domnule Bălan")
    page.fill("#id_body", "Stimate Dl. Bălan,\n\nVă mulțumim pentru ajutor!\n")
    # the preview follows the typing (htmx, after a pause)
    page.wait_for_function("() => document.querySelector('#letter-preview').innerText.includes('domnule B')")
    htmx_settled(page)
    screenshot(page, "letter-edit-ru")
    page.click("button[name=action][value=send]")
    page.wait_for_url(f"**/letters/{letter.pk}/")
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT, letter.error_detail
    assert page.locator(".letter-status.status-sent").count() == 1
    assert len(mail.outbox) == 1
    assert "Vă mulțumim pentru ajutor!" in mail.outbox[0].body

    page.goto("/letters/?status=sent")
    row = page.locator(f"#letter-{letter.pk}")
    assert "Vă mulțumim, domnule Bălan" in row.inner_text()
    screenshot(page, "letters-outbox-ru")
    row.locator("a[href$='/sent/']").click()
    page.wait_for_url(f"**/letters/{letter.pk}/sent/")
    assert letter.message_id in page.inner_text(".message-headers")
    assert "Vă mulțumim pentru ajutor!" in page.inner_text("#sent-text")
    screenshot(page, "letter-as-sent-ru")

    touch = Touch.objects.get(letter=letter)
    assert touch.channel == Channel.LETTER
    page.goto(f"/clients/{client.pk}/")
    page.wait_for_selector("#letters .letter-list")
    assert "Vă mulțumim, domnule Bălan" in page.inner_text("#letters")
    assert page.locator("#timeline li.tl-touch").count() >= 1
    assert PlannedTouch.objects.get(pk=plan.pk).status != "open"  # the planned thank-you is done
    screenshot(page, "letters-client-card-ru")
