"""What the commands of every area share: the user error, a database session in the app `naleving` made, and
the look-ups that end a command with one line. The `naleving` group itself is `app.cli`; areas import this
module, never that one, so no import runs back from an area into the group that lists it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click
from flask import current_app
from sqlmodel import Session

from app.db import engine
from app.problems import messages, word
from core.accounts import organisation_by_slug, user_by_email
from core.errors import RuleError
from core.models import Organisation, User
from core.ranges import MAX_ID, date_problem
from core.text import text_problem


class CLIError(click.ClickException):
    """A user error: one line on stderr, exit status 1."""

    exit_code = 1

    @classmethod
    def of(cls, error: RuleError, *, prefix: str = "", suffix: str = "") -> CLIError:
        """A broken rule worded in the app's language, its problems on one line between prefix and suffix."""
        return cls(prefix + "; ".join(messages(error)) + suffix)


@contextmanager
def app_session() -> Iterator[Session]:
    """A database session of the current app (`naleving` runs every command inside its app context); commits
    when the block succeeds, rolls back otherwise."""
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
    limit = current_app.config["IMPORT_MAX_BYTES"]
    if not path.is_file():
        raise CLIError(f"bestand niet gevonden: {path}")
    if path.stat().st_size > limit:
        raise CLIError(f"bestand groter dan {limit // (1024 * 1024)} MB: {path}")
    return path.read_bytes()


def organisation_or_fail(session: Session, slug: str) -> Organisation:
    organisation = organisation_by_slug(session=session, slug=slug)
    if organisation is None:
        raise CLIError(f"onbekende organisatie '{slug}'")
    return organisation


def user_or_fail(session: Session, email: str) -> User:
    account = user_by_email(session=session, email=email)
    if account is None:
        raise CLIError(f"onbekende gebruiker '{email}'")
    return account


# The ranges of the commands' numbers (core.ranges): an id is a positive BIGINT; anything else is refused by
# click with one line, before the database sees it.
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
            self.fail(word(problem), param, ctx)
        return day


DAY = Day()


def check_arguments(args: list[str]) -> None:
    """Refuse a command line with a control character, or a bidirectional control (core.text), in any argument:
    one line, before any option is parsed."""
    for number, arg in enumerate(args, start=1):
        problem = text_problem(arg, bidi=True)
        if problem is not None:
            raise CLIError(f"argument {number}: {word(problem)}")
