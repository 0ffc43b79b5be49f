"""Administration of an organisation: members and roles, settings; new organisations (the logboek: app/audit)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlmodel import select

from app.admin.forms import (
    ActivationForm,
    ConfirmForm,
    MailDomainsForm,
    MemberForm,
    NewOrganisationForm,
    OrganisationSettingsForm,
    PublicationForm,
    RoleForm,
)
from app.admin.mail_domains import mail_domains_context
from app.db import get_session
from app.login import acting_user
from app.problems import messages
from app.security import Permission, memberships_of, organisation_view
from core.accounts import (
    create_organisation,
    remove_membership,
    set_active,
    set_membership,
    update_organisation,
    would_cycle,
)
from core.errors import RuleError
from core.identity_models import Invitation
from core.invitations import invite, open_invitations, withdraw
from core.mail_domains import set_mail_domains
from core.models import Membership, Organisation, Role, User
from core.publication import set_published

bp = Blueprint("admin", __name__)


def _members(organisation: Organisation) -> list[tuple[User, str]]:
    return (
        get_session()
        .exec(
            select(User, Membership.role)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id == organisation.id)
            .order_by(User.email)
        )
        .all()
    )


def _member(organisation: Organisation, user_id: int) -> User:
    user = (
        get_session()
        .exec(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organisation_id == organisation.id, User.id == user_id)
        )
        .first()
    )
    if user is None:
        abort(404)
    return user


@bp.route("/o/<slug>/beheer/gebruikers", methods=["GET", "POST"])
@organisation_view(Permission.MANAGE_USERS)
def members(organisation: Organisation):
    """Invite an address with a role. The answer is the same whether the address has an account or not: the
    link goes to the invitee, who sets their own password or accepts signed in (core.invitations)."""
    form = MemberForm()
    link = None
    if form.validate_on_submit():
        db = get_session()
        try:
            token = invite(
                session=db,
                email=form.email.data,
                organisation=organisation,
                role=form.role.data,
                actor=acting_user(),
                valid_hours=current_app.config["INVITATION_HOURS"],
            )
        except RuleError as error:
            db.rollback()
            form.email.errors.extend(messages(error))
        else:
            db.commit()
            link = url_for("auth.invitation", token=token, _external=True)
            form = MemberForm(formdata=None)
    return render_template(
        "admin/members.html",
        organisation=organisation,
        members=_members(organisation),
        invitations=open_invitations(session=get_session(), organisation_id=organisation.id),
        link=link,
        form=form,
        role_form=RoleForm(),
        confirm_form=ConfirmForm(),
        activation_form=ActivationForm(),
    )


@bp.route("/o/<slug>/beheer/uitnodigingen/<int:invitation_id>/intrekken", methods=["POST"])
@organisation_view(Permission.MANAGE_USERS)
def withdraw_invitation(organisation: Organisation, invitation_id: int):
    db = get_session()
    found = db.get(Invitation, invitation_id)
    if found is None or found.organisation_id != organisation.id:
        abort(404)
    if ConfirmForm().validate_on_submit() and found.accepted_at is None and found.withdrawn_at is None:
        withdraw(session=db, invitation=found, actor=acting_user())
        db.commit()
        flash(_("Uitnodiging van %(email)s ingetrokken.", email=found.email), "success")
    return redirect(url_for("admin.members", slug=organisation.slug))


@bp.route("/o/<slug>/beheer/gebruikers/<int:user_id>/rol", methods=["POST"])
@organisation_view(Permission.MANAGE_USERS)
def change_role(organisation: Organisation, user_id: int):
    user = _member(organisation, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Kies een geldige rol."), "error")
        return redirect(url_for("admin.members", slug=organisation.slug))
    db = get_session()
    if user.id == current_user.id and form.role.data != Role.ADMIN.value:
        flash(_("U kunt uw eigen beheerrechten niet intrekken."), "error")
    else:
        set_membership(
            session=db, user=user, organisation=organisation, role=Role(form.role.data), actor=acting_user()
        )
        db.commit()
        flash(_("Rol van %(email)s gewijzigd.", email=user.email), "success")
    return redirect(url_for("admin.members", slug=organisation.slug))


@bp.route("/o/<slug>/beheer/gebruikers/<int:user_id>/verwijderen", methods=["POST"])
@organisation_view(Permission.MANAGE_USERS)
def remove_member(organisation: Organisation, user_id: int):
    user = _member(organisation, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db = get_session()
    try:
        remove_membership(session=db, user=user, organisation=organisation, actor=acting_user())
    except RuleError as error:
        for message in messages(error):
            flash(message, "error")
    else:
        db.commit()
        flash(
            _("%(email)s heeft geen toegang meer tot %(org)s.", email=user.email, org=organisation.name),
            "success",
        )
    return redirect(url_for("admin.members", slug=organisation.slug))


@bp.route("/o/<slug>/beheer/gebruikers/<int:user_id>/actief", methods=["POST"])
@organisation_view(Permission.MANAGE_USERS)
def set_member_active(organisation: Organisation, user_id: int):
    """Deactivate a member (no more logins, sessions end) or activate them again. A user is one account in every
    organisation they belong to, so only an administrator of all of them may switch it."""
    user = _member(organisation, user_id)
    form = ActivationForm()
    if not form.validate_on_submit():
        abort(400)
    if _outside_administration(user):
        flash(_("%(email)s is ook lid van een organisatie die u niet beheert.", email=user.email), "error")
        return redirect(url_for("admin.members", slug=organisation.slug))
    active = form.active.data == "1"
    db = get_session()
    try:
        set_active(session=db, user=user, active=active, actor=acting_user())
    except RuleError as error:
        for message in messages(error):
            flash(message, "error")
    else:
        db.commit()
        if active:
            flash(_("%(email)s is weer actief.", email=user.email), "success")
        else:
            flash(_("%(email)s is gedeactiveerd; zijn sessies zijn beëindigd.", email=user.email), "success")
    return redirect(url_for("admin.members", slug=organisation.slug))


def _outside_administration(user: User) -> bool:
    """Whether `user` belongs to an organisation the current user does not administer."""
    administered = {org.id for org, role in memberships_of(current_user.id) if role == Role.ADMIN}
    return any(org.id not in administered for org, _role in memberships_of(user.id))


def _provider_candidates(organisation: Organisation) -> list[Organisation]:
    """The current provider (always: saving unchanged settings keeps it, also when the admin is no member of
    it), then the organisations the admin also belongs to that would not make a provider cycle."""
    db = get_session()
    current = db.get(Organisation, organisation.provider_id) if organisation.provider_id else None
    candidates = [current] if current is not None else []
    for other, _role in memberships_of(current_user.id):
        if other.id in (organisation.id, organisation.provider_id):
            continue
        if not would_cycle(session=db, organisation=organisation, provider=other):
            candidates.append(other)
    return candidates


@bp.route("/o/<slug>/beheer/instellingen", methods=["GET", "POST"])
@organisation_view(Permission.MANAGE_USERS)
def settings(organisation: Organisation):
    candidates = _provider_candidates(organisation)
    form = OrganisationSettingsForm(
        obj=organisation if request.method == "GET" else None,
        provider=organisation.provider_id or 0,
    )
    form.provider.choices = [(0, _("Geen"))] + [(o.id, o.name) for o in candidates]
    if form.validate_on_submit():
        db = get_session()
        try:
            update_organisation(
                session=db,
                organisation=organisation,
                name=form.name.data,
                provider=db.get(Organisation, form.provider.data) if form.provider.data else None,
                review_interval_months=form.review_interval_months.data,
                plan_horizon_years=form.plan_horizon_years.data,
                actor=acting_user(),
            )
        except RuleError as error:
            db.rollback()
            form.form_errors.extend(messages(error))
        else:
            db.commit()
            flash(_("Instellingen opgeslagen."), "success")
            return redirect(url_for("admin.settings", slug=organisation.slug))
    return render_template(
        "admin/settings.html",
        organisation=organisation,
        form=form,
        publication_form=PublicationForm(published=organisation.published),
        **mail_domains_context(organisation),
    )


@bp.route("/o/<slug>/beheer/instellingen/publicatie", methods=["POST"])
@organisation_view(Permission.MANAGE_USERS)
def publication(organisation: Organisation):
    """Opt in to the public VvT (/publiek/<slug>/), or out again."""
    form = PublicationForm()
    if form.validate_on_submit():
        db = get_session()
        set_published(
            session=db, organisation=organisation, published=form.published.data, actor=acting_user()
        )
        db.commit()
        if organisation.published:
            flash(_("De vastgestelde VvT en de reikwijdte zijn nu openbaar."), "success")
        else:
            flash(_("De VvT en de reikwijdte zijn niet meer openbaar."), "success")
    return redirect(url_for("admin.settings", slug=organisation.slug) + "#publicatie")


@bp.route("/beheer/organisaties/nieuw", methods=["GET", "POST"])
@login_required
def new_organisation():
    """Any administrator may add an organisation (a new municipality in the arrangement) and becomes its admin."""
    if not any(role == Role.ADMIN for _org, role in memberships_of(current_user.id)):
        abort(403)
    form = NewOrganisationForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            organisation = create_organisation(
                session=db, name=form.name.data, slug=form.slug.data, actor=acting_user()
            )
        except RuleError as error:
            form.slug.errors.extend(messages(error))
        else:
            user = current_user._get_current_object()
            set_membership(
                session=db, user=user, organisation=organisation, role=Role.ADMIN, actor=acting_user()
            )
            db.commit()
            flash(_("Organisatie %(name)s aangemaakt.", name=organisation.name), "success")
            return redirect(url_for("main.dashboard", slug=organisation.slug))
    return render_template("admin/new_organisation.html", form=form)


@bp.route("/o/<slug>/beheer/instellingen/maildomeinen", methods=["POST"])
@organisation_view(Permission.MANAGE_USERS)
def mail_domains(organisation: Organisation):
    form = MailDomainsForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            set_mail_domains(
                session=db, organisation=organisation, text=form.mail_domains.data or "", actor=acting_user()
            )
        except RuleError as error:
            db.rollback()
            form.mail_domains.errors = [*form.mail_domains.errors, *messages(error)]
        else:
            db.commit()
            flash(_("Maildomeinen opgeslagen."), "success")
            return redirect(url_for("admin.settings", slug=organisation.slug))
    page = render_template(
        "admin/mail_domains.html", organisation=organisation, **mail_domains_context(organisation, form)
    )
    return page, 400
