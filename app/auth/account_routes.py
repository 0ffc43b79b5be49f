"""The user's own account: their sessions (and ending the others), the password, the second factor."""

from __future__ import annotations

import segno
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.forms import CodeForm, ConfirmForm, PasswordChangeForm
from app.auth.routes import bp
from app.db import get_session
from app.login import acting_user, current_session_id, lifetime, source_for, throttle
from app.problems import messages
from core.accounts import set_password
from core.errors import RuleError
from core.mfa import (
    begin_enrolment,
    confirm_enrolment,
    has_mfa,
    new_recovery_codes,
    provisioning_uri,
    recovery_codes_left,
)
from core.passwords import verify_password
from core.sessions import end_sessions_of, open_sessions
from core.signin import check_secret, mfa_required
from core.throttle import Attempt, seconds_to_wait


@bp.route("/account")
@login_required
def account():
    db = get_session()
    return render_template(
        "auth/account.html",
        sessions=open_sessions(session=db, user_id=current_user.id, lifetime=lifetime()),
        current_id=current_session_id(),
        mfa_on=has_mfa(session=db, user_id=current_user.id),
        mfa_required=mfa_required(session=db, user_id=current_user.id),
        codes_left=recovery_codes_left(session=db, user_id=current_user.id),
        form=ConfirmForm(),
    )


@bp.route("/account/sessies/andere-beeindigen", methods=["POST"])
@login_required
def end_other_sessions():
    if ConfirmForm().validate_on_submit():
        db = get_session()
        ended = end_sessions_of(
            session=db,
            user_id=current_user.id,
            reason="ended_by_user",
            actor=acting_user(),
            keep=current_session_id(),
        )
        db.commit()
        flash(_("%(count)s andere sessie(s) beëindigd.", count=ended), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@login_required
def change_password():
    """The current password is checked like a login: throttled per account and address, failures logged."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        db = get_session()
        user = current_user._get_current_object()
        common = {
            "session": db,
            "kind": Attempt.REAUTH,
            "email": user.email,
            "source": source_for(user.email),
        }
        waiting = seconds_to_wait(**common, throttle=throttle())
        correct = None if waiting else verify_password(user.password_hash, form.current.data)
        check = check_secret(**common, throttle=throttle(), correct=correct, user=user)
        db.commit()
        if check.refusal == "wait":
            form.current.errors.append(
                _("Te veel mislukte pogingen; wacht %(s)s seconden.", s=check.wait_seconds)
            )
        elif check.refusal:
            form.current.errors.append(_("Het huidige wachtwoord klopt niet."))
        else:
            try:
                set_password(
                    session=db,
                    user=user,
                    password=form.new.data,
                    actor=acting_user(),
                    keep_session=current_session_id(),
                )
            except RuleError as error:
                db.rollback()
                form.new.errors.extend(messages(error))
            else:
                db.commit()
                flash(_("Uw wachtwoord is gewijzigd. Andere sessies zijn afgemeld."), "success")
                return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form)


def _qr_svg(uri: str) -> str:
    return segno.make(uri, error="m").svg_inline(scale=5, light="#fff", title=_("QR-code voor uw app"))


@bp.route("/account/tweestaps", methods=["GET", "POST"])
@login_required
def mfa_setup():
    """Set up TOTP: scan the QR code (or type the key), enter the first code; the recovery codes are shown once."""
    db = get_session()
    user = current_user._get_current_object()
    if has_mfa(session=db, user_id=user.id):
        return redirect(url_for("auth.account"))
    credential = begin_enrolment(session=db, user=user)
    db.commit()
    form = CodeForm()
    if form.validate_on_submit():
        try:
            codes = confirm_enrolment(session=db, user=user, code=form.code.data, actor=acting_user())
        except RuleError as error:
            db.rollback()
            form.code.errors.extend(messages(error))
        else:
            db.commit()
            return render_template("auth/recovery_codes.html", codes=codes, first=True)
    uri = provisioning_uri(credential, user.email)
    return render_template("auth/mfa_setup.html", form=form, qr=_qr_svg(uri), secret=credential.secret)


@bp.route("/account/tweestaps/herstelcodes", methods=["POST"])
@login_required
def renew_recovery_codes():
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("auth.account"))
    db = get_session()
    try:
        codes = new_recovery_codes(session=db, user=current_user._get_current_object(), actor=acting_user())
    except RuleError as error:
        for message in messages(error):
            flash(message, "error")
        return redirect(url_for("auth.account"))
    db.commit()
    return render_template("auth/recovery_codes.html", codes=codes, first=False)
