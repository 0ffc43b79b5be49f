"""The reports pages: generate, archive, download, verify; schedules with their runs. Every lookup is scoped to
the organisation of the page."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlmodel import select

from core.actor import Actor
from core.clock import LOCAL_ZONE
from core.models import Role
from reports.archive import report_path
from reports.models import ReportRecord, RunStatus, Schedule, ScheduleRun


def generate(client, slug="voorbeeld", **data):
    values = {"kind": "soa", "format": "pdf", "as_of": ""} | data
    return client.post(f"/o/{slug}/rapporten/nieuw", data=values)


def records(db) -> list[ReportRecord]:
    db.expire_all()
    return list(db.exec(select(ReportRecord).order_by(ReportRecord.id)).all())


@pytest.mark.parametrize("role", [Role.CISO, Role.AUDITOR, Role.ADMIN])
def test_generate_archives_the_report_with_its_author(
    client, db, world, login_as, stand_in_builders, archive, role
):
    user = login_as(role)
    response = generate(client, as_of="2026-03-01")
    [record] = records(db)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/o/voorbeeld/rapporten/{record.id}")
    assert record.organisation_id == world.own.id
    assert record.generated_by_user_id == user.id
    assert record.generated_by == (user.name or user.email)
    assert record.parameters == {
        "organisation": "Gemeente Voorbeeld",
        "as_of": "2026-03-01",
        "language": "nl",
    }
    assert record.filename == "vvt-voorbeeld-2026-03-01.pdf"
    assert report_path(archive, record).is_file()


def test_management_cannot_generate(client, world, login_as, stand_in_builders):
    login_as(Role.MANAGEMENT)
    assert generate(client).status_code == 403


def test_a_format_a_kind_does_not_come_in_is_refused(
    client, db, world, login_as, stand_in_builders, monkeypatch
):
    from reports.builders import BUILDERS
    from reports.models import ReportFormat, ReportKind

    monkeypatch.delitem(BUILDERS, (ReportKind.MANAGEMENT, ReportFormat.XLSX))
    login_as(Role.CISO)
    response = generate(client, kind="management", format="xlsx")
    assert response.status_code == 200
    assert "Dit rapport bestaat niet in dit formaat." in response.get_data(as_text=True)
    assert records(db) == []


def test_archive_lists_download_serves_and_verify_checks(
    client, db, world, login_as, stand_in_builders, archive
):
    login_as(Role.CISO)
    generate(client)
    [record] = records(db)
    client.post("/logout")
    login_as(Role.AUDITOR)

    page = client.get("/o/voorbeeld/rapporten/").get_data(as_text=True)
    assert "Verklaring van Toepasselijkheid" in page and record.sha256[:12] in page

    with client.get(f"/o/voorbeeld/rapporten/{record.id}/download") as download:
        assert download.status_code == 200
        assert download.data == report_path(archive, record).read_bytes()
        assert download.headers["Content-Type"] == "application/pdf"
        assert download.headers["Content-Disposition"] == f"attachment; filename={record.filename}"
        assert "no-store" in download.headers["Cache-Control"]

    intact = client.post(f"/o/voorbeeld/rapporten/{record.id}/controleren").get_data(as_text=True)
    assert "Intact:" in intact and "Niet intact" not in intact

    path = report_path(archive, record)
    path.chmod(0o644)
    path.write_bytes(b"tampered")
    broken = client.post(f"/o/voorbeeld/rapporten/{record.id}/controleren").get_data(as_text=True)
    assert "Niet intact:" in broken

    path.unlink()
    missing = client.get(f"/o/voorbeeld/rapporten/{record.id}/download")
    assert missing.status_code == 302
    assert "ontbreekt" in client.get(missing.headers["Location"]).get_data(as_text=True)


def test_auditors_see_reports_of_their_own_organisations_only(
    client, db, world, login_as, stand_in_builders, archive
):
    login_as(Role.CISO, org="other")
    generate(client, slug="andere")
    [foreign] = records(db)
    client.post("/logout")
    login_as(Role.AUDITOR)
    for url in (
        f"/o/voorbeeld/rapporten/{foreign.id}",
        f"/o/voorbeeld/rapporten/{foreign.id}/download",
        f"/o/andere/rapporten/{foreign.id}/download",
        "/o/andere/rapporten/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/o/voorbeeld/rapporten/{foreign.id}/controleren").status_code == 404
    assert "andere" not in client.get("/o/voorbeeld/rapporten/").get_data(as_text=True).lower()


@pytest.mark.parametrize(
    "path",
    [
        "../../secret_key",
        "..%2F..%2Fsecret_key",
        "%2e%2e/%2e%2e/secret_key",
        "1/../../../secret_key",
        "-1",
        "1e3",
        "0x1",
    ],
)
def test_no_path_reaches_a_file_outside_the_archive(client, app, world, login_as, path):
    login_as(Role.AUDITOR)
    response = client.get(f"/o/voorbeeld/rapporten/{path}/download")
    assert response.status_code == 404
    assert app.config["SECRET_KEY"].encode() not in response.data


def test_schedules_create_edit_disable_and_show_runs(client, db, world, login_as, stand_in_builders):
    login_as(Role.CISO)
    response = client.post(
        "/o/voorbeeld/planning/",
        data={
            "kind": "soa",
            "format": "pdf",
            "preset": "cron",
            "cron": "30 7 * * 1",
            "recipients": "ciso@voorbeeld.nl\ndirectie@voorbeeld.nl",
            "enabled": "y",
        },
    )
    assert response.status_code == 302
    schedule = db.exec(select(Schedule)).one()
    assert (schedule.preset, schedule.cron, schedule.enabled) == ("cron", "30 7 * * 1", True)
    assert schedule.recipient_list == ["ciso@voorbeeld.nl", "directie@voorbeeld.nl"]

    response = client.post(
        f"/o/voorbeeld/planning/{schedule.id}",
        data={
            "kind": "soa",
            "format": "pdf",
            "preset": "monthly",
            "cron": "",
            "recipients": "",
            "enabled": "y",
        },
    )
    assert response.status_code == 302
    db.expire_all()
    assert (schedule.preset, schedule.recipient_list) == ("monthly", [])

    client.post(f"/o/voorbeeld/planning/{schedule.id}/aan-uit")
    db.expire_all()
    assert schedule.enabled is False

    db.add(
        ScheduleRun(
            schedule_id=schedule.id,
            due_at=datetime(2026, 3, 1, 6, tzinfo=LOCAL_ZONE),
            status=RunStatus.FAILED,
            error="RuntimeError: de catalogus ontbreekt <script>alert(1)</script>",
        )
    )
    db.commit()
    for url in ("/o/voorbeeld/planning/", f"/o/voorbeeld/planning/{schedule.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "de catalogus ontbreekt" in page, url
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"preset": "cron", "cron": "* * * * *"}, "hooguit één rapport per uur"),
        ({"preset": "cron", "cron": ""}, "Vul een cron-expressie in."),
        ({"recipients": "geen adres"}, "ongeldig e-mailadres"),
    ],
)
def test_schedule_form_errors_are_shown(client, db, world, login_as, stand_in_builders, data, message):
    login_as(Role.CISO)
    values = {"kind": "soa", "format": "pdf", "preset": "monthly", "cron": "", "recipients": ""} | data
    response = client.post("/o/voorbeeld/planning/", data=values)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.exec(select(Schedule)).all() == []


def test_auditors_and_management_do_not_manage_schedules(client, world, login_as):
    for role in (Role.AUDITOR, Role.MANAGEMENT):
        login_as(role)
        assert client.get("/o/voorbeeld/planning/").status_code == 403
        client.post("/logout")


def test_a_weerstandsvermogen_report_of_a_chosen_moment(client, db, world, login_as, archive):
    from risk.pc import create_moment, take_snapshot
    from tests.risk.factories import make_risk

    make_risk(db, world.own.id)
    moments = []
    for year in (2026, 2027):
        moment = create_moment(
            session=db,
            organisation_id=world.own.id,
            kind="begroting",
            year=year,
            moment_on=datetime(year - 1, 11, 1).date(),
            available_capacity=500_000,
            actor=Actor.system("test"),
        )
        take_snapshot(session=db, moment=moment, seed=1, scenarios=5_000, actor=Actor.system("test"))
        moments.append(moment)
    db.commit()
    login_as(Role.CISO)
    page = client.get("/o/voorbeeld/rapporten/nieuw").get_data(as_text=True)
    assert "Begroting 2026" in page and "Begroting 2027" in page

    response = generate(client, kind="pc", format="pdf", moment=str(moments[0].id))
    assert response.status_code == 302
    [record] = records(db)
    assert record.parameters["moment_id"] == moments[0].id
    assert record.filename.startswith(f"weerstandsvermogen-voorbeeld-moment{moments[0].id}-")
    assert report_path(archive, record).read_bytes().startswith(b"%PDF")

    refused = generate(client, kind="pc", format="pdf", as_of="2026-01-01")
    assert refused.status_code == 200, refused.status_code
    assert re.search("kies een P(&amp;|&)C-moment", refused.get_data(as_text=True))
    assert len(records(db)) == 1


def test_a_schedule_before_each_pc_moment(client, db, world, login_as):
    login_as(Role.CISO)
    response = client.post(
        "/o/voorbeeld/planning/",
        data={
            "kind": "management",
            "format": "pdf",
            "preset": "before_pc",
            "days_before": "21",
            "cron": "",
            "recipients": "",
            "enabled": "y",
        },
    )
    assert response.status_code == 302
    schedule = db.exec(select(Schedule)).one()
    assert (schedule.preset, schedule.days_before) == ("before_pc", 21)
    assert re.search(
        "21 dagen vóór elk P(&amp;|&)C-moment", client.get("/o/voorbeeld/planning/").get_data(as_text=True)
    )


def test_archive_and_schedule_pages_do_not_query_more_with_more_data(
    client, db, world, login_as, archive, count_queries
):
    from reports.archive import store_report

    def add(count: int) -> None:
        for number in range(count):
            store_report(
                session=db,
                root=archive,
                organisation_id=world.own.id,
                kind="soa",
                format="pdf",
                parameters={},
                content=f"%PDF {number} {len(records(db))}".encode(),
                actor=Actor.system("x"),
                filename="vvt.pdf",
            )
            schedule = Schedule(organisation_id=world.own.id, kind="soa", format="pdf", preset="monthly")
            db.add(schedule)
            db.flush()
            db.add(ScheduleRun(schedule_id=schedule.id, due_at=datetime(2026, 3, 1, 6, tzinfo=LOCAL_ZONE)))
        db.commit()

    login_as(Role.CISO)
    counts = []
    for more in (2, 20):
        add(more)
        with count_queries() as archive_page:
            assert client.get("/o/voorbeeld/rapporten/").status_code == 200
        with count_queries() as schedule_page:
            assert client.get("/o/voorbeeld/planning/").status_code == 200
        counts.append((archive_page.count, schedule_page.count))
    assert counts[0] == counts[1]


def test_the_dashboard_shows_new_reports_and_failed_runs_to_who_manages_schedules(
    client, db, world, login_as, stand_in_builders
):
    login_as(Role.CISO)
    generate(client)
    schedule = Schedule(organisation_id=world.own.id, kind="soa", format="pdf", preset="monthly")
    db.add(schedule)
    db.flush()
    db.add(
        ScheduleRun(
            schedule_id=schedule.id,
            due_at=datetime.now(LOCAL_ZONE),
            status=RunStatus.FAILED,
            error="RuntimeError: schijf vol",
        )
    )
    db.commit()
    page = client.get("/o/voorbeeld/").get_data(as_text=True)
    assert "Naar het rapportarchief" in page and "schijf vol" in page
    client.post("/logout")
    login_as(Role.AUDITOR)
    page = client.get("/o/voorbeeld/").get_data(as_text=True)
    assert "Naar het rapportarchief" in page and "schijf vol" not in page


def test_the_pages_word_the_rules_of_reports_and_schedules_in_the_users_language(
    client, db, world, login_as, stand_in_builders
):
    login_as(Role.CISO)
    client.post("/taal/en", data={"next": "/o/voorbeeld/"})
    values = {"kind": "soa", "format": "pdf", "preset": "cron", "cron": "* * * * *", "recipients": ""}
    page = client.post("/o/voorbeeld/planning/", data=values).get_data(as_text=True)
    assert "the minute must be one number (0-59): at most one report an hour" in page
    page = generate(client, kind="pc", format="pdf").get_data(as_text=True)
    assert "there is no P&amp;C moment with a snapshot yet" in page
    assert records(db) == []
