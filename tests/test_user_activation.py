"""Deactivating a user and activating them again: from the command line and from the admin's users page; audited,
sessions ended, never oneself and never the last active administrator of an organisation."""

from __future__ import annotations

from sqlmodel import select

from core.models import AuditEvent, Role, User
from tests.conftest import login
from tests.factories import make_user


def actions(db) -> list[tuple[str, str, int | None]]:
    return [
        (e.action, e.subject, e.actor_id) for e in db.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    ]


def active(db, user: User) -> bool:
    db.expire_all()
    return db.get(User, user.id).active


def test_the_command_deactivates_ends_sessions_and_activates_again(cli, client, db, world):
    ciso = world.user(Role.CISO)
    login(client, ciso.email)
    assert client.get("/o/voorbeeld/").status_code == 200
    result = cli("user", "deactivate", "--email", ciso.email)
    assert (result.exit_code, result.stdout) == (
        0,
        f"{ciso.email} is gedeactiveerd; zijn sessies zijn beëindigd\n",
    )
    assert not active(db, ciso)
    assert client.get("/o/voorbeeld/").status_code == 302  # the session ended: back to the login page
    assert login(client, ciso.email).status_code == 401
    assert ("user.deactivated", ciso.email, None) in actions(db)

    result = cli("user", "activate", "--email", ciso.email)
    assert (result.exit_code, result.stdout) == (0, f"{ciso.email} is weer actief\n")
    assert active(db, ciso) and login(client, ciso.email).status_code == 302
    assert ("user.activated", ciso.email, None) in actions(db)


def test_the_command_refuses_the_last_active_admin_and_unknown_users(cli, db, world):
    admin = world.user(Role.ADMIN)
    result = cli("user", "deactivate", "--email", admin.email)
    assert (result.exit_code, result.stderr) == (
        1,
        f"naleving: {admin.email} is de laatste actieve beheerder van Gemeente Voorbeeld\n",
    )
    assert active(db, admin)
    unknown = cli("user", "activate", "--email", "niemand@voorbeeld.nl")
    assert (unknown.exit_code, unknown.stderr) == (
        1,
        "naleving: onbekende gebruiker 'niemand@voorbeeld.nl'\n",
    )


def test_an_inactive_second_admin_does_not_count(cli, db, world, app_context):
    second = make_user(db, world.own, Role.ADMIN, "tweede@voorbeeld.nl")
    db.commit()
    assert cli("user", "deactivate", "--email", second.email).exit_code == 0
    assert cli("user", "deactivate", "--email", world.user(Role.ADMIN).email).exit_code == 1
    assert cli("user", "activate", "--email", second.email).exit_code == 0
    assert cli("user", "deactivate", "--email", world.user(Role.ADMIN).email).exit_code == 0


def test_the_admin_deactivates_and_activates_a_member_on_the_page(client, db, world, login_as):
    admin = login_as(Role.ADMIN)
    ciso = world.user(Role.CISO)
    page = client.get("/o/voorbeeld/beheer/gebruikers").get_data(as_text=True)
    assert f"/o/voorbeeld/beheer/gebruikers/{ciso.id}/actief" in page
    assert f"/o/voorbeeld/beheer/gebruikers/{admin.id}/actief" not in page  # no button for oneself

    response = client.post(f"/o/voorbeeld/beheer/gebruikers/{ciso.id}/actief", data={"active": "0"})
    assert response.status_code == 302
    assert not active(db, ciso)
    assert actions(db)[-1] == ("user.deactivated", ciso.email, admin.id)
    page = client.get("/o/voorbeeld/beheer/gebruikers").get_data(as_text=True)
    assert "is gedeactiveerd; zijn sessies zijn beëindigd." in page and "Activeren" in page

    client.post(f"/o/voorbeeld/beheer/gebruikers/{ciso.id}/actief", data={"active": "1"})
    assert active(db, ciso)
    client.post(f"/o/voorbeeld/beheer/gebruikers/{ciso.id}/actief", data={"active": "1"})  # a second click
    assert active(db, ciso) and [a for a, _s, _u in actions(db)].count("user.activated") == 1


def test_the_admin_cannot_deactivate_themselves(client, db, world, login_as, app_context):
    admin = login_as(Role.ADMIN)
    make_user(
        db, world.own, Role.ADMIN, "tweede@voorbeeld.nl"
    )  # so that the last-admin rule is not what stops it
    db.commit()
    client.post(f"/o/voorbeeld/beheer/gebruikers/{admin.id}/actief", data={"active": "0"})
    assert active(db, admin)
    assert "u kunt uzelf niet deactiveren" in client.get("/o/voorbeeld/beheer/gebruikers").get_data(
        as_text=True
    )


def test_only_an_admin_of_every_organisation_of_the_user_may_switch_them(
    client, db, world, login_as, app_context
):
    shared = make_user(db, world.other, Role.CISO, "ciso@voorbeeld.nl")  # the own CISO, also in the other one
    db.commit()
    login_as(Role.ADMIN)
    client.post(f"/o/voorbeeld/beheer/gebruikers/{shared.id}/actief", data={"active": "0"})
    assert active(db, shared)
    page = client.get("/o/voorbeeld/beheer/gebruikers").get_data(as_text=True)
    assert "ciso@voorbeeld.nl is ook lid van een organisatie die u niet beheert." in page


def test_other_roles_and_bad_values_are_refused(client, db, world, login_as):
    ciso = world.user(Role.CISO)
    login_as(Role.ADMIN)
    assert (
        client.post(f"/o/voorbeeld/beheer/gebruikers/{ciso.id}/actief", data={"active": "ja"}).status_code
        == 400
    )
    stranger = world.user(Role.CISO, "other")
    assert (
        client.post(f"/o/voorbeeld/beheer/gebruikers/{stranger.id}/actief", data={"active": "0"}).status_code
        == 404
    )
    client.post("/logout")
    login_as(Role.CISO)
    auditor = world.user(Role.AUDITOR)
    assert (
        client.post(f"/o/voorbeeld/beheer/gebruikers/{auditor.id}/actief", data={"active": "0"}).status_code
        == 403
    )
    assert active(db, auditor) and active(db, ciso)
