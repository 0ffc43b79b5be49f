"""The house rules that a reader checks by eye, checked on every run: module and view sizes, and every domain
function taking its session as a keyword."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("app", "core", "controls", "risk", "reports")
DOMAIN = ("core", "controls", "risk", "reports")
MAX_MODULE_LINES = 400
MAX_VIEW_LINES = 40


def modules(packages):
    for package in packages:
        yield from sorted((ROOT / package).rglob("*.py"))


def test_no_module_is_over_400_lines():
    long = {
        str(path.relative_to(ROOT)): count
        for path in modules(PACKAGES)
        if (count := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}, f"split these modules (over {MAX_MODULE_LINES} lines): {long}"


def _is_view(node: ast.FunctionDef) -> bool:
    return any(
        isinstance(decorator, ast.Call)
        and isinstance(decorator.func, ast.Attribute)
        and decorator.func.attr in {"route", "get", "post"}
        for decorator in node.decorator_list
    )


def test_no_view_function_is_over_40_lines():
    long = {}
    for path in modules(["app"]):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and _is_view(node):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_VIEW_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.name}"] = length
    assert long == {}, f"make these views thinner (over {MAX_VIEW_LINES} lines): {long}"


@pytest.mark.parametrize("package", DOMAIN)
def test_domain_functions_take_the_session_as_a_keyword(package):
    positional = []
    for path in modules([package]):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [argument.arg for argument in node.args.posonlyargs + node.args.args]
                if "session" in names:
                    positional.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert positional == [], "take `*, session` keyword-only: " + "; ".join(positional)
