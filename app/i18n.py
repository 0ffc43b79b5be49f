"""Dutch first, English available: the locale comes from the session, then the user, then the browser (on the
public pages the address's `?lang=` comes first; the API reads Accept-Language alone)."""

from __future__ import annotations

from pathlib import Path

from babel.dates import get_date_format, get_datetime_format, get_time_format
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import Babel, format_datetime, get_locale, gettext
from flask_login import current_user

from core import clock, labels
from core.models import ROLE_LABELS, Role


def role_choices() -> list[tuple[str, str]]:
    """The roles with their labels in the user's language."""
    return ROLE_LABELS.choices(gettext)


def role_label(role: Role | str) -> str:
    return ROLE_LABELS.of(Role(role), gettext)


def address_language() -> str | None:
    """The language the address asks for (`?lang=en`), or None where it names none the installation speaks
    (absent, empty, unknown): the public pages' switch, which comes before every other choice there."""
    asked = request.args.get("lang")
    return asked if asked in current_app.config["LANGUAGES"] else None


def select_locale() -> str:
    """The request's language; outside a request (a command, a scheduled job) the default language."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    if request.path.startswith("/api/"):  # the API speaks the language of Accept-Language alone
        return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    if request.path.startswith("/publiek/"):  # the public pages: the address's language first (their switch)
        asked = address_language()
        if asked is not None:
            return asked
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    """The request's language code ('nl' or 'en'), chosen once per request by select_locale."""
    locale = get_locale()
    return locale.language if locale else current_app.config["BABEL_DEFAULT_LOCALE"]


def format_medium_date(value) -> str:
    """A date in the request's language, in its one style ("5 mrt 2026", "Mar 5, 2026"); the pattern is looked
    up once per request, since long tables format hundreds of dates."""
    if not value:
        return ""
    if "date_pattern" not in g:
        locale = get_locale()
        g.date_pattern = (get_date_format("medium", locale=locale), locale, {})
    pattern, locale, formatted = g.date_pattern  # the same dates recur down a long table: each formatted once
    text = formatted.get(value)
    if text is None:
        text = formatted[value] = pattern.apply(value, locale)
    return text


def medium_datetime_pattern(locale) -> str:
    """The language's one style for a moment: its medium date with the time in hours and minutes
    ("5 mrt 2026, 09:33", "Mar 5, 2026, 9:33 AM")."""
    return (
        get_datetime_format("medium", locale=locale)
        .replace("{1}", get_date_format("medium", locale=locale).pattern)
        .replace("{0}", get_time_format("short", locale=locale).pattern)
    )


def format_medium_datetime(value) -> str:
    """A moment in the request's language and the installation's time zone, in the same style as a date."""
    if not value:
        return ""
    if "datetime_pattern" not in g:
        g.datetime_pattern = medium_datetime_pattern(get_locale())
    return format_datetime(value, g.datetime_pattern)


TRANSLATIONS = Path(__file__).resolve().parent / "translations"


def _domains() -> list[tuple[str, Path]]:
    """One message catalogue (domain) per area: app/translations/en/LC_MESSAGES/<area>.po, and the value labels
    of core (core/translations/en/LC_MESSAGES/labels.po)."""
    areas = sorted({po.stem for po in TRANSLATIONS.glob("*/LC_MESSAGES/*.po")}) or ["messages"]
    return [(area, TRANSLATIONS) for area in areas] + [(labels.DOMAIN, labels.TRANSLATIONS)]


def init_app(app: Flask) -> None:
    domains = _domains()
    app.config.setdefault("BABEL_DOMAIN", ";".join(name for name, _folder in domains))
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", ";".join(str(folder) for _name, folder in domains))
    Babel(app, locale_selector=select_locale, default_timezone="Europe/Amsterdam")
    app.jinja_env.filters["datetime"] = format_medium_datetime
    app.jinja_env.filters["date"] = format_medium_date
    app.jinja_env.globals["today"] = clock.today
    app.jinja_env.globals["current_locale"] = current_locale
    app.jinja_env.globals["role_label"] = role_label
    app.jinja_env.add_extension("jinja2.ext.do")
