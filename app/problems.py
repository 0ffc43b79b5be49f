"""Words for the domain's problem codes in the user's language: the pages, the CLI and the API word a
`core.errors.RuleError` here, never the domain. Each area registers its messages (its `problems` module, which
its init_commands imports); the codes every area shares (core.text, core.ranges) are worded here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.errors import Problem, RuleError
from core.ranges import DATE_CODE
from core.text import BIDI_CODE, CONTROL_CODE

_MESSAGES: dict[str, LazyString | str] = {}


def register(messages: Mapping[str, LazyString | str]) -> None:
    """Add an area's messages: code -> lazily translated text with %(name)s parameters."""
    for code, message in messages.items():
        if code in _MESSAGES and str(_MESSAGES[code]) != str(message):
            raise ValueError(f"problem code {code!r} is worded twice")
        _MESSAGES[code] = message


register(
    {
        CONTROL_CODE: _l("ongeldig teken %(character)s (een stuurteken): verwijder het en probeer opnieuw"),
        DATE_CODE: _l("kies een datum van %(earliest)s tot en met %(latest)s"),
        BIDI_CODE: _l(
            "ongeldig teken %(character)s (verandert de leesrichting) in een naam, titel of link: verwijder het"
        ),
    }
)


def word(problem: Problem) -> str:
    """The problem in the user's language, without its place; the domain's Dutch text for an unknown code."""
    template = _MESSAGES.get(problem.code)
    if template is None:
        return problem.message or problem.code
    try:
        return str(template) % dict(problem.params)
    except (KeyError, ValueError, TypeError):
        return problem.message or problem.code


def place(problem: Problem) -> str:
    """Where a problem of a sheet is: "rij 5 (5.01.01)", "rij 5", "5.01.01" or ""."""
    if problem.row is not None and problem.ref:
        return _("rij %(row)s (%(ref)s)", row=problem.row, ref=problem.ref)
    if problem.row is not None:
        return _("rij %(row)s", row=problem.row)
    return problem.ref


def word_with_place(problem: Problem) -> str:
    where = place(problem)
    return f"{where}: {word(problem)}" if where else word(problem)


def messages(error: RuleError | Iterable[Problem]) -> list[str]:
    """Every problem of the error worded with its place, in order."""
    problems = error.problems if isinstance(error, RuleError) else list(error)
    return [word_with_place(problem) for problem in problems]


def known_codes() -> set[str]:
    return set(_MESSAGES)


def show_on_form(form: Any, error: RuleError) -> list[str]:
    """Show each problem under the form's field of the same name; returns the words of the problems no field
    of the form shows (for the top of the form or a flash message), in order."""
    rest = []
    for problem in error.problems:
        text = word(problem)
        if problem.field and problem.field in form:
            field = form[problem.field]
            field.errors = [*field.errors, text]
        else:
            rest.append(text)
    return rest
