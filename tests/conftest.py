"""Fixtures: a fresh database per test on SQLite (default) or PostgreSQL (NALEVING_TEST_DB=postgresql),
the app, its client, the CLI, and logins per role."""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, select

from app import create_app
from app.db import import_models
from core.models import Organisation, Role
from tests.factories import PASSWORD, World, make_world
from tests.suite_speed import (
    Snapshot,
    commit_without_waiting_for_disk,
    empty_postgres,
    is_superuser,
    restore_postgres,
    reuse_route_builders,
    seeded_snapshot,
)

# The suite's own variables; every other NALEVING_* setting of the user's shell is dropped, so the suite runs the
# same whatever the shell has (the cli fixture and the tests set what they need).
SUITE_VARIABLES = {"NALEVING_TEST_DB", "NALEVING_TEST_POSTGRES_URL", "NALEVING_SCREENSHOTS"}
for _name in [name for name in os.environ if name.startswith("NALEVING_") and name not in SUITE_VARIABLES]:
    del os.environ[_name]

TEST_DB = os.environ.get("NALEVING_TEST_DB", "sqlite")
POSTGRES_URL = os.environ.get(
    "NALEVING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
ROOT = Path(__file__).resolve().parent.parent
MINI_CATALOGUE = ROOT / "tests" / "data" / "mini_catalogue.yaml"

import_models()
reuse_route_builders()


def pytest_report_header(config) -> str:
    return f"naleving test database: {TEST_DB}"


# The fixtures through which a test reaches a database on the pass's server: `database_url` (under app, db,
# client, cli, world, ...) and the two that make a database of their own (the migrations, `naleving init`).
DATABASE_FIXTURES = frozenset({"database_url", "empty_database", "fresh_database_url"})


def reaches_database(item) -> bool:
    """Whether the test can behave differently on PostgreSQL: it uses one of DATABASE_FIXTURES, or is marked
    `each_database` (it reaches the server by itself), and is not marked `layout` (the rule: docs/development.md)."""
    if item.get_closest_marker("layout") is not None:
        return False
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(fixtures & DATABASE_FIXTURES) or "each_database" in item.keywords


def pytest_collection_modifyitems(config, items):
    """Browser journeys run once, on the SQLite pass: they test the UI, not the database. The PostgreSQL pass
    leaves out every test that cannot behave differently there (reaches_database; docs/development.md, "Tests")."""
    if TEST_DB == "sqlite":
        return
    skip = pytest.mark.skip(reason="browser tests run on the SQLite pass only")
    kept, left_out = [], []
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
        (kept if reaches_database(item) or "browser" in item.keywords else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture(scope="session")
def database_template(tmp_path_factory) -> Iterator[str]:
    """Once per test session: an empty schema. SQLite: a template file; PostgreSQL: a fresh database."""
    if TEST_DB == "sqlite":
        path = tmp_path_factory.mktemp("db") / "template.sqlite"
        engine = create_engine(f"sqlite:///{path}")
        SQLModel.metadata.create_all(engine)
        engine.dispose()
        yield str(path)
        return
    base = make_url(POSTGRES_URL)
    name = f"naleving_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    commit_without_waiting_for_disk(admin, name)
    url = base.set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_emptier(database_template) -> Iterator:
    """PostgreSQL: one connection for the session that empties the database before each test (tests/suite_speed.py)."""
    engine = create_engine(database_template, poolclass=StaticPool)
    superuser = is_superuser(engine)
    tables = [table.name for table in SQLModel.metadata.sorted_tables]
    yield lambda: empty_postgres(engine, tables, superuser=superuser)
    engine.dispose()


@pytest.fixture
def database_url(database_template, tmp_path, request) -> str:
    """A database with the empty schema for this test alone; seeded (SEEDS) if it asks for `demo` or `catalogue`."""
    seed = next((name for name in SEEDS if name in request.fixturenames), None)
    seeded = request.getfixturevalue(f"{seed}_snapshot") if seed is not None else None
    if seeded is not None and seeded.database is not None:
        shutil.copytree(seeded.instance, request.getfixturevalue("instance_path"), dirs_exist_ok=True)
    if TEST_DB == "sqlite":
        path = tmp_path / "test.sqlite"
        shutil.copyfile(seeded.database if seeded is not None else database_template, path)
        return f"sqlite:///{path}"
    request.getfixturevalue("postgres_emptier")()
    if seed is not None and seeded.database is None:  # not a superuser: seeded for each test
        SEEDS[seed](database_template, request.getfixturevalue("instance_path"))
    elif seeded is not None:
        engine = create_engine(database_template, poolclass=StaticPool)
        restore_postgres(engine, seeded.database)
        engine.dispose()
    return database_template


DEMO_PASSWORD = "demo-password-123"


def seed_demo(database_url: str, instance: Path) -> None:
    """What the demo tests start from: the shipped catalogue loaded, then `naleving demo` (DEMO_PASSWORD)."""
    from app.cli import main

    seed_catalogue(database_url, instance)
    app = create_app(make_test_config(database_url, instance))
    settings = {
        key: app.config[key]
        for key in ("DATABASE_URL", "SECRET_KEY", "ARGON2_TIME_COST", "ARGON2_MEMORY_COST")
    }
    settings |= {
        "INSTANCE_PATH": app.instance_path,
        "SCHEDULER_ENABLED": 0,
        "GC_FREEZE": 0,
        "DEMO_PASSWORD": DEMO_PASSWORD,
    }
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(io.StringIO()) as out:
        for key, value in settings.items():
            patch.setenv(f"NALEVING_{key}", str(value))
        code = main(["demo"])
    engine_of(app).dispose()
    assert code == 0, out.getvalue()


def seed_catalogue(database_url: str, instance: Path) -> None:
    """What the catalogue tests start from: the shipped catalogue loaded, as `naleving catalogue load` does."""
    from controls.catalogue import load_catalogue_file

    app = create_app(make_test_config(database_url, instance))
    with Session(engine_of(app), expire_on_commit=False) as session:
        load_catalogue_file(session=session)
        session.commit()
    engine_of(app).dispose()


# The states a test can start from, by the fixture that asks for it (the first one asked wins; the demo holds the
# catalogue too): seeded once per worker and copied into each test's database (`database_url`).
SEEDS = {"demo": seed_demo, "catalogue": seed_catalogue}


@pytest.fixture(scope="session")
def demo_snapshot(database_template, tmp_path_factory, request) -> Snapshot:
    """Once per worker: the demo seeded (seed_demo) and kept, for every test that asks for `demo`."""
    return seeded_snapshot(
        seed_demo, TEST_DB, database_template, tmp_path_factory.mktemp("demo"), request.getfixturevalue
    )


@pytest.fixture(scope="session")
def catalogue_snapshot(database_template, tmp_path_factory, request) -> Snapshot:
    """Once per worker: the shipped catalogue loaded (seed_catalogue), for every test that asks for `catalogue`."""
    folder = tmp_path_factory.mktemp("catalogue")
    return seeded_snapshot(seed_catalogue, TEST_DB, database_template, folder, request.getfixturevalue)


@pytest.fixture
def demo(db) -> Organisation:
    """The demo as `naleving demo` leaves it on the shipped catalogue (seed_demo), made once per worker and
    copied into this test's database and instance folder: Gemeente Voorbeeld."""
    return db.exec(select(Organisation).where(Organisation.slug == "voorbeeld")).one()


def make_test_config(database_url: str, instance: Path) -> dict:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": "test-" + uuid.uuid4().hex,
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 8 * 1024,
        "SCHEDULER_ENABLED": False,
        "GC_FREEZE": False,
    }


@pytest.fixture
def make_app():
    """Build further apps in a test (other config); their engines are closed afterwards."""
    apps = []

    def build(config: dict):
        app = create_app(config)
        apps.append(app)
        return app

    yield build
    for app in apps:
        engine_of(app).dispose()
    if any(
        app.config["GC_FREEZE"] for app in apps
    ):  # built from the environment: its freeze ends with the test
        gc.unfreeze()


@pytest.fixture
def instance_path(tmp_path) -> Path:
    path = tmp_path / "instance"
    path.mkdir()
    return path


@pytest.fixture
def app_config(database_url, instance_path) -> dict:
    """Override entries in a test (or use the csrf_app fixture) before `app` is first used."""
    return make_test_config(database_url, instance_path)


@pytest.fixture
def app(app_config):
    """The app, with no context pushed: every request gets its own, as in production."""
    app = create_app(app_config)
    yield app
    engine_of(app).dispose()


def engine_of(app):
    return app.extensions["naleving.engine"]


@pytest.fixture
def app_context(app):
    """For tests that call app-layer functions (password hashing) outside a request."""
    with app.app_context():
        yield


@pytest.fixture
def db(app) -> Iterator[Session]:
    """A session on the app's database, for arranging and checking data."""
    with Session(engine_of(app), expire_on_commit=False) as session:
        yield session


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def world(app, db) -> World:
    with app.app_context():
        return make_world(db)


@pytest.fixture
def catalogue(db):
    """The shipped catalogue, loaded (seed_catalogue): once per worker, copied into this test's database before
    any other fixture writes to it. The load as a first load of the file gives it."""
    from controls.catalogue import LoadResult, current_catalogue

    return LoadResult(current_catalogue(session=db), False, list(shipped_replacements()))  # type: ignore[arg-type]


@functools.cache
def shipped_replacements() -> tuple[tuple[str, str], ...]:
    """The (old, new) pairs of the shipped file's `replaces:`, which every load of it reports."""
    from controls.catalogue import SHIPPED_CATALOGUE, check_catalogue_file

    shipped, _problems = check_catalogue_file(SHIPPED_CATALOGUE)
    assert shipped is not None
    return tuple((old, new.code) for new in shipped.requirements for old in new.replaces)


@pytest.fixture
def mini_catalogue(db):
    from controls.catalogue import load_catalogue_file

    result = load_catalogue_file(session=db, path=MINI_CATALOGUE)
    db.commit()
    return result


def login(client, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


@pytest.fixture
def login_as(client, world):
    """login_as(Role.CISO) logs in the own organisation's CISO; org='other' the other organisation's."""

    def do(role: Role, org: str = "own"):
        response = login(client, world.user(role, org).email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return world.user(role, org)

    return do


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(app, monkeypatch, capsys):
    """Run `naleving ...` in-process against the test database and instance folder."""
    from app.cli import main

    for key in ("DATABASE_URL", "INSTANCE_PATH", "SECRET_KEY", "ARGON2_TIME_COST", "ARGON2_MEMORY_COST"):
        monkeypatch.setenv(
            f"NALEVING_{key}", str(app.config[key] if key != "INSTANCE_PATH" else app.instance_path)
        )
    monkeypatch.setenv("NALEVING_SCHEDULER_ENABLED", "0")
    monkeypatch.setenv("NALEVING_GC_FREEZE", "0")

    def run(*args: str, input: str | None = None) -> CliResult:
        capsys.readouterr()
        if input is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(input))
        code = main(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def run_python(
    script: str, *args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 120
) -> list[str]:
    """What `python -c SCRIPT ARGS` printed in a fresh interpreter, line by line (for what a process loads or
    uses from its start). With `env`, the process sees only those variables and a PATH; a failure fails the test
    with the process's stderr."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=None if env is None else {"PATH": "/usr/bin:/bin", **env},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@dataclass
class QueryCounter:
    count: int = 0
    statements: list[str] = field(default_factory=list)


@pytest.fixture
def count_queries(app):
    """with count_queries() as counter: ...; counter.count is the number of SQL statements executed."""

    @contextmanager
    def counting():
        counter = QueryCounter()

        def before(conn, cursor, statement, parameters, context, executemany):
            counter.count += 1
            counter.statements.append(statement)

        engine = engine_of(app)
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


ROLES = list(Role)
