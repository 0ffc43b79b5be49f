"""Form plumbing shared by every area: CSRF, and the base form every form derives from, which refuses control
characters in every field (core.text) before the view sees the data."""

from __future__ import annotations

from datetime import date, datetime

from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from wtforms import ValidationError

from app.problems import word
from core.ranges import date_problem
from core.text import text_problem

csrf = CSRFProtect()


class BaseForm(FlaskForm):
    """A Flask-WTF form whose every field is refused when what was sent holds a control character (other than
    tab and line breaks), and every date outside core.ranges' years: the field then shows that one message,
    whatever its other validators said."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            problem = _problem_of(field)
            if problem is not None:
                field.errors = [word(problem)]
                valid = False
        return valid


def _problem_of(field):
    for value in field.raw_data or ():
        problem = text_problem(value) if isinstance(value, str) else None
        if problem is not None:
            return problem
    if isinstance(field.data, date):  # a datetime is a date too
        day = field.data.date() if isinstance(field.data, datetime) else field.data
        return date_problem(day)
    return None


class PlainText:
    """A validator for names, titles and links: no bidirectional control characters (display spoofing)."""

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str):
            problem = text_problem(field.data, bidi=True)
            if problem is not None:
                raise ValidationError(word(problem))
