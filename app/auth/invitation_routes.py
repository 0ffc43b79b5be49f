"""Accepting an invitation: a new address chooses its own password; an existing user accepts signed in."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth.forms import ConfirmForm, NewAccountForm
from app.auth.routes import bp
from app.db import get_session
from app.login import acting_user, begin_session, client_ip
from app.problems import messages
from core.accounts import user_by_email
from core.errors import RuleError
from core.invitations import accept_as_new_user, accept_as_user, invitation_by_token
from core.models import Organisation
from core.signin import mfa_required


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
def invitation(token: str):
    db = get_session()
    found = invitation_by_token(session=db, token=token)
    if found is None:
        abort(404)
    organisation = db.get(Organisation, found.organisation_id)
    if user_by_email(session=db, email=found.email) is not None:
        return _existing_user(token, found, organisation)
    form = NewAccountForm()
    if form.validate_on_submit():
        try:
            user = accept_as_new_user(
                session=db,
                invitation=found,
                name=form.name.data or "",
                password=form.password.data,
                ip=client_ip(),
            )
        except RuleError as error:
            db.rollback()
            form.password.errors.extend(messages(error))
        else:
            db.commit()
            must_enrol = mfa_required(session=db, user_id=user.id)
            begin_session(user, method="password", must_enrol_mfa=must_enrol)
            flash(_("Welkom! U heeft nu toegang tot %(org)s.", org=organisation.name), "success")
            return redirect(url_for("auth.mfa_setup" if must_enrol else "main.index"))
    return render_template("auth/invitation.html", invitation=found, organisation=organisation, form=form)


def _existing_user(token: str, found, organisation):
    """The address has an account: it accepts signed in as that account (the page tells no one else)."""
    form = ConfirmForm()
    signed_in = current_user.is_authenticated and current_user.email == found.email
    if signed_in and form.validate_on_submit():
        db = get_session()
        try:
            accept_as_user(
                session=db, invitation=found, user=current_user._get_current_object(), actor=acting_user()
            )
        except RuleError as error:
            for message in messages(error):
                flash(message, "error")
        else:
            db.commit()
            flash(_("U heeft nu toegang tot %(org)s.", org=organisation.name), "success")
            return redirect(url_for("main.dashboard", slug=organisation.slug))
    return render_template(
        "auth/invitation_existing.html",
        invitation=found,
        organisation=organisation,
        form=form,
        signed_in=signed_in,
        login_url=url_for("auth.login", next=url_for("auth.invitation", token=token)),
    )
