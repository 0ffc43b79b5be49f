"""The account page's tokens: a user makes a token for one of their organisations (its secret shown once),
sees their tokens and revokes one. The same functions as `naleving token` (core.tokens)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.db import get_session
from app.forms import BaseForm
from app.login import acting_user
from app.problems import show_on_form
from app.security import memberships_of
from core.errors import NotFound, RuleError
from core.models import Organisation
from core.token_models import SCOPE_LABELS
from core.tokens import DEFAULT_DAYS, MAX_DAYS, create_token, revoke_token, tokens_of

bp = Blueprint("tokens", __name__)


class TokenForm(BaseForm):
    organisation = SelectField(_l("Organisatie"), coerce=int, validators=[InputRequired()])
    scope = RadioField(_l("Mag"), default="read", validators=[DataRequired()])
    days = IntegerField(
        _l("Geldig (dagen)"),
        default=DEFAULT_DAYS,
        description=_l("Hoogstens 365 dagen."),
        validators=[InputRequired(), NumberRange(min=1, max=MAX_DAYS)],
    )
    name = StringField(
        _l("Waarvoor"),
        description=_l("Bijvoorbeeld 'zaaksysteem'."),
        validators=[Optional(), Length(max=100)],
    )
    submit = SubmitField(_l("Token maken"))

    def __init__(self, organisations: list[tuple[Organisation, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [(o.id, o.name) for o, _role in organisations]
        self.scope.choices = [(value, SCOPE_LABELS.of(value, _)) for value in ("read", "write")]


class RevokeForm(BaseForm):
    token_id = IntegerField(widget=HiddenField.widget, validators=[InputRequired(), NumberRange(min=1)])
    submit = SubmitField(_l("Intrekken"))


def _page(form: TokenForm, secret: str | None = None, status: int = 200):
    lines = tokens_of(session=get_session(), user_id=current_user.id)
    return render_template(
        "api/tokens.html", form=form, lines=lines, secret=secret, revoke_form=RevokeForm()
    ), status


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    organisations = memberships_of(current_user.id)
    form = TokenForm(organisations)
    if not form.validate_on_submit():
        return _page(form, status=422 if form.is_submitted() else 200)
    db = get_session()
    organisation = next((o for o, _role in organisations if o.id == form.organisation.data), None)
    if organisation is None:
        abort(404)
    try:
        made = create_token(
            session=db,
            user=current_user._get_current_object(),
            organisation=organisation,
            scope=form.scope.data,
            days=form.days.data,
            name=form.name.data or "",
            actor=acting_user(),
        )
    except RuleError as error:
        db.rollback()
        form.form_errors.extend(show_on_form(form, error))
        return _page(form, status=422)
    db.commit()
    flash(_("Token gemaakt. Kopieer het nu: het wordt niet nog eens getoond."), "success")
    return _page(TokenForm(organisations, formdata=None), secret=made.secret)


@bp.route("/account/tokens/intrekken", methods=["POST"])
@login_required
def revoke():
    form = RevokeForm()
    if not form.validate_on_submit():
        abort(400)
    db = get_session()
    try:
        revoke_token(session=db, token_id=form.token_id.data, actor=acting_user(), user_id=current_user.id)
    except NotFound:
        abort(404)
    db.commit()
    flash(_("Token ingetrokken."), "success")
    return redirect(url_for("tokens.tokens"))


@bp.app_template_global()
def token_scope_label(scope: str) -> str:
    return SCOPE_LABELS.of(scope, _)
