"""Login (password, then the second factor where the user has one), logout and the choice of language."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlmodel import Session

from app.auth.forms import CodeForm, LoginForm, RecoveryForm
from app.db import get_session
from app.login import begin_session, end_current_session, source_for, throttle
from core.mfa import has_mfa, recovery_codes_left, use_recovery_code, verify_code
from core.models import User
from core.signin import Check, authenticate, check_secret, mfa_required
from core.throttle import Attempt, seconds_to_wait

bp = Blueprint("auth", __name__)

PENDING = "mfa_pending"  # the user who gave the right password and still owes the second factor
PENDING_SECONDS = 300


def _safe_next(target: str | None) -> str | None:
    """Only redirect to a path on this site after login."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _refused(template: str, form, check: Check):
    if check.refusal == "wait":
        flash(
            _(
                "Te veel mislukte pogingen. Probeer het over %(seconds)s seconden opnieuw.",
                seconds=check.wait_seconds,
            ),
            "error",
        )
        return render_template(template, form=form), 429
    if check.refusal == "sso_only":
        flash(_("Uw organisatie meldt aan met het account van de organisatie (single sign-on)."), "error")
        return render_template(template, form=form), 403
    if template == "auth/login.html":
        flash(_("Onbekend e-mailadres of onjuist wachtwoord."), "error")
    else:
        form.code.errors.append(_("Deze code klopt niet (of is al gebruikt)."))
    return render_template(template, form=form), 401


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        db = get_session()
        email = form.email.data.strip().lower()
        check = authenticate(
            session=db,
            email=email,
            password=form.password.data,
            source=source_for(email),
            throttle=throttle(),
        )
        db.commit()
        if check.user is None:
            return _refused("auth/login.html", form, check)
        return _after_password(db, check.user)
    return render_template("auth/login.html", form=form)


def _after_password(db: Session, user: User):
    next_url = _safe_next(request.args.get("next"))
    if has_mfa(session=db, user_id=user.id):
        locale = session.get("locale")
        session.clear()
        if locale:
            session["locale"] = locale
        session[PENDING] = {"user": user.id, "at": int(time.time()), "next": next_url}
        return redirect(url_for("auth.second_step"))
    must_enrol = mfa_required(session=db, user_id=user.id)
    begin_session(user, method="password", must_enrol_mfa=must_enrol)
    if must_enrol:
        flash(_("Uw rol vraagt om tweestapsverificatie. Stel die nu in."), "info")
        return redirect(url_for("auth.mfa_setup"))
    return redirect(next_url or url_for("main.index"))


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = get_session().get(User, pending.get("user"))
    return user if user is not None and user.active else None


def _second_factor(template: str, form, method: str, verify: Callable[[Session, User], bool]):
    """The second step, with a code from the app or a recovery code; throttled like the password."""
    user = _pending_user()
    if user is None:
        flash(_("Log opnieuw in: de tijd voor de tweede stap is verstreken."), "info")
        return redirect(url_for("auth.login"))
    if not form.validate_on_submit():
        return render_template(template, form=form)
    db = get_session()
    source = source_for(user.email)
    common = {
        "session": db,
        "kind": Attempt.MFA,
        "email": user.email,
        "source": source,
        "throttle": throttle(),
    }
    waiting = seconds_to_wait(**common)
    check = check_secret(**common, correct=None if waiting else verify(db, user), user=user)
    db.commit()
    if check.user is None:
        return _refused(template, form, check)
    next_url = session.pop(PENDING, {}).get("next")
    begin_session(user, method=method, must_enrol_mfa=False)
    if method == "password+recovery":
        left = recovery_codes_left(session=db, user_id=user.id)
        flash(_("Herstelcode gebruikt; u heeft er nog %(left)s.", left=left), "info")
    return redirect(next_url or url_for("main.index"))


@bp.route("/login/code", methods=["GET", "POST"])
def second_step():
    form = CodeForm()
    return _second_factor(
        "auth/second_step.html",
        form,
        "password+totp",
        lambda db, user: verify_code(session=db, user=user, code=form.code.data),
    )


@bp.route("/login/herstelcode", methods=["GET", "POST"])
def recovery_step():
    form = RecoveryForm()

    return _second_factor(
        "auth/recovery_step.html",
        form,
        "password+recovery",
        lambda db, user: use_recovery_code(
            session=db, user=user, code=form.code.data, ip=source_for(user.email).ip
        ),
    )


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    end_current_session("logout")
    flash(_("U bent uitgelogd."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/taal/<code>", methods=["POST"])
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
    return redirect(_safe_next(request.form.get("next")) or url_for("main.index"))
