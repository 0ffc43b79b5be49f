"""`naleving findings list|add|respond`: an auditor records a finding outside the browser (an auditor's token only
reads), the CISO responds; the roles are checked as on the pages and bad input changes nothing."""

from __future__ import annotations

from sqlmodel import select

from core.models import AuditEvent, Role
from plan.models import Finding


def _add(cli, world, *extra: str, by: Role = Role.AUDITOR):
    return cli(
        "findings",
        "add",
        "--org",
        "voorbeeld",
        "--by",
        world.user(by).email,
        "--title",
        "Geen hersteltest van de back-up",
        "--severity",
        "significant",
        "--reference-date",
        "2026-01-05",
        *extra,
    )


def test_an_auditor_records_a_finding_and_the_ciso_responds(cli, db, world, mini_catalogue):
    added = _add(cli, world, "--requirement", "5.01.01", "--evidence", "Back-upbeleid v3")
    assert added.exit_code == 0, added.stderr
    assert added.stdout.strip().splitlines()[-1] == "B-001"
    finding = db.exec(select(Finding).where(Finding.organisation_id == world.own.id)).one()
    assert finding.severity == "significant" and finding.evidence_examined == "Back-upbeleid v3"
    assert finding.recorded_by_id == world.user(Role.AUDITOR).id
    listed = cli("findings", "list", "--org", "voorbeeld")
    assert "B-001" in listed.stdout and "open" in listed.stdout
    responded = cli(
        "findings", "respond", "--org", "voorbeeld", "--by", world.user(Role.CISO).email,
        "--response", "Hersteltest staat gepland.", "b-001",
    )  # fmt: skip
    assert responded.exit_code == 0, responded.stderr
    db.expire_all()
    assert db.get(Finding, finding.id).response == "Hersteltest staat gepland."
    actions = db.exec(select(AuditEvent.action).where(AuditEvent.organisation_id == world.own.id)).all()
    assert "finding.recorded" in actions and "finding.responded" in actions


def test_roles_and_bad_input_are_refused_and_change_nothing(cli, db, world, mini_catalogue):
    for role in (Role.CISO, Role.MANAGEMENT):  # findings are the auditor's
        refused = _add(cli, world, by=role)
        assert refused.exit_code == 1 and "mag dit niet" in refused.stderr
    responded = cli(
        "findings", "respond", "--org", "voorbeeld", "--by", world.user(Role.AUDITOR).email,
        "--response", "x", "B-001",
    )  # fmt: skip
    assert responded.exit_code == 1
    assert _add(cli, world, "--requirement", "9.99.99").exit_code == 1
    other = world.user(Role.AUDITOR, "other").email
    stranger = cli(
        "findings", "add", "--org", "voorbeeld", "--by", other, "--title", "T", "--severity", "minor",
        "--reference-date", "2026-01-05",
    )  # fmt: skip
    assert stranger.exit_code == 1 and "geen actieve gebruiker" in stranger.stderr
    future = cli(
        "findings", "add", "--org", "voorbeeld", "--by", world.user(Role.AUDITOR).email, "--title", "T",
        "--severity", "minor", "--reference-date", "2099-01-05",
    )  # fmt: skip
    assert future.exit_code == 1 and "Traceback" not in future.stderr
    assert cli("findings", "list", "--org", "bestaat-niet").exit_code == 1
    assert db.exec(select(Finding)).all() == []


def test_a_users_reminder_mail_is_switched_off_and_on(cli, db, world):
    from plan.reminders import reminders_enabled

    ciso = world.user(Role.CISO)
    assert cli("reminders", "set", "--email", ciso.email, "off").exit_code == 0
    assert not reminders_enabled(session=db, user_id=ciso.id)
    assert cli("reminders", "set", "--email", ciso.email.upper(), "on").exit_code == 0
    db.expire_all()
    assert reminders_enabled(session=db, user_id=ciso.id)
    assert cli("reminders", "set", "--email", "niemand@voorbeeld.nl", "off").exit_code == 1
    changes = db.exec(select(AuditEvent).where(AuditEvent.action == "reminders.changed")).all()
    assert [event.changes for event in changes] and len(changes) == 2


def test_the_approval_policy_and_an_adoption_proposal_from_the_command_line(cli, db, world, mini_catalogue):
    from plan.models import Approval, DecisionKind
    from plan.policy import policy

    shown = cli("approvals", "policy", "--org", "voorbeeld")
    assert shown.exit_code == 0 and "soa_adoption\tgoedkeuring" in shown.stdout
    changed = cli("approvals", "policy", "--org", "voorbeeld", "--no-require", "risk_acceptance")
    assert changed.exit_code == 0 and "risk_acceptance\tgeen goedkeuring" in changed.stdout
    assert not policy(session=db, organisation_id=world.own.id)[DecisionKind.RISK_ACCEPTANCE]
    both = cli(
        "approvals",
        "policy",
        "--org",
        "voorbeeld",
        "--require",
        "soa_adoption",
        "--no-require",
        "soa_adoption",
    )
    assert both.exit_code == 1
    proposed = cli(
        "approvals", "adopt", "--org", "voorbeeld", "--by", world.user(Role.CISO).email,
        "--body", "college van B&W", "--date", "2026-01-05",
    )  # fmt: skip
    assert proposed.exit_code == 0, proposed.stderr
    approval = db.exec(select(Approval).where(Approval.organisation_id == world.own.id)).one()
    assert approval.kind == "soa_adoption" and "college van B&W" in approval.summary
    by_auditor = cli(
        "approvals", "adopt", "--org", "voorbeeld", "--by", world.user(Role.AUDITOR).email, "--body", "college",
    )  # fmt: skip
    assert by_auditor.exit_code == 1
    assert (
        cli(
            "approvals", "adopt", "--org", "voorbeeld", "--by", world.user(Role.CISO).email, "--body", " "
        ).exit_code
        == 1
    )
    events = db.exec(select(AuditEvent.action).where(AuditEvent.organisation_id == world.own.id)).all()
    assert "approval.policy_changed" in events and "approval.proposed" in events
