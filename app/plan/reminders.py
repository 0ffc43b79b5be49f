"""The daily reminder job (on the existing scheduler, app/reports/scheduler.py) and the page where a user
switches the mail off."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import Session, select

from app.db import engine, get_session
from app.login import acting_user
from app.plan.forms import ReminderForm
from app.reports.common import smtp_settings
from app.security import Permission, organisation_view
from core import clock
from core.models import Organisation
from plan.reminders import digests, record_sent, reminders_enabled, set_reminders
from reports.mail import MailError, send_message

bp = Blueprint("reminders", __name__)


def send_daily_reminders() -> tuple[int, int]:
    """Mail every digest of every organisation once today; returns (sent, failed). A failure is logged and
    the user's digest is tried again on the next run (nothing is recorded for it)."""
    settings = smtp_settings()
    today = clock.today()
    sent = failed = 0
    with Session(engine(), expire_on_commit=False) as session:
        for organisation in session.exec(select(Organisation)).all():
            for digest in digests(session=session, organisation=organisation, today=today):
                message = EmailMessage()
                message["Subject"] = digest.subject()
                message["From"] = settings.sender
                message["To"] = digest.email
                message["Date"] = formatdate(localtime=True)
                message["Message-ID"] = make_msgid(domain="naleving")
                message.set_content(digest.body())
                try:
                    send_message(settings, message)
                except MailError as error:
                    current_app.logger.warning("herinnering aan %s niet verstuurd: %s", digest.email, error)
                    failed += 1
                    continue
                record_sent(session=session, digest=digest, today=today)
                session.commit()
                sent += 1
    return sent, failed


@bp.route("/o/<slug>/herinneringen", methods=["GET", "POST"])
@organisation_view(Permission.VIEW)
def preferences(organisation: Organisation):
    db = get_session()
    form = ReminderForm()
    if form.validate_on_submit():
        set_reminders(session=db, user=current_user, enabled=bool(form.enabled.data), actor=acting_user())
        db.commit()
        flash(_("Uw keuze voor herinneringen is opgeslagen."), "success")
        return redirect(url_for("reminders.preferences", slug=organisation.slug))
    if not form.is_submitted():
        form.enabled.data = reminders_enabled(session=db, user_id=current_user.id)
    return render_template("plan/reminders.html", organisation=organisation, form=form)
