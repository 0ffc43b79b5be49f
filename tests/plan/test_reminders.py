"""The daily reminder: one digest per owner and day, against a local SMTP sink; the switch to turn it off."""

from __future__ import annotations

import email
from datetime import date
from email import policy

from sqlmodel import select

from core import clock
from core.models import Role
from plan.models import ReminderMail
from plan.reminders import reminders_enabled, set_reminders
from tests.plan.factories import TEST, make_action
from tests.reports.test_mail import app_config, smtp_sink  # noqa: F401 - the local SMTP sink, mail on


def test_reminders_mail_one_digest_per_owner_once_a_day(cli, db, world, smtp_sink, monkeypatch):  # noqa: F811
    monkeypatch.setattr(clock, "today", lambda: date(2026, 3, 1))
    for key, value in (
        ("SMTP_HOST", "127.0.0.1"),
        ("SMTP_PORT", str(smtp_sink.port)),
        ("MAIL_FROM", "naleving@voorbeeld.nl"),
    ):
        monkeypatch.setenv(f"NALEVING_{key}", value)
    ciso = world.user(Role.CISO)
    make_action(
        db, world.own.id, owner_id=ciso.id, owner_name="", due_on=date(2026, 3, 10), title="Binnenkort"
    )
    make_action(db, world.own.id, owner_id=ciso.id, owner_name="", due_on=date(2026, 2, 1), title="Te laat")
    make_action(db, world.own.id, owner_id=ciso.id, owner_name="", due_on=date(2026, 6, 1), title="Later")
    auditor = world.user(Role.AUDITOR)
    make_action(db, world.own.id, owner_id=auditor.id, owner_name="", due_on=date(2026, 3, 2))
    set_reminders(session=db, user=auditor, enabled=False, actor=TEST)
    db.commit()
    sent = cli("reminders", "send")
    assert sent.exit_code == 0, sent.stderr
    [envelope] = smtp_sink.envelopes
    assert envelope.rcpt_tos == [ciso.email]
    body = email.message_from_bytes(envelope.content, policy=policy.default).get_body().get_content()
    assert "Binnenkort" in body and "Te laat" in body and "(te laat)" in body and "Later" not in body
    mail = db.exec(select(ReminderMail)).one()
    assert mail.recipient == ciso.email and mail.items == 2
    assert cli("reminders", "send").exit_code == 0
    assert len(smtp_sink.envelopes) == 1


def test_the_reminder_page_switches_the_mail_off(client, db, world, login_as):
    user = login_as(Role.CISO)
    assert client.post("/o/voorbeeld/herinneringen", data={}).status_code == 302
    assert not reminders_enabled(session=db, user_id=user.id)


def test_the_ciso_digest_names_supplier_evidence_about_to_expire(cli, db, world, smtp_sink, monkeypatch):  # noqa: F811
    """The scope register's assurance evidence expiring within 14 days (or expired) reaches the CISO's digest."""
    from scope.suppliers import SupplierData, add_evidence, save_supplier

    monkeypatch.setattr(clock, "today", lambda: date(2026, 3, 1))
    for key, value in (("SMTP_HOST", "127.0.0.1"), ("SMTP_PORT", str(smtp_sink.port))):
        monkeypatch.setenv(f"NALEVING_{key}", value)
    supplier = save_supplier(
        session=db,
        organisation_id=world.own.id,
        data=SupplierData(name="Wolkendienst", jurisdiction="non_eu"),
        actor=TEST,
    )
    add_evidence(
        session=db, supplier=supplier, kind="iso27001", issued_on=date(2023, 3, 10), expires_on=date(2026, 3, 10),
        note="", actor=TEST,
    )  # fmt: skip
    other = save_supplier(
        session=db,
        organisation_id=world.own.id,
        data=SupplierData(name="Later BV", jurisdiction="nl"),
        actor=TEST,
    )
    add_evidence(
        session=db, supplier=other, kind="pentest", issued_on=date(2026, 1, 1), expires_on=date(2026, 12, 1),
        note="", actor=TEST,
    )  # fmt: skip
    db.commit()
    assert cli("reminders", "send").exit_code == 0
    [envelope] = smtp_sink.envelopes
    assert envelope.rcpt_tos == [world.user(Role.CISO).email]
    body = email.message_from_bytes(envelope.content, policy=policy.default).get_body().get_content()
    assert "Wolkendienst" in body and "verloopt op 2026-03-10" in body
    assert "Later BV" not in body
