"""The database engine of the app and one SQLModel session per request."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout so it behaves like a real database."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def init_app(app: Flask) -> None:
    app.extensions["naleving.engine"] = make_engine(app.config["DATABASE_URL"])
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    return current_app.extensions["naleving.engine"]


def get_session() -> Session:
    """The request's session; created on first use, closed (rolled back if uncommitted) at teardown."""
    if "db_session" not in g:
        g.db_session = Session(engine(), expire_on_commit=False)
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def import_models() -> None:
    """Import every module that defines tables, so SQLModel.metadata is complete (Alembic, tests)."""
    import controls.answer_models  # noqa: F401
    import controls.models  # noqa: F401
    import controls.sharing_models  # noqa: F401
    import core.database_identity  # noqa: F401
    import core.identity_models  # noqa: F401
    import core.models  # noqa: F401
    import core.token_models  # noqa: F401
    import incidents.models  # noqa: F401
    import plan.models  # noqa: F401
    import reports.models  # noqa: F401
    import risk.models  # noqa: F401
    import scope.models  # noqa: F401
