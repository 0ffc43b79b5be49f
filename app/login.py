"""Flask-Login wiring: sessions identify a user by a rotating login token, never by the numeric id."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user
from sqlmodel import select

from app.db import get_session
from core.actor import Actor
from core.models import User

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = _l("Log in om deze pagina te zien.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(token: str) -> User | None:
    return get_session().exec(select(User).where(User.login_token == token, User.active)).first()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)


def acting_user() -> Actor:
    """The logged-in user of this request as the domain's acting user (with the client's address)."""
    return Actor.of(current_user, ip=request.remote_addr or "")
