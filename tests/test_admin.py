from __future__ import annotations

from sqlmodel import select

from core.models import AuditEvent, Membership, Organisation, Role


def test_bad_member_form_changes_nothing(client, world, login_as, db):
    login_as(Role.ADMIN)
    before = len(db.exec(select(Membership)).all())
    response = client.post("/o/voorbeeld/beheer/gebruikers", data={"email": "geen-adres", "role": "koning"})
    assert response.status_code == 200
    assert len(db.exec(select(Membership)).all()) == before


def test_admin_changes_a_role_and_it_is_logged(client, world, login_as, db):
    login_as(Role.ADMIN)
    ciso = world.user(Role.CISO)
    client.post(f"/o/voorbeeld/beheer/gebruikers/{ciso.id}/rol", data={"role": "auditor"})
    membership = db.exec(select(Membership).where(Membership.user_id == ciso.id)).one()
    db.refresh(membership)
    assert membership.role == "auditor"
    log = client.get("/o/voorbeeld/beheer/logboek").get_data(as_text=True)
    assert "Rol gewijzigd" in log and "ciso@voorbeeld.nl" in log
    assert '<del>ciso</del> → <span class="visually-hidden">naar </span><ins>auditor</ins>' in log


def test_last_admin_cannot_be_removed(client, world, login_as, db):
    admin = login_as(Role.ADMIN)
    client.post(f"/o/voorbeeld/beheer/gebruikers/{admin.id}/verwijderen", data={})
    assert db.exec(select(Membership).where(Membership.user_id == admin.id)).first() is not None


def test_admin_cannot_touch_members_of_another_organisation(client, world, login_as, db):
    login_as(Role.ADMIN)
    stranger = world.user(Role.CISO, "other")
    assert (
        client.post(f"/o/voorbeeld/beheer/gebruikers/{stranger.id}/rol", data={"role": "admin"}).status_code
        == 404
    )


def test_settings_provider_choice_only_lists_own_organisations(client, world, login_as):
    login_as(Role.ADMIN)
    page = client.get("/o/voorbeeld/beheer/instellingen").get_data(as_text=True)
    assert "Gemeente Andere" not in page


def test_admin_creates_an_organisation(client, world, login_as, db):
    login_as(Role.ADMIN)
    response = client.post("/beheer/organisaties/nieuw", data={"name": "Gemeente Nieuw", "slug": "nieuw"})
    assert response.status_code == 302
    assert client.get("/o/nieuw/").status_code == 200
    response = client.post("/beheer/organisaties/nieuw", data={"name": "Dubbel", "slug": "nieuw"})
    assert "bestaat al" in response.get_data(as_text=True)


def test_settings_are_saved_through_the_domain_and_audited(client, world, login_as, db):
    login_as(Role.ADMIN)
    response = client.post(
        "/o/voorbeeld/beheer/instellingen",
        data={
            "name": " Gemeente Voorbeeld-Noord ",
            "provider": "0",
            "review_interval_months": "18",
            "plan_horizon_years": "3",
        },
    )
    assert response.status_code == 302
    db.expire_all()
    own = db.get(Organisation, world.own.id)
    assert (own.name, own.provider_id, own.review_interval_months) == ("Gemeente Voorbeeld-Noord", None, 18)
    assert (
        db.exec(select(AuditEvent).where(AuditEvent.action == "organisation.changed")).one().subject
        == "voorbeeld"
    )

    refused = client.post(
        "/o/voorbeeld/beheer/instellingen",
        data={
            "name": "Anders",
            "provider": str(world.other.id),
            "review_interval_months": "12",
            "plan_horizon_years": "3",
        },
    )
    assert refused.status_code == 200  # not one of the admin's own organisations: not a choice
    db.expire_all()
    assert db.get(Organisation, world.own.id).name == "Gemeente Voorbeeld-Noord"
