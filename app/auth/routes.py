"""Login, logout, language choice and the user's own password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth.forms import LoginForm, PasswordChangeForm
from app.db import get_session
from app.login import acting_user
from core.accounts import authenticate, set_password
from core.audit import record_event
from core.passwords import verify_password

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str | None:
    """Only redirect to a path on this site after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        db = get_session()
        user, reason = authenticate(
            session=db,
            email=form.email.data,
            password=form.password.data,
            ip=request.remote_addr or "",
            max_failures=current_app.config["LOGIN_MAX_FAILURES"],
            lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"],
        )
        db.commit()
        if user is None:
            if reason == "locked":
                flash(
                    _(
                        "Te veel mislukte pogingen. Probeer het over %(minutes)s minuten opnieuw.",
                        minutes=current_app.config["LOGIN_LOCK_MINUTES"],
                    ),
                    "error",
                )
            else:
                flash(_("Onbekend e-mailadres of onjuist wachtwoord."), "error")
            return render_template("auth/login.html", form=form), 401 if reason == "invalid" else 429
        locale = session.get("locale")
        session.clear()  # a fresh session on login: no fixation
        if locale:
            session["locale"] = locale
        login_user(user)
        return redirect(_safe_next(request.args.get("next")) or url_for("main.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    db = get_session()
    record_event(session=db, action="logout", actor=acting_user(), subject=current_user.email)
    db.commit()
    locale = session.get("locale")
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/taal/<code>", methods=["POST"])
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
    return redirect(_safe_next(request.form.get("next")) or url_for("main.index"))


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        db = get_session()
        if not verify_password(current_user.password_hash, form.current.data):
            form.current.errors.append(_("Het huidige wachtwoord klopt niet."))
        else:
            user = current_user._get_current_object()
            set_password(session=db, user=user, password=form.new.data, actor=acting_user())
            db.commit()
            login_user(user)  # the token rotated: keep this session, end the others
            flash(_("Uw wachtwoord is gewijzigd. Andere sessies zijn afgemeld."), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form)
