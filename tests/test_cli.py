from __future__ import annotations

import pytest
from sqlmodel import select

from core.models import AuditEvent, Membership, Organisation, Role, User
from tests.factories import PASSWORD


def test_help_lists_the_commands(cli):
    result = cli("--help")
    assert result.exit_code == 0
    commands = (
        "init demo user org catalogue answers evidence risks report scheduler schedule backup restore serve"
    )
    for command in commands.split():
        assert f"\n  {command} " in result.stdout, command


@pytest.mark.parametrize(
    "args",
    [
        ["bestaat-niet"],
        ["user", "create", "--email", "x@y.nl"],
        ["user", "create", "--email", "x@y.nl", "--role", "koning", "--org", "voorbeeld"],
    ],
)
def test_bad_arguments_give_one_line_and_exit_1(cli, args):
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("naleving: ")
    assert "Traceback" not in result.stderr


def test_demo_is_idempotent(cli, db, monkeypatch):
    monkeypatch.setenv("NALEVING_DEMO_PASSWORD", "demo-password-123")
    first = cli("demo")
    assert first.exit_code == 0, first.stderr
    assert "ciso@voorbeeld.nl" in first.stdout and "demo-password-123" in first.stdout
    second = cli("demo")
    assert second.exit_code == 0
    assert len(db.exec(select(Organisation)).all()) == 2
    emails = {u.email for u in db.exec(select(User)).all()}
    assert {
        "admin@voorbeeld.nl",
        "ciso@voorbeeld.nl",
        "auditor@voorbeeld.nl",
        "management@voorbeeld.nl",
    } <= emails
    voorbeeld = db.exec(select(Organisation).where(Organisation.slug == "voorbeeld")).one()
    assert voorbeeld.provider_id is not None


def test_demo_generates_and_keeps_a_password(cli, app):
    monkeypatch_free = cli("demo")
    assert monkeypatch_free.exit_code == 0
    password = app.instance_path + "/demo_password"
    with open(password) as handle:
        generated = handle.read().strip()
    assert generated in monkeypatch_free.stdout
    assert generated in cli("demo").stdout


def test_user_create_with_password_from_stdin(cli, client, db):
    cli("org", "create", "--slug", "voorbeeld", "--name", "Gemeente Voorbeeld")
    result = cli(
        "user",
        "create",
        "--email",
        "new@voorbeeld.nl",
        "--role",
        "ciso",
        "--org",
        "voorbeeld",
        "--password-stdin",
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.stderr
    assert (
        client.post(
            "/login", data={"email": "new@voorbeeld.nl", "password": "a long enough password"}
        ).status_code
        == 302
    )
    membership = db.exec(select(Membership)).one()
    assert membership.role == "ciso"


def test_user_create_unknown_organisation(cli):
    result = cli("user", "create", "--email", "a@b.nl", "--role", "ciso", "--org", "nergens")
    assert result.exit_code == 1
    assert result.stderr.strip() == "naleving: onbekende organisatie 'nergens'"


def test_user_create_short_password(cli):
    cli("org", "create", "--slug", "voorbeeld", "--name", "Gemeente Voorbeeld")
    result = cli(
        "user",
        "create",
        "--email",
        "a@b.nl",
        "--role",
        "ciso",
        "--org",
        "voorbeeld",
        "--password-stdin",
        input="kort\n",
    )
    assert result.exit_code == 1 and "te kort" in result.stderr


def test_init_creates_the_database_and_loads_the_catalogue(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("NALEVING_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    first = cli("init")
    assert first.exit_code == 0, first.stderr
    assert "catalogus 2026.3" in first.stdout and "nieuw" in first.stdout
    second = cli("init")
    assert second.exit_code == 0 and "ongewijzigd" in second.stdout


def test_a_database_that_was_never_initialised_gives_one_line(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("NALEVING_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    result = cli("user", "create", "--email", "a@b.nl", "--role", "ciso", "--org", "voorbeeld")
    assert result.exit_code == 1
    assert result.stderr.startswith("naleving: databasefout:") and "naleving init" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("area", ["answers", "risks"])
def test_imports_refuse_a_file_over_the_limit(cli, tmp_path, monkeypatch, area):
    monkeypatch.setenv("NALEVING_IMPORT_MAX_BYTES", "1000")
    big = tmp_path / "groot.xlsx"
    big.write_bytes(b"x" * 1001)
    result = cli(area, "import", "--org", "voorbeeld", str(big))
    assert result.exit_code == 1 and "bestand groter dan" in result.stderr
    missing = cli(area, "import", "--org", "voorbeeld", str(tmp_path / "weg.xlsx"))
    assert missing.exit_code == 1 and "bestand niet gevonden" in missing.stderr


def test_user_remove_takes_away_access_but_never_from_the_last_admin(cli, client, db, world):
    ciso = world.user(Role.CISO)
    result = cli("user", "remove", "--email", ciso.email, "--org", "voorbeeld")
    assert (result.exit_code, result.stdout) == (0, f"{ciso.email} heeft geen toegang meer tot voorbeeld\n")
    db.expire_all()
    remaining = db.exec(select(Membership).where(Membership.organisation_id == world.own.id)).all()
    assert ciso.id not in {membership.user_id for membership in remaining}
    assert (
        db.exec(select(AuditEvent).where(AuditEvent.action == "membership.removed")).one().subject
        == ciso.email
    )

    for args, message in [
        (["--email", ciso.email, "--org", "voorbeeld"], f"{ciso.email} is geen lid van Gemeente Voorbeeld"),
        (["--email", world.user(Role.ADMIN).email, "--org", "voorbeeld"], "de laatste beheerder"),
        (
            ["--email", "niemand@voorbeeld.nl", "--org", "voorbeeld"],
            "onbekende gebruiker 'niemand@voorbeeld.nl'",
        ),
        (["--email", ciso.email, "--org", "nergens"], "onbekende organisatie 'nergens'"),
    ]:
        refused = cli("user", "remove", *args)
        assert (
            refused.exit_code == 1 and refused.stderr.startswith("naleving: ") and message in refused.stderr
        )
        assert refused.stderr.count("\n") == 1
    db.expire_all()
    assert len(db.exec(select(Membership).where(Membership.organisation_id == world.own.id)).all()) == len(
        remaining
    )


def test_user_password_sets_a_new_password_and_ends_the_users_sessions(app, cli, db, world):
    signed_in = app.test_client()
    assert (
        signed_in.post("/login", data={"email": "ciso@voorbeeld.nl", "password": PASSWORD}).status_code == 302
    )
    assert signed_in.get("/o/voorbeeld/").status_code == 200

    result = cli(
        "user", "password", "--email", "ciso@voorbeeld.nl", "--password-stdin", input="een nieuwe zin\n"
    )

    assert (result.exit_code, result.stdout) == (
        0,
        "nieuw wachtwoord voor ciso@voorbeeld.nl; zijn sessies zijn beëindigd\n",
    )
    assert signed_in.get("/o/voorbeeld/").status_code == 302  # logged out
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": "ciso@voorbeeld.nl", "password": PASSWORD}).status_code == 401
    assert (
        fresh.post("/login", data={"email": "ciso@voorbeeld.nl", "password": "een nieuwe zin"}).status_code
        == 302
    )

    generated = cli("user", "password", "--email", "ciso@voorbeeld.nl")
    password = generated.stdout.rsplit("wachtwoord: ", 1)[1].strip()
    assert len(password) >= 12
    assert (
        app.test_client()
        .post("/login", data={"email": "ciso@voorbeeld.nl", "password": password})
        .status_code
        == 302
    )


def test_user_password_refusals_change_nothing(cli, db, world):
    before = world.user(Role.CISO).password_hash
    short = cli("user", "password", "--email", "ciso@voorbeeld.nl", "--password-stdin", input="kort\n")
    unknown = cli("user", "password", "--email", "niemand@voorbeeld.nl")
    assert short.exit_code == 1 and short.stderr.startswith("naleving: wachtwoord te kort")
    assert (unknown.exit_code, unknown.stderr) == (
        1,
        "naleving: onbekende gebruiker 'niemand@voorbeeld.nl'\n",
    )
    db.expire_all()
    assert db.get(User, world.user(Role.CISO).id).password_hash == before


def test_org_set_changes_what_is_given_and_keeps_the_rest(cli, db, world):
    result = cli(
        "org", "set", "--slug", "voorbeeld", "--name", "  Gemeente Voorbeeld-Zuid ", "--review-months", "6"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "organisatie gewijzigd: voorbeeld: Gemeente Voorbeeld-Zuid; leverancier geen; herbeoordeling na 6 maanden; "
        "planhorizon 3 jaar\n"
    )
    assert cli("org", "set", "--slug", "voorbeeld", "--plan-horizon", "5").stdout.endswith(
        "planhorizon 5 jaar\n"
    )
    assert cli("org", "set", "--slug", "voorbeeld", "--provider", "andere").exit_code == 0
    db.expire_all()
    own = db.get(Organisation, world.own.id)
    assert (own.name, own.provider_id, own.review_interval_months, own.plan_horizon_years) == (
        "Gemeente Voorbeeld-Zuid",
        world.other.id,
        6,
        5,
    )
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "organisation.changed")).all()
    assert [e.subject for e in event] == ["voorbeeld", "voorbeeld", "voorbeeld"]

    assert cli("org", "set", "--slug", "voorbeeld", "--no-provider").exit_code == 0
    db.expire_all()
    assert db.get(Organisation, world.own.id).provider_id is None


def test_org_set_refuses_a_provider_cycle_and_bad_values(cli, db, world):
    assert cli("org", "set", "--slug", "voorbeeld", "--provider", "andere").exit_code == 0
    db.expire_all()
    before = [
        (o.id, o.name, o.provider_id, o.review_interval_months, o.plan_horizon_years)
        for o in db.exec(select(Organisation)).all()
    ]
    for args, message in [
        (
            ["--slug", "andere", "--provider", "voorbeeld"],
            "voorbeeld kan niet de leverancier van andere zijn",
        ),
        (
            ["--slug", "voorbeeld", "--provider", "voorbeeld"],
            "voorbeeld kan niet de leverancier van voorbeeld",
        ),
        (["--slug", "voorbeeld", "--review-months", "37"], "herbeoordeling na 1 tot en met 36 maanden"),
        (["--slug", "voorbeeld", "--plan-horizon", "0"], "planhorizon 1 tot en met 10 jaar"),
        (["--slug", "voorbeeld", "--plan-horizon", "11"], "planhorizon 1 tot en met 10 jaar"),
        (["--slug", "voorbeeld", "--name", "   "], "naam van de organisatie: 1 tot 200 tekens"),
        (["--slug", "voorbeeld", "--provider", "andere", "--no-provider"], "gaan niet samen"),
        (["--slug", "voorbeeld", "--provider", "nergens"], "onbekende organisatie 'nergens'"),
        (["--slug", "nergens", "--name", "X"], "onbekende organisatie 'nergens'"),
    ]:
        result = cli("org", "set", *args)
        assert result.exit_code == 1 and message in result.stderr, (args, result.stderr)
        assert result.stderr.count("\n") == 1
    db.expire_all()
    assert [
        (o.id, o.name, o.provider_id, o.review_interval_months, o.plan_horizon_years)
        for o in db.exec(select(Organisation)).all()
    ] == before
