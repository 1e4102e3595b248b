"""Importing files end to end (both databases): the method's rules hold for every imported client."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from keepwarm.clients.models import CategoryChange, Client, Order, Organization, Tag
from keepwarm.flows import teams as team_flows
from keepwarm.imports.models import ImportJob, ImportRow
from keepwarm.qualification.models import ClientQualification
from keepwarm.qualification.services import scorecards_recompute
from keepwarm.touches.models import PlannedTouch, Touch
from tests.factories import OrganizationFactory
from tests.imports.helpers import run_import, undo_import

pytestmark = pytest.mark.django_db


def rows(job: ImportJob) -> dict[int, ImportRow]:
    return {row.number: row for row in ImportRow.objects.filter(job=job)}


def codes(row: ImportRow) -> list[str]:
    return [error["code"] for error in row.errors]


def test_cat2_never_without_a_reason_fails_its_row_and_the_good_rows_import(alice, django_capture_on_commit_callbacks):
    job = run_import(alice, "clients_windows1251_semicolon.csv", capture=django_capture_on_commit_callbacks)
    by_number = rows(job)
    assert job.status == ImportJob.Status.DONE
    assert "never_needs_reason" in codes(by_number[5])  # "никогда" without a reason
    sidorov = Client.objects.get(pk=by_number[6].client_id)  # "никогда" because the company was liquidated
    assert (sidorov.category, sidorov.never_reason) == ("never", "liquidated")
    assert not PlannedTouch.objects.filter(client=sidorov, status="open").exists()
    assert set(codes(by_number[4])) == {"phone_invalid", "email_invalid", "date_invalid"}
    assert (job.created, job.skipped, job.failed, job.rows_done) == (3, 1, 3, 7)


def test_cat5_every_imported_now_and_future_client_has_exactly_one_next_step(alice, django_capture_on_commit_callbacks):
    run_import(alice, "clients_windows1251_semicolon.csv", capture=django_capture_on_commit_callbacks)
    run_import(alice, "amocrm_contacts.csv", capture=django_capture_on_commit_callbacks)
    active = Client.objects.exclude(category="never")
    assert active.count() == 5
    for client in active:
        assert PlannedTouch.objects.filter(client=client, status="open", is_next_step=True).count() == 1
    assert ClientQualification.objects.filter(client__in=active).count() == 5  # scorecards computed


def test_cat1_categories_and_cat6_history_rows(alice, django_capture_on_commit_callbacks):
    job = run_import(alice, "clients_windows1251_semicolon.csv", capture=django_capture_on_commit_callbacks)
    anna = Client.objects.get(pk=rows(job)[2].client_id)
    assert anna.category == "now"
    change = CategoryChange.objects.get(client=anna)
    assert (change.from_category, change.to_category, change.reason_code) == ("", "now", "created")


def test_own1_an_owner_the_importer_may_not_assign_fails_the_row(alice, lena, bob, django_capture_on_commit_callbacks):
    job = run_import(alice, "clients_windows1251_semicolon.csv", capture=django_capture_on_commit_callbacks)
    assert codes(rows(job)[8]) == ["owner_not_assignable"]  # alice is a manager: only herself
    job = run_import(lena, "clients_windows1251_semicolon.csv", capture=django_capture_on_commit_callbacks)
    volkov = Client.objects.get(pk=rows(job)[8].client_id)
    assert volkov.owner == bob  # a lead gives clients to her team
    assert rows(job)[2].status == "skipped"  # alice's import brought her in already


def test_own1_owner_by_name_or_email_and_unknown_owner(lena, alice, django_capture_on_commit_callbacks):
    alice.email = "alice@example.md"
    alice.save(update_fields=["email"])
    data = b"Name;Owner\nA One;Alice\nB Two;ALICE@example.md\nC Three;nobody\n"
    job = run_import(lena, "owners.csv", data, capture=django_capture_on_commit_callbacks)
    by_number = rows(job)
    assert Client.objects.get(pk=by_number[2].client_id).owner == alice
    assert Client.objects.get(pk=by_number[3].client_id).owner == alice
    assert codes(by_number[4]) == ["owner_unknown"]


def test_six1_the_last_contact_and_purchase_become_history_the_planner_counts(
    alice, django_capture_on_commit_callbacks
):
    job = run_import(alice, "clients_windows1251_semicolon.csv", capture=django_capture_on_commit_callbacks)
    anna = Client.objects.get(pk=rows(job)[2].client_id)
    touch = Touch.objects.get(client=anna)
    assert touch.happened_at.date() == dt.date(2026, 10, 1)
    assert touch.outcome == "reached"
    assert anna.last_touch_at == touch.happened_at
    order = Order.objects.get(client=anna)
    assert order.ordered_on == anna.last_order_on == dt.date(2026, 9, 15)
    assert anna.relationship_group == "customer"  # LAD-2's facts come from orders
    step = PlannedTouch.objects.get(client=anna, status="open", is_next_step=True)
    assert step.due_date >= dt.date.today()


def test_post3_interests_become_the_teams_lowercase_tags(alice, django_capture_on_commit_callbacks):
    job = run_import(alice, "clients_windows1251_semicolon.csv", capture=django_capture_on_commit_callbacks)
    anna = Client.objects.get(pk=rows(job)[2].client_id)
    assert sorted(anna.interests.values_list("name", flat=True)) == ["логистика", "упаковка"]
    assert Tag.objects.filter(team=alice.team, name="логистика").count() == 1


def test_phones_are_e164_by_the_clients_country_and_the_zone_derived(alice, django_capture_on_commit_callbacks):
    job = run_import(alice, "clients_windows1251_semicolon.csv", capture=django_capture_on_commit_callbacks)
    anna_row = rows(job)[2]
    anna = Client.objects.get(pk=anna_row.client_id)
    assert anna.phones == ["+74951234567", "+79165551234"]  # 8 (495) read in Russia, not in the team's Moldova
    assert {"field": "time_zone", "value": "Europe/Moscow", "source": "phone"} in anna_row.derived  # 495: Moscow
    assert anna.organization.name == "ООО Альфа"
    assert anna.organization.country == ""


def test_duplicates_inside_the_file_and_in_the_team_are_skipped(alice, django_capture_on_commit_callbacks):
    first = run_import(alice, "clients_windows1251_semicolon.csv", capture=django_capture_on_commit_callbacks)
    assert rows(first)[7].status == "skipped"
    assert rows(first)[7].client_id == rows(first)[2].client_id
    again = run_import(alice, "clients_windows1251_semicolon.csv", capture=django_capture_on_commit_callbacks)
    assert (again.created, again.skipped) == (0, 4)
    assert Client.objects.count() == 3
    assert Organization.objects.filter(name="ООО Альфа").count() == 1


def test_six1_a_files_last_contact_is_its_owners_not_the_importers(lena, alice, django_capture_on_commit_callbacks):
    """The lead imports the team's clients: the contacts the file dates were made by their managers, and the
    activity report counts contacts by who made them. A new client and an updated one alike."""
    capture = django_capture_on_commit_callbacks
    run_import(lena, "seed.csv", b"Name;Phone;Owner\nIon Popescu;022 123 456;alice\n", capture=capture)
    data = b"Name;Phone;Owner;Last contact\nIon Popescu;022 123 456;alice;2026-10-01\nAna Rusu;;alice;2026-10-02\n"
    run_import(lena, "dated.csv", data, capture=capture, dedup="update")
    touches = Touch.objects.order_by("happened_at")
    assert [(touch.client.first_name, touch.by) for touch in touches] == [("Ion", alice), ("Ana", alice)]


def test_update_mode_fills_the_existing_client_and_undo_reverts_it(alice, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    run_import(alice, "seed.csv", b"Name;Phone\nIon Popescu;022 123 456\n", capture=capture)
    ion = Client.objects.get()
    job = run_import(alice, "amocrm_contacts.csv", capture=capture, dedup="update")
    ion.refresh_from_db()
    assert rows(job)[2].status == "updated"
    assert ion.phones == ["+37322123456", "+37369123456"]
    assert ion.position == "Director"
    assert sorted(ion.interests.values_list("name", flat=True)) == ["horeca", "vin"]
    assert undo_import(alice, job, capture=capture).status == "undone"
    ion.refresh_from_db()
    assert ion.phones == ["+37322123456"]
    assert ion.position == ""
    assert not ion.interests.exists()
    assert Client.objects.count() == 1  # the two it created are in the recycle bin
    assert Client.with_binned.filter(deleted_at__isnull=False).count() == 2
    assert PlannedTouch.objects.filter(client=ion, status="open", is_next_step=True).count() == 1


def test_create_mode_imports_duplicates_and_near_matches_are_listed_never_merged(
    alice, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    run_import(alice, "seed.csv", "Фамилия;Имя\nИванов;Сергей\n".encode(), capture=capture)
    data = "Фамилия;Имя;Отчество\nИванов;Сергэй;\nИванов;Сергей;Петрович\nИванов;Олег;\n".encode()
    job = run_import(alice, "near.csv", data, capture=capture, dedup="create")
    first = Client.objects.order_by("pk").first()
    assert rows(job)[2].near == [first.pk]  # a typo
    assert rows(job)[3].near == [first.pk, rows(job)[2].client_id]  # with the patronymic; the typo above too
    assert rows(job)[4].near == []  # another Ivanov
    assert Client.objects.count() == 4


def test_near_names_are_one_person_spelled_differently_not_namesakes(alice, django_capture_on_commit_callbacks):
    """Each part of the name is compared on its own: the same surname and patronymic with another first name, or
    another patronymic, is another person (a whole-name comparison listed them)."""
    capture = django_capture_on_commit_callbacks
    run_import(alice, "seed.csv", "ФИО\nИванов Юрий Николаевич\nПетрова Наталья\n".encode(), capture=capture)
    data = "ФИО\nИванов Сергей Николаевич\nИванов Юрий Петрович\nИванов Юрий Николаевич\nПетрова Наталия Ивановна\n"
    job = run_import(alice, "near.csv", data.encode(), capture=capture, dedup="create")
    yuri, natalia = Client.objects.order_by("pk")[:2]
    assert {number: row.near for number, row in rows(job).items()} == {
        2: [],  # another first name
        3: [],  # another patronymic
        4: [yuri.pk],  # the same name (no organization to tell them apart)
        5: [natalia.pk],  # a letter apart, with a patronymic the other lacks
    }


def test_dry_run_checks_every_row_and_saves_no_client(alice, django_capture_on_commit_callbacks):
    job = run_import(alice, "clients_windows1251_semicolon.csv", capture=django_capture_on_commit_callbacks,
                     dry_run=True)  # fmt: skip
    assert (job.created, job.failed) == (3, 3)
    assert job.undo_until is None
    assert not Client.objects.exists()


def test_workbook_and_vcard_import(alice, workbook, django_capture_on_commit_callbacks):
    from keepwarm.imports.services import import_job_create

    capture = django_capture_on_commit_callbacks
    job = import_job_create(by=alice, upload=workbook, sheet="Clients", header_row=2)
    from keepwarm.flows.imports_queue import import_start

    with capture(execute=True):
        import_start(job=job, by=alice)
    job.refresh_from_db()
    assert (job.created, job.failed) == (2, 1)  # olga@example is not an address
    natalia = Client.objects.get(first_name="Natalia")
    assert natalia.phones == ["+37369000111", "+37322555666"]
    assert natalia.birthday == dt.date(1990, 5, 17)
    job = run_import(alice, "contacts.vcf", capture=capture)
    victor = Client.objects.get(first_name="Victor")
    assert victor.phones == ["+37322123456", "+37369111222", "+37322765432"]
    assert victor.country == "MD"
    assert victor.organization.name == "Moldcell Business"
    elena = Client.objects.get(first_name="Elena")
    assert elena.phones == ["+40721555666", "+40213004000"]
    assert elena.country == "RO"


def test_bitrix24_export(alice, django_capture_on_commit_callbacks):
    job = run_import(alice, "bitrix24_contacts.csv", capture=django_capture_on_commit_callbacks)
    assert (job.created, job.failed) == (3, 0)
    elena = Client.objects.get(first_name="Елена")
    assert (elena.last_name, elena.patronymic, elena.relationship_group) == ("Морозова", "Викторовна", "customer")
    assert elena.country == "KZ"
    assert elena.birthday == dt.date(1985, 7, 3)
    assert Client.objects.get(first_name="Нурлан").organization == elena.organization


def test_the_bad_rows_file_can_be_fixed_and_imported_again(alice, django_capture_on_commit_callbacks):
    from keepwarm.imports.downloads import errors_csv

    capture = django_capture_on_commit_callbacks
    job = run_import(alice, "clients_windows1251_semicolon.csv", capture=capture)
    text = b"".join(errors_csv(job).streaming_content).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].endswith(";Errors")
    assert lines[0].startswith("ФИО;Телефон")
    assert "Not a phone number we can dial." in text
    fixed = text.replace(";12;", ";022 111 222;").replace("not-an-email", "sergei@example.md")
    fixed = fixed.replace("31.02.2001", "28.02.2001").replace(";никогда;;", ";будущее;;")
    again = run_import(alice, "fixed.csv", fixed.encode(), capture=capture)
    assert (again.created, again.failed) == (2, 1)  # bob stays out of alice's reach (OWN-1)


def test_cancel_stops_after_the_current_batch(alice, django_capture_on_commit_callbacks):
    from keepwarm.flows.imports import import_run
    from keepwarm.imports.services import import_job_cancel, import_job_create
    from tests.imports.conftest import upload

    job = import_job_create(by=alice, upload=upload("a.csv", b"Name\nA\nB\n"))
    ImportJob.objects.filter(pk=job.pk).update(status="queued")
    import_job_cancel(job=job, by=alice)
    import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert job.rows_done == 0


def test_cancel_stops_after_the_current_turn_of_a_batch(alice, django_capture_on_commit_callbacks, monkeypatch):
    from keepwarm.flows import imports as flow
    from keepwarm.imports.services import import_job_cancel, import_job_create
    from tests.imports.conftest import upload

    class OneRowTurns(flow._Turns):  # as SQLite's turns on a busy machine: a batch written in several
        def __init__(self, most: int) -> None:
            super().__init__(most)
            self.size = 1

    process = flow.ImportBatch.process

    def process_then_cancel(batch, drafts):
        process(batch, drafts)
        import_job_cancel(job=batch.job, by=alice)

    monkeypatch.setattr(flow, "_Turns", OneRowTurns)
    monkeypatch.setattr(flow.ImportBatch, "process", process_then_cancel)
    job = import_job_create(by=alice, upload=upload("a.csv", b"Name\nA\nB\nC\n"))
    ImportJob.objects.filter(pk=job.pk).update(status="queued")
    flow.import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert job.rows_done == 1


def test_cat5_plan1_imported_clients_are_planned_as_client_replan_plans_them(alice, django_capture_on_commit_callbacks):
    from keepwarm.planner.services import clients_replan

    # One moment for the import and the re-plan: a step for later today starts at the next minute after now.
    with time_machine.travel(timezone.now(), tick=False):
        run_import(alice, "clients_windows1251_semicolon.csv", capture=django_capture_on_commit_callbacks)
        run_import(alice, "contacts.vcf", capture=django_capture_on_commit_callbacks)

        def plans() -> list[tuple]:
            return sorted(PlannedTouch.objects.filter(status="open").values_list(
                "client_id", "due_date", "window_start", "goal", "kind", "is_next_step", "channel"))  # fmt: skip

        imported = plans()
        assert len([plan for plan in imported if plan[5]]) == 4
        PlannedTouch.objects.all().delete()
        clients_replan(clients=Client.objects.all())
        assert plans() == imported


def test_qual2_an_imported_clients_scorecard_is_what_recomputing_it_gives(
    lena, alice, django_capture_on_commit_callbacks
):
    """New clients are scored from their organization without being read back: the same as the bulk rescoring."""
    team_flows.profile_update(
        team=lena.team, by=lena, employees_min=50, employees_max=500, target_verticals=["Logistics"],
        other_scheme_verticals=["Retail"], countries=["MD"], max_tz_offset_hours=Decimal("2.5"),
    )  # fmt: skip
    OrganizationFactory(team=lena.team, name="Known", employees=100, vertical="logistics", country="MD")
    data = (
        b"Name;Company;Employees;Industry;Company country;Owner\n"
        b"A One;Known;;;;alice\nB Two;Big;5000;Retail;RO;alice\nC Three;Small;120;Logistics;MD;lena\n"
        b"D Four;;;;;lena\nE Five;Small;;;;alice\nF Six;Far;60;Logistics;JP;alice\nG Seven;Tiny;10;Mining;MD;lena\n"
    )
    job = run_import(lena, "scored.csv", data, capture=django_capture_on_commit_callbacks)
    assert job.created == 7
    imported = Client.objects.filter(pk__in=[row.client_id for row in rows(job).values()])
    fields = ("client_id", "indicators", "computed", "reasons", "total", "verdict", "drivers")
    scored = sorted(ClientQualification.objects.filter(client__in=imported).values_list(*fields))
    assert len(scored) == 7
    assert len({str(card[2]) for card in scored}) >= 4  # organizations that raise different indicators
    scorecards_recompute(clients=imported)
    assert sorted(ClientQualification.objects.filter(client__in=imported).values_list(*fields)) == scored


def test_a_totals_row_is_skipped_with_a_notice_and_no_client_is_made_of_it_again(
    alice, django_capture_on_commit_callbacks
):
    data = (
        "ФИО;Телефон;E-mail;Организация\n"
        "Иванов Сергей;+37369000111;;\nПетрова Анна;;;ООО Ромашка\nTotaliev Rustam;;;\n"
        "Итого: 4 клиента;;;\nВсего;;;\nTotal general;;;\nTotal:;;;\n"
    ).encode()
    for _run in range(2):
        job = run_import(alice, "totals.csv", data, capture=django_capture_on_commit_callbacks)
        by_number = rows(job)
        assert [by_number[n].status for n in range(5, 9)] == ["skipped"] * 4
        assert {by_number[n].client_id for n in range(5, 9)} == {None}
        assert by_number[5].notices == [
            {"column": "ФИО", "value": "Итого: 4 клиента", "code": "totals_row", "params": {}}
        ]
        assert by_number[4].status == "created"  # Totaliev Rustam: a name that only starts like one
    assert (job.failed, job.skipped) == (0, 6)  # the second time: the two known clients and the four totals rows
    assert sorted(set(Client.objects.values_list("last_name", "first_name"))) == [
        ("Totaliev", "Rustam"),
        ("Иванов", "Сергей"),
        ("Петрова", "Анна"),
    ]


def test_six3_bitrix24_contact_types_that_name_no_group_import_the_client_in_the_default_group_with_a_notice(
    alice, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    data = (
        "Имя;Фамилия;Тип контакта;Рабочий телефон\nЕлена;Морозова;Клиенты;+37369000101\n"
        "Нурлан;Абенов;Партнёры;+37369000102\nОльга;Русу;Поставщики;+37369000103\nИон;Чебан;Другое;+37369000104\n"
    ).encode()
    job = run_import(alice, "bitrix.csv", data, capture=capture)
    by_number = rows(job)
    assert (job.created, job.failed) == (4, 0)
    groups = [Client.objects.get(pk=by_number[n].client_id).relationship_group for n in range(2, 6)]
    assert groups == ["customer", "distributor", "prospect", "prospect"]
    assert by_number[4].errors == []
    assert by_number[4].notices == [
        {"column": "Тип контакта", "value": "Поставщики", "code": "relationship_group_left", "params": {}}
    ]
    assert [n for n, row in by_number.items() if row.notices] == [4]
    olga = Client.objects.get(pk=by_number[4].client_id)
    Client.objects.filter(pk=olga.pk).update(relationship_group="customer")
    run_import(alice, "bitrix.csv", data, capture=capture, dedup="update")  # the notice changes no group
    olga.refresh_from_db()
    assert olga.relationship_group == "customer"


def test_excels_unicode_text_utf16_with_its_bom_and_tabs_is_read(alice, django_capture_on_commit_callbacks):
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        data = bom + "Фамилия\tИмя\tТелефон\r\nЦуркан\tМарина\t+37369000777\r\n".encode(codec)
        job = run_import(alice, "clients.txt", data, capture=django_capture_on_commit_callbacks, dedup="create")
        assert (job.encoding, job.delimiter, job.created, job.failed) == ("utf-16", "\t", 1, 0)
        row = rows(job)[2]
        assert Client.objects.get(pk=row.client_id).full_name == "Цуркан Марина"
