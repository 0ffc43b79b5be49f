"""/sso/start sends the browser to the organisation's OpenID provider; /sso/callback signs in whom it confirms."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for

from app.auth.forms import LoginForm
from app.auth.routes import _safe_next
from app.db import get_session
from app.login import begin_session, client_ip
from app.problems import messages
from app.sso.client import checked_claims, client, enabled, settings
from core.errors import RuleError
from core.sso import record_refused_sign_in, user_for_identity

bp = Blueprint("sso", __name__)
NEXT = "sso_next"


@bp.route("/sso/start")
def start():
    if not enabled():
        abort(404)
    session[NEXT] = _safe_next(request.args.get("next"))
    return client().authorize_redirect(url_for("sso.callback", _external=True))


@bp.route("/sso/callback")
def callback():
    """The provider's answer: the code is exchanged (with the PKCE verifier), the ID token checked, the e-mail
    claim linked to a user; a refusal says why on the login page and in the logboek."""
    if not enabled():
        abort(404)
    db = get_session()
    try:
        claims = checked_claims(db, lambda: client().authorize_access_token()["userinfo"])
        groups = claims.get(current_app.config["OIDC_GROUPS_CLAIM"]) or []
        user = user_for_identity(
            session=db,
            email=str(claims.get("email") or ""),
            email_verified=claims.get("email_verified") is True,
            name=str(claims.get("name") or ""),
            groups=[str(group) for group in groups] if isinstance(groups, list) else [str(groups)],
            settings=settings(),
            ip=client_ip(),
        )
    except RuleError as error:
        db.rollback()
        record_refused_sign_in(session=db, code=error.problems[0].code, ip=client_ip())
        db.commit()
        for message in messages(error):
            flash(message, "error")
        return render_template("auth/login.html", form=LoginForm()), 403
    db.commit()
    next_url = session.pop(NEXT, None)
    begin_session(user, method="sso", must_enrol_mfa=False)
    return redirect(next_url or url_for("main.index"))
