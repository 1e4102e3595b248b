"""NEED-1 in a real browser: a manager fills in the needs questionnaire from the keyboard during a call."""

from __future__ import annotations

import pytest

from keepwarm.needs import services
from keepwarm.needs.choices import NeedClass, QuestionType
from keepwarm.needs.models import Answer
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_client

pytestmark = pytest.mark.browser


def test_need1_fill_the_questionnaire_with_the_keyboard(page, alice, lena):
    questionnaire = services.questionnaire_create(by=lena, title="First call")
    trucks = services.question_save(
        questionnaire=questionnaire,
        by=lena,
        text="Do you run your own trucks?",
        type=QuestionType.CLOSED,
        need_class=NeedClass.SAFETY,
        tags=["logistics"],
    )
    matters = services.question_save(questionnaire=questionnaire, by=lena, text="What matters most to you?")
    client = make_client(alice, first_name="Ana", last_name="Lupu")

    log_in(page, "alice")
    page.goto(f"/clients/{client.pk}/needs/")
    # The first answer has the focus (autofocus lands once the page is shown, which may be after "load").
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'a-{trucks.pk}'")
    page.keyboard.type("Yes, twelve")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == f"a-{matters.pk}"  # Enter moved to the next question
    page.wait_for_selector(f"#saved-{trucks.pk}:has-text('Saved')")
    page.wait_for_selector("#needs-summary:has-text('logistics')")  # a "yes" added the interest
    page.keyboard.type("Delivery on time")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#saved-{matters.pk}:has-text('Saved')")
    screenshot(page, "needs-interview")

    answers = dict(Answer.objects.values_list("question_id", "text"))
    assert answers == {trucks.pk: "Yes, twelve", matters.pk: "Delivery on time"}
    page.reload()
    assert page.input_value(f"#a-{matters.pk}") == "Delivery on time"
