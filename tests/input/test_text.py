"""The one check of typed text (core.text) and that every form of the app uses it (app.forms.BaseForm)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from flask_wtf import FlaskForm

import app
from app.forms import BaseForm
from core.text import bidi_control, control_character, text_problem


@pytest.mark.parametrize(
    "text", ["a\x00b", "\x01", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\x9f"]
)
def test_control_characters_are_found(text):
    assert control_character(text) is not None
    assert text_problem(text).code == "text.control_character"


@pytest.mark.parametrize("text", ["", "gewoon", "regel\nregel", "a\tb", "a\r\nb", "Zoë – €5", "مرحبا"])
def test_ordinary_text_passes(text):
    assert text_problem(text, bidi=True) is None


@pytest.mark.parametrize("character", ["\u202a", "\u202e", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"])
def test_bidirectional_controls_are_found_only_when_asked(character):
    assert bidi_control(f"a{character}b") == f"U+{ord(character):04X}"
    assert text_problem(f"a{character}b") is None
    assert text_problem(f"a{character}b", bidi=True).code == "text.bidi_control"


def test_every_form_of_the_app_derives_from_the_base_form():
    forms = []
    for module in pkgutil.walk_packages(app.__path__, "app."):
        if module.name.endswith(("forms", ".forms")):
            loaded = importlib.import_module(module.name)
            forms += [
                cls
                for _, cls in inspect.getmembers(loaded, inspect.isclass)
                if issubclass(cls, FlaskForm) and cls.__module__ == module.name
            ]
    assert len(forms) > 20
    assert [cls.__qualname__ for cls in forms if not issubclass(cls, BaseForm)] == []
