"""Flask-Login wiring over server-side sessions (core.sessions): the cookie carries a random session key, every
request looks it up, and a session that was ended (logout, password change, MFA reset, removal) or ran past its
idle timeout or lifetime opens nothing. Also the device cookie that exempts the owner's browser from others'
failures (core.throttle), and the hold at the MFA enrolment page for a user whose role requires it."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import Flask, current_app, g, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.db import get_session
from core.actor import Actor
from core.models import User
from core.sessions import Lifetime, active_session, end_session
from core.signin import complete_sign_in
from core.throttle import Source, Throttle

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Log in om deze pagina te zien.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"

SESSION_KEY = "sid"
DEVICE_COOKIE = "naleving_device"
DEVICE_DAYS = 365
# Pages a user whose role requires MFA may open before it is set up.
ENROLMENT_ENDPOINTS = {"auth.mfa_setup", "auth.logout", "auth.set_language", "static", "main.healthz"}


def lifetime() -> Lifetime:
    return Lifetime(
        idle=timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"]),
        absolute=timedelta(seconds=current_app.config["PERMANENT_SESSION_LIFETIME"]),
    )


def throttle() -> Throttle:
    config = current_app.config
    return Throttle(
        free=config["LOGIN_MAX_FAILURES"],
        window=timedelta(minutes=config["LOGIN_LOCK_MINUTES"]),
        ceiling=timedelta(seconds=config["LOGIN_MAX_DELAY_SECONDS"]),
    )


@login_manager.user_loader
def load_user(_token: str) -> User | None:
    key = session.get(SESSION_KEY)
    if not key:
        return None
    db = get_session()
    found = active_session(session=db, key=key, lifetime=lifetime())
    if db.dirty:  # a session that just timed out stays ended; "last seen" moved on (before any view's work)
        db.commit()
    if found is None:
        return None
    g.user_session, user = found
    return user


def current_session_id() -> int | None:
    row = g.get("user_session")
    return row.id if row is not None else None


def client_ip() -> str:
    """The client's address: the proxy's header counts only when NALEVING_TRUSTED_PROXIES says so (ProxyFix)."""
    return request.remote_addr or ""


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="naleving-device")


def source_for(email: str) -> Source:
    """Where a try for `email` comes from: the address, and the device id when this browser's device cookie was
    given at a sign-in of that very account."""
    device = ""
    cookie = request.cookies.get(DEVICE_COOKIE)
    if cookie:
        try:
            data = _device_serializer().loads(cookie, max_age=DEVICE_DAYS * 86400)
        except BadSignature:
            data = None
        if isinstance(data, dict) and data.get("email") == email.strip().lower():
            device = str(data.get("device", ""))[:64]
    return Source(ip=client_ip(), device=device)


def begin_session(user: User, *, method: str, must_enrol_mfa: bool) -> None:
    """Every step passed: a fresh cookie session (no fixation) bound to a new server-side session."""
    db = get_session()
    key, row = complete_sign_in(
        session=db,
        user=user,
        source=Source(ip=client_ip()),
        user_agent=request.headers.get("User-Agent", ""),
        method=method,
        must_enrol_mfa=must_enrol_mfa,
    )
    db.commit()
    _fresh_cookie_session()
    session[SESSION_KEY] = key
    g.user_session = row
    login_user(user)
    g.device_cookie_for = user.email


def end_current_session(reason: str) -> None:
    row = g.get("user_session")
    if row is not None:
        db = get_session()
        end_session(session=db, row=row, reason=reason, actor=acting_user())
        db.commit()
    logout_user()
    _fresh_cookie_session()


def _fresh_cookie_session() -> None:
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


def _set_device_cookie(response):
    email = g.pop("device_cookie_for", None)
    if email:
        value = _device_serializer().dumps({"email": email, "device": secrets.token_urlsafe(16)})
        response.set_cookie(
            DEVICE_COOKIE,
            value,
            max_age=DEVICE_DAYS * 86400,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
            httponly=True,
            samesite="Lax",
        )
    return response


def _hold_for_enrolment():
    """A user whose role requires MFA goes to the enrolment page until it is set up."""
    if request.endpoint in ENROLMENT_ENDPOINTS or not current_user.is_authenticated:
        return None
    row = g.get("user_session")
    if row is not None and row.must_enrol_mfa:
        return redirect(url_for("auth.mfa_setup"))
    return None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.before_request(_hold_for_enrolment)
    app.after_request(_set_device_cookie)


def acting_user() -> Actor:
    """The logged-in user of this request as the domain's acting user (with the client's address)."""
    return Actor.of(current_user, ip=client_ip())
