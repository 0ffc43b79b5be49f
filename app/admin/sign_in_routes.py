"""The organisation's sign-in policy: which roles must use a second factor, and whether passwords are allowed."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin.forms import MfaRolesForm
from app.admin.routes import bp
from app.db import get_session
from app.login import acting_user
from app.security import Permission, organisation_view
from core.models import Organisation, Role
from core.signin import mfa_roles_of, password_login_of, set_mfa_roles, set_password_login


@bp.route("/o/<slug>/beheer/aanmelden", methods=["GET", "POST"])
@organisation_view(Permission.MANAGE_USERS)
def sign_in_policy(organisation: Organisation):
    db = get_session()
    current = {
        "roles": [role.value for role in mfa_roles_of(session=db, organisation_id=organisation.id)],
        "password_login": password_login_of(session=db, organisation_id=organisation.id),
    }
    form = MfaRolesForm(data=current if request.method == "GET" else None)
    if form.validate_on_submit():
        roles = [Role(value) for value in form.roles.data or []]
        set_mfa_roles(session=db, organisation=organisation, roles=roles, actor=acting_user())
        set_password_login(
            session=db, organisation=organisation, allowed=bool(form.password_login.data), actor=acting_user()
        )
        db.commit()
        flash(_("Aanmeldbeleid opgeslagen; het geldt vanaf de volgende keer inloggen."), "success")
        return redirect(url_for("admin.sign_in_policy", slug=organisation.slug))
    return render_template("admin/sign_in.html", organisation=organisation, form=form)
