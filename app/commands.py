"""What the commands of every area share: the user error, the app of the `naleving` run and a database session in
it, and the look-ups that end a command with one line. The `naleving` group itself is `app.cli`; areas import this
module, never that one, so no import runs back from an area into the group that lists it.

This module imports only click and the standard library at its top (the rest inside the functions): a command's
module imports it, and `naleving COMMAND --help` should not load the database layer (tests/test_startup.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from core.ranges import MAX_ID, date_problem
from core.text import text_problem

if TYPE_CHECKING:
    from flask import Flask
    from flask.ctx import AppContext
    from sqlmodel import Session

    from core.errors import Problem, RuleError
    from core.models import Organisation, User


class CLIError(click.ClickException):
    """A user error: one line on stderr, exit status 1."""

    exit_code = 1

    @classmethod
    def of(cls, error: RuleError, *, prefix: str = "", suffix: str = "") -> CLIError:
        """A broken rule worded in the app's language, its problems on one line between prefix and suffix."""
        from app.problems import messages

        return cls(prefix + "; ".join(messages(error)) + suffix)


@dataclass
class _Run:
    app: Flask | None = None
    context: AppContext | None = None


_RUN: ContextVar[_Run | None] = ContextVar("naleving_run", default=None)


@contextmanager
def command_run() -> Iterator[None]:
    """One `naleving` run (app/cli.py main): its app is built when a command first needs it (command_app), and
    at the end its engine is closed and its app context popped."""
    run = _Run()
    token = _RUN.set(run)
    try:
        yield
    finally:
        _RUN.reset(token)
        if run.app is not None and run.context is not None:
            try:
                run.app.extensions["naleving.engine"].dispose()
            finally:
                run.context.pop()


def command_app() -> Flask:
    """The app of this `naleving` run, built without its pages (create_app(serves=False)) and its context pushed
    the first time a command runs: a command's help, and a usage error, need no app. Outside a run (a job of
    the scheduler, a test) the current app."""
    from flask import current_app

    run = _RUN.get()
    if run is None:
        return cast("Flask", current_app._get_current_object())  # type: ignore[attr-defined]
    if run.app is None:
        from app import create_app

        app = create_app(serves=False)
        run.context = app.app_context()
        run.context.push()
        run.app = app
    return run.app


def word_in_app(problem: Problem) -> str:
    """A problem worded in the language of the app of this run (its default language), building it if needed."""
    from app.problems import word

    command_app()
    return word(problem)


@contextmanager
def app_session() -> Iterator[Session]:
    """A database session of the current app (`naleving` runs every command inside its app context); commits
    when the block succeeds, rolls back otherwise."""
    from sqlmodel import Session

    from app.db import engine

    with Session(engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def summarise_problems(problems: list[str]) -> str:
    more = len(problems) - 1
    return problems[0] + (f" (en nog {more}; zie 'naleving catalogue check')" if more else "")


def read_import_file(path: Path) -> bytes:
    """The bytes of a file to import, refused when missing or larger than the import limit of the web forms
    (IMPORT_MAX_BYTES of the app's config)."""
    from flask import current_app

    limit = current_app.config["IMPORT_MAX_BYTES"]
    if not path.is_file():
        raise CLIError(f"bestand niet gevonden: {path}")
    if path.stat().st_size > limit:
        raise CLIError(f"bestand groter dan {limit // (1024 * 1024)} MB: {path}")
    return path.read_bytes()


def organisation_or_fail(session: Session, slug: str) -> Organisation:
    from core.accounts import organisation_by_slug

    organisation = organisation_by_slug(session=session, slug=slug)
    if organisation is None:
        raise CLIError(f"onbekende organisatie '{slug}'")
    return organisation


def user_or_fail(session: Session, email: str) -> User:
    from core.accounts import user_by_email

    account = user_by_email(session=session, email=email)
    if account is None:
        raise CLIError(f"onbekende gebruiker '{email}'")
    return account


# The ranges of the commands' numbers (core.ranges): an id is a positive INTEGER (up to MAX_ID); anything else
# is refused by click with one line, before the database sees it.
ID = click.IntRange(1, MAX_ID)


class Day(click.ParamType):
    """A date written JJJJ-MM-DD, within core.ranges' years (2000 to 2100)."""

    name = "JJJJ-MM-DD"

    def convert(self, value, param, ctx) -> date:
        if isinstance(value, date):
            return value
        try:
            day = date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(f"ongeldige datum '{value}' (gebruik JJJJ-MM-DD)", param, ctx)
        problem = date_problem(day)
        if problem is not None:
            self.fail(word_in_app(problem), param, ctx)
        return day


DAY = Day()


def check_arguments(args: list[str]) -> None:
    """Refuse a command line with a control character, or a bidirectional control (core.text), in any argument:
    one line, before any option is parsed."""
    for number, arg in enumerate(args, start=1):
        problem = text_problem(arg, bidi=True)
        if problem is not None:
            raise CLIError(f"argument {number}: {word_in_app(problem)}")
