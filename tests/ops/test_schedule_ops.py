"""`naleving schedule runs`, the next five runs on the planning page, a crontab line that never runs refused,
and scheduled mail only inside the organisation's allowed mail domains (setting, page, CLI, mail job)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from app.reports import jobs
from core.clock import LOCAL_ZONE
from core.models import AuditEvent, Organisation, Role
from reports.models import MailStatus, Schedule, ScheduleRun
from tests.ops.timelimit import time_limit
from tests.reports.test_mail import app_config, scheduled, smtp_sink  # noqa: F401 - fixtures


def test_schedule_runs_lists_local_due_times_over_the_autumn_change(cli, db, world):
    assert (
        cli("schedule", "add", "--org", "voorbeeld", "--kind", "soa", "--cron", "30 2 * * *").exit_code == 0
    )
    schedule = db.exec(select(Schedule)).one()
    with time_limit(10):
        result = cli(
            "schedule", "runs", "--org", "voorbeeld", str(schedule.id),
            "--from", "2026-10-24", "--to", "2026-10-27",
        )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "2026-10-24 02:30+02:00",
        "2026-10-25 02:30+02:00",  # once, not twice
        "2026-10-26 02:30+01:00",
    ]
    spring = cli(
        "schedule",
        "runs",
        "--org",
        "voorbeeld",
        str(schedule.id),
        "--from",
        "2026-03-29",
        "--to",
        "2026-03-30",
    )
    assert spring.stdout.splitlines() == ["2026-03-29 03:30+02:00"]  # 02:30 does not exist that night


def test_schedule_runs_refuses_bad_windows_in_one_line(cli, db, world):
    assert cli("schedule", "add", "--org", "voorbeeld", "--kind", "soa").exit_code == 0
    schedule_id = str(db.exec(select(Schedule)).one().id)
    for window, message in [
        (("--from", "2026-13-01", "--to", "2027-01-01"), "--from: geen datum"),
        (("--from", "2027-01-01", "--to", "2026-01-01"), "--to moet na --from liggen"),
        (("--from", "2026-01-01", "--to", "2028-01-01"), "hooguit 366 dagen"),
        (("--from", "0001-01-01", "--to", "0001-02-01"), "jaar buiten 1970-2999"),
    ]:
        result = cli("schedule", "runs", "--org", "voorbeeld", schedule_id, *window)
        assert result.exit_code == 1 and message in result.stderr and result.stderr.count("\n") == 1
    assert (
        "geen planning 999"
        in cli(
            "schedule", "runs", "--org", "voorbeeld", "999", "--from", "2026-01-01", "--to", "2026-02-01"
        ).stderr
    )


def test_a_cron_line_without_a_run_in_the_coming_year_is_refused(cli, client, db, world, login_as):
    result = cli("schedule", "add", "--org", "voorbeeld", "--kind", "soa", "--cron", "0 0 31 2 *")
    assert result.exit_code == 1
    assert "deze cron-expressie heeft het komende jaar geen enkele run" in result.stderr
    login_as(Role.CISO)
    page = client.post(
        "/o/voorbeeld/planning/",
        data={"kind": "soa", "format": "pdf", "preset": "cron", "cron": "0 0 31 2 *", "enabled": "y"},
    ).get_data(as_text=True)
    assert "deze cron-expressie heeft het komende jaar geen enkele run" in page
    assert db.exec(select(Schedule)).all() == []


def test_the_planning_page_shows_the_next_five_runs(cli, client, db, world, login_as, count_queries):
    for _ in range(3):
        assert (
            cli("schedule", "add", "--org", "voorbeeld", "--kind", "soa", "--cron", "0 7 * * 1").exit_code
            == 0
        )
    login_as(Role.CISO)
    page = client.get("/o/voorbeeld/planning/").get_data(as_text=True)
    assert "Volgende vijf" in page
    assert page.count('<ol class="next-runs">') == 3 and page.count("<time datetime=") == 15
    with count_queries() as few:
        client.get("/o/voorbeeld/planning/")
    assert (
        cli("schedule", "add", "--org", "voorbeeld", "--kind", "soa", "--preset", "before_pc").exit_code == 0
    )
    with count_queries() as more:
        client.get("/o/voorbeeld/planning/")
    assert more.count <= few.count + 1  # the P&C moments, read once for every such schedule


def test_recipients_outside_the_allowed_domains_are_refused(cli, client, db, world, login_as):
    # by default the members' domains: voorbeeld.nl and (the other organisation's) not
    refused = cli("schedule", "add", "--org", "voorbeeld", "--kind", "soa", "--recipient", "iemand@elders.nl")
    assert refused.exit_code == 1 and "iemand@elders.nl: alleen adressen in voorbeeld.nl" in refused.stderr
    fine = cli("schedule", "add", "--org", "voorbeeld", "--kind", "soa", "--recipient", "raad@voorbeeld.nl")
    assert fine.exit_code == 0, fine.stderr

    result = cli("org", "set", "--slug", "voorbeeld", "--mail-domains", "Elders.nl, voorbeeld.nl")
    assert result.exit_code == 0 and result.stdout.strip().endswith("maildomeinen elders.nl, voorbeeld.nl")
    assert (
        cli(
            "schedule", "add", "--org", "voorbeeld", "--kind", "soa", "--recipient", "iemand@elders.nl"
        ).exit_code
        == 0
    )
    bad = cli("org", "set", "--slug", "voorbeeld", "--mail-domains", "not a domain!")
    assert bad.exit_code == 1 and "ongeldig maildomein" in bad.stderr and bad.stderr.count("\n") == 1
    db.expire_all()
    assert db.get(Organisation, world.own.id).mail_domains == "elders.nl\nvoorbeeld.nl"
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "organisation.mail_domains_changed")).all()

    login_as(Role.ADMIN)
    page = client.get("/o/voorbeeld/beheer/instellingen").get_data(as_text=True)
    assert "Maildomeinen voor geplande rapporten" in page and "elders.nl, voorbeeld.nl" in page
    saved = client.post("/o/voorbeeld/beheer/instellingen/maildomeinen", data={"mail_domains": "gemeente.nl"})
    assert saved.status_code == 302
    refused_page = client.post("/o/voorbeeld/beheer/instellingen/maildomeinen", data={"mail_domains": "x_y"})
    assert refused_page.status_code == 400 and "ongeldig maildomein: x_y" in refused_page.get_data(
        as_text=True
    )
    db.expire_all()
    assert db.get(Organisation, world.own.id).mail_domains == "gemeente.nl"


def test_the_mail_job_sends_only_inside_the_allowed_domains(
    app, db, world, request, stand_in_builders, fixed_clock
):
    """The setting may change after a schedule was saved: the run mails the allowed ones and says who not."""
    schedule = scheduled(db, world.own.id, "ciso@voorbeeld.nl\nbuiten@elders.nl")
    fixed_clock(datetime(2026, 3, 1, 6, 0, 5, tzinfo=LOCAL_ZONE))
    with app.app_context():
        assert jobs.run_report_schedule(schedule.id) == "succeeded"
    [envelope] = request.getfixturevalue("smtp_sink").envelopes
    assert envelope.rcpt_tos == ["ciso@voorbeeld.nl"]
    db.expire_all()
    run = db.exec(select(ScheduleRun)).one()
    assert run.mail_status == MailStatus.FAILED
    assert run.mail_error == "niet verstuurd buiten de toegestane maildomeinen: builten@elders.nl".replace(
        "builten", "buiten"
    )
