"""The letters API: templates and their preview (LANG-1), compose, send, cancel, approve, the outbox (OWN-1), and
4xx with field errors on bad input."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from keepwarm.letters.models import Letter, LetterTemplate
from tests.conftest import api_as
from tests.factories import make_client

pytestmark = pytest.mark.django_db
Status = Letter.Status


@pytest.fixture
def ivan(alice):
    return make_client(
        alice, first_name="Иван", last_name="Петров", patronymic="Петрович", language="ru", emails=["ivan@example.ru"],
        country="MD",
    )  # fmt: skip


def compose(user, client, **body):
    body.setdefault("kind", "thank_help")
    return api_as(user).post(f"/api/clients/{client.pk}/letters/", body, format="json")


def test_lang1_compose_writes_in_the_clients_language_and_the_outbox_shows_it(alice, ivan):
    response = compose(alice, ivan)
    assert response.status_code == 201, response.json()
    letter = response.json()
    assert (letter["language"], letter["status"], letter["recipient"]) == ("ru", "queued", "ivan@example.ru")
    assert letter["subject"] == "Спасибо за Вашу помощь"
    assert letter["body_text"].startswith("Уважаемый Иван Петрович!")
    listed = api_as(alice).get("/api/letters/", {"status": "queued", "client": ivan.pk}).json()["results"]
    assert [row["id"] for row in listed] == [letter["id"]]
    assert api_as(alice).get("/api/letters/", {"status": "sent"}).json()["results"] == []
    detail = api_as(alice).get(f"/api/letters/{letter['id']}/").json()
    assert detail["sent_message"] == ""
    assert [row["id"] for row in api_as(alice).get(f"/api/clients/{ivan.pk}/letters/").json()] == [letter["id"]]


def test_own1_another_managers_letters_and_clients_are_404(alice, bob, carol, lena, ivan):
    letter_id = compose(alice, ivan).json()["id"]
    assert compose(bob, ivan).status_code == 404
    assert compose(carol, ivan).status_code == 404
    for user in (bob, carol):
        api = api_as(user)
        assert api.get(f"/api/letters/{letter_id}/").status_code == 404
        assert api.post(f"/api/letters/{letter_id}/cancel/").status_code == 404
        assert api.post(f"/api/letters/{letter_id}/send/", {}, format="json").status_code == 404
        assert api.get("/api/letters/").json()["results"] == []
        assert api.get(f"/api/clients/{ivan.pk}/letters/").status_code == 404
        approved = api.post("/api/letters/approve/", {"ids": [letter_id]}, format="json").json()
        assert approved == {"approved": [], "not_approved": [letter_id]}
    assert [row["id"] for row in api_as(lena).get("/api/letters/").json()["results"]] == [letter_id]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "nope"}, "kind"),
        ({"subject": "Hi {nope}", "body": "x"}, "subject"),
        ({"subject": "Hi", "body": "{client_first_name"}, "body"),
        ({"kind": "offer"}, "product"),
        ({"language": "de"}, "language"),
        ({"send_at": "tomorrow"}, "send_at"),
        ({"holiday": "halloween"}, "holiday"),
        ({"planned_touch": 10**12}, "planned_touch"),
    ],
)
def test_compose_bad_input_is_a_400_with_the_field(alice, ivan, body, field):
    response = compose(alice, ivan, **body)
    assert response.status_code == 400
    assert field in response.json()
    assert not Letter.objects.exists()


def test_do_not_contact_client_is_refused_with_a_field_error(alice, ivan):
    ivan.do_not_contact = True
    ivan.save(update_fields=["do_not_contact"])
    response = compose(alice, ivan)
    assert response.status_code == 400
    assert "recipient" in response.json()


def test_time1_send_at_without_offset_is_the_clients_time_and_send_cancel_approve(alice, ivan):
    letter = compose(alice, ivan, draft=True).json()
    assert letter["status"] == "draft"
    later = (timezone.localdate() + dt.timedelta(days=5)).isoformat() + "T10:00:00"
    sent = api_as(alice).post(f"/api/letters/{letter['id']}/send/", {"send_at": later}, format="json")
    assert sent.status_code == 200, sent.json()
    row = Letter.objects.get(pk=letter["id"])
    assert row.status == Status.QUEUED
    local = dt.datetime.fromisoformat(later).replace(tzinfo=ZoneInfo("Europe/Chisinau"))
    assert row.send_at == local  # 10:00 in the client's zone (MD), not the server's
    cancelled = api_as(alice).post(f"/api/letters/{letter['id']}/cancel/")
    assert cancelled.json()["status"] == "cancelled"
    again = api_as(alice).post(f"/api/letters/{letter['id']}/cancel/")
    assert again.status_code == 400
    assert "status" in again.json()
    draft = compose(alice, ivan, draft=True).json()
    approved = api_as(alice).post("/api/letters/approve/", {"ids": [draft["id"], letter["id"]]}, format="json").json()
    assert [row["id"] for row in approved["approved"]] == [draft["id"]]
    assert approved["not_approved"] == [letter["id"]]
    assert api_as(alice).post("/api/letters/approve/", {"ids": []}, format="json").status_code == 400


def test_edit_a_draft_through_the_api(alice, ivan):
    letter = compose(alice, ivan, draft=True).json()
    response = api_as(alice).patch(
        f"/api/letters/{letter['id']}/", {"subject": "Спасибо!", "body": "Текст <b>письма</b>"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["subject"] == "Спасибо!"
    assert "&lt;b&gt;" in response.json()["body_html"]
    assert api_as(alice).patch(f"/api/letters/{letter['id']}/", {"subject": ""}, format="json").status_code == 400


def test_lang1_templates_list_defaults_lead_saves_and_preview_with_a_real_client(alice, lena, ivan):
    listed = api_as(alice).get("/api/letter-templates/", {"limit": 200}).json()["results"]
    assert {(t["kind"], t["language"]) for t in listed if t["is_default"]} >= {("birthday", "ru"), ("offer", "ro")}
    body = {"kind": "birthday", "language": "ru", "subject": "С днём рождения, {client_name}!", "body": "{salutation}"}
    assert api_as(alice).post("/api/letter-templates/", body, format="json").status_code == 403
    bad = api_as(lena).post("/api/letter-templates/", {**body, "body": "{salutaton}"}, format="json")
    assert bad.status_code == 400
    assert "body" in bad.json()
    created = api_as(lena).post("/api/letter-templates/", body, format="json")
    assert created.status_code == 201, created.json()
    template_id = created.json()["id"]
    listed = api_as(alice).get("/api/letter-templates/", {"limit": 200}).json()["results"]
    birthday_ru = [t for t in listed if (t["kind"], t["language"]) == ("birthday", "ru")]
    assert [t["id"] for t in birthday_ru] == [template_id]
    preview = api_as(alice).post(
        "/api/letter-templates/preview/", {"client": ivan.pk, "kind": "birthday"}, format="json"
    )
    assert preview.status_code == 200, preview.json()
    assert preview.json()["subject"] == "С днём рождения, Иван Петрович!"
    offer = (
        api_as(alice)
        .post("/api/letter-templates/preview/", {"client": ivan.pk, "kind": "offer", "language": "ro"}, format="json")
        .json()
    )
    assert offer["subject"] == "O ofertă pentru dumneavoastră: [Product]"
    letter = compose(alice, ivan, kind="birthday").json()
    assert letter["subject"] == "С днём рождения, Иван Петрович!"
    patched = api_as(lena).patch(f"/api/letter-templates/{template_id}/", {**body, "subject": "Ура"}, format="json")
    assert patched.json()["subject"] == "Ура"
    assert api_as(lena).delete(f"/api/letter-templates/{template_id}/").status_code == 204
    assert not LetterTemplate.objects.exists()


def test_own1_preview_with_another_managers_client_is_404(bob, ivan):
    response = api_as(bob).post(
        "/api/letter-templates/preview/", {"client": ivan.pk, "kind": "birthday"}, format="json"
    )
    assert response.status_code == 404
