"""Invitations: a new address sets its own password through a link (72 h, once); an existing user of another
organisation accepts signed in; the admin's page is the same either way; no password travels in a cookie."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import select

from core import clock
from core.models import AuditEvent, Membership, Role, User
from tests.conftest import login
from tests.factories import PASSWORD

MEMBERS = "/o/voorbeeld/beheer/gebruikers"
CHOSEN = "mijn eigen lange zin"


def invite(client, email: str, role: str = "auditor"):
    response = client.post(MEMBERS, data={"email": email, "role": role})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    match = re.search(r"http://localhost(/uitnodiging/[\w-]+)", page)
    return page, (match.group(1) if match else None)


def without_link(page: str) -> str:
    """The page with the one part that differs per invitation taken out."""
    return re.sub(r"/uitnodiging/[\w-]+", "/uitnodiging/X", re.sub(r"\b\S+@\S+\.nl\b", "E", page))


def test_a_new_user_sets_their_own_password_through_the_link(app, world, db):
    admin = app.test_client()
    login(admin, "admin@voorbeeld.nl")
    _page, link = invite(admin, "Nieuw@Voorbeeld.nl")
    assert link
    with admin.session_transaction() as cookie_session:
        assert not any("uitnodiging" in str(value) for value in cookie_session.values())
    assert db.exec(select(User).where(User.email == "nieuw@voorbeeld.nl")).first() is None  # not yet
    invitee = app.test_client()
    response = invitee.post(link, data={"name": "Nina Nieuw", "password": CHOSEN, "repeat": CHOSEN})
    assert response.status_code == 302
    user = db.exec(select(User).where(User.email == "nieuw@voorbeeld.nl")).one()
    assert db.exec(select(Membership).where(Membership.user_id == user.id)).one().role == "auditor"
    assert invitee.get("/o/voorbeeld/").status_code == 200  # signed in straight away
    assert login(app.test_client(), "nieuw@voorbeeld.nl", CHOSEN).status_code == 302
    assert app.test_client().get(link).status_code == 404  # once


def test_the_link_expires_after_72_hours(app, world, monkeypatch):
    admin = app.test_client()
    login(admin, "admin@voorbeeld.nl")
    _page, link = invite(admin, "laat@voorbeeld.nl")
    later = clock.now() + timedelta(hours=72, minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert app.test_client().get(link).status_code == 404


def test_the_invitee_gets_the_password_rules(app, world):
    admin = app.test_client()
    login(admin, "admin@voorbeeld.nl")
    _page, link = invite(admin, "zwak@voorbeeld.nl")
    response = app.test_client().post(link, data={"password": "password1234", "repeat": "password1234"})
    assert response.status_code == 200
    assert "veelgebruikte" in response.get_data(as_text=True)


def test_an_existing_user_of_another_organisation_must_accept(app, world, db):
    stranger = world.user(Role.CISO, "other")
    admin = app.test_client()
    login(admin, "admin@voorbeeld.nl")
    _page, link = invite(admin, stranger.email, "ciso")
    member_of_own = select(Membership).where(
        Membership.user_id == stranger.id, Membership.organisation_id == world.own.id
    )
    assert db.exec(member_of_own).first() is None  # no access without consent
    invitee = app.test_client()
    assert "Log in als" in invitee.get(link).get_data(as_text=True)
    assert (
        invitee.post(link, data={"password": "overgenomen!!", "repeat": "overgenomen!!"}).status_code == 200
    )
    assert db.exec(member_of_own).first() is None  # nobody takes the account over through the link
    login(invitee, stranger.email)
    assert invitee.post(link).status_code == 302
    assert db.exec(member_of_own).one().role == "ciso"
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "invitation.accepted")).one()


def test_the_admins_page_does_not_tell_whether_an_address_exists(app, world):
    admin = app.test_client()
    login(admin, "admin@voorbeeld.nl")
    existing, _ = invite(admin, world.user(Role.CISO, "other").email)
    new, _ = invite(admin, "niemand@elders.nl")
    first = without_link(existing.split("Gebruiker uitnodigen")[1])
    second = without_link(new.split("Gebruiker uitnodigen")[1])
    assert first == second


def test_someone_signed_in_as_another_user_cannot_accept(app, world, db):
    admin = app.test_client()
    login(admin, "admin@voorbeeld.nl")
    _page, link = invite(admin, world.user(Role.CISO, "other").email)
    other = app.test_client()
    login(other, world.user(Role.AUDITOR, "other").email)
    other.post(link)
    assert (
        db.exec(select(Membership).where(Membership.user_id == world.user(Role.AUDITOR, "other").id))
        .one()
        .organisation_id
        == world.other.id
    )


def test_a_withdrawn_invitation_opens_nothing(app, world, db):
    from core.identity_models import Invitation

    admin = app.test_client()
    login(admin, "admin@voorbeeld.nl")
    _page, link = invite(admin, "weg@voorbeeld.nl")
    invitation = db.exec(select(Invitation)).one()
    admin.post(f"/o/voorbeeld/beheer/uitnodigingen/{invitation.id}/intrekken")
    assert app.test_client().get(link).status_code == 404


def test_inviting_a_member_again_is_refused(app, world):
    admin = app.test_client()
    login(admin, "admin@voorbeeld.nl")
    page, link = invite(admin, "ciso@voorbeeld.nl")
    assert link is None and "al lid" in page


def test_the_command_line_prints_an_invitation_link(cli, world, app):
    result = cli("user", "invite", "--email", "cli@voorbeeld.nl", "--role", "auditor", "--org", "voorbeeld")
    assert result.exit_code == 0, result.stderr
    link = result.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"http://127\.0\.0\.1:5000/uitnodiging/[\w-]+", link)
    path = link.removeprefix("http://127.0.0.1:5000")
    assert app.test_client().get(path).status_code == 200


def test_the_command_line_withdraws_an_invitation(cli, world, app):
    made = cli("user", "invite", "--email", "cli@voorbeeld.nl", "--role", "auditor", "--org", "voorbeeld")
    path = made.stdout.strip().splitlines()[-1].removeprefix("http://127.0.0.1:5000")
    assert cli("user", "uninvite", "--email", "CLI@voorbeeld.nl", "--org", "andere").exit_code == 1
    withdrawn = cli("user", "uninvite", "--email", "CLI@voorbeeld.nl", "--org", "voorbeeld")
    assert withdrawn.exit_code == 0, withdrawn.stderr
    assert app.test_client().get(path).status_code != 200  # the link no longer works
    again = cli("user", "uninvite", "--email", "cli@voorbeeld.nl", "--org", "voorbeeld")
    assert again.exit_code == 1 and "geen open uitnodiging" in again.stderr


def test_the_invitation_page_uses_no_password_of_the_admin(app, world):
    """A regression guard: the old add-user form showed a generated password in the flash (a cookie)."""
    admin = app.test_client()
    login(admin, "admin@voorbeeld.nl")
    page, _ = invite(admin, "x@voorbeeld.nl")
    assert "wachtwoord (eenmalig getoond)" not in page and PASSWORD not in page
