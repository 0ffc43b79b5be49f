"""Static checks: ruff and bandit (security lint) run with the suite; the dependency audit (known
vulnerabilities, scripts/audit_dependencies.py) asks the package index, so it is marked `network` and run by
`make audit`, not by `make test`."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import audit_dependencies
from scripts.audit_dependencies import NOTHING_AUDITED

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PACKAGES = ["app", "controls", "risk", "reports"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_is_clean():
    result = run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_bandit_finds_nothing():
    """Every accepted finding carries `# nosec <id> - <reason>` at its line."""
    result = run(
        str(BIN / "bandit"),
        "-q",
        "-r",
        *PACKAGES,
        "-f",
        "custom",
        "--msg-template",
        "{relpath}:{line}: {test_id} {severity} {msg}",
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.network
def test_no_dependency_has_a_known_vulnerability():
    """scripts/audit_dependencies.py: pip-audit, and PyPI's project pages for what pip-audit cannot ask about.
    Skipped only when no vulnerability source is reachable at all."""
    result = run(str(BIN / "python"), "scripts/audit_dependencies.py")
    output = result.stdout + result.stderr
    if result.returncode == NOTHING_AUDITED:
        pytest.skip(f"no vulnerability source reachable: {output.strip()[-300:]}")
    assert result.returncode == 0, output
    assert re.match(r"audited [1-9]\d* dependencies; known vulnerabilities: 0", output), output


def test_the_audit_reads_the_project_page_of_what_pip_audit_could_not_ask_about(monkeypatch):
    """PyPI's project page speaks for the latest release only: a dependency installed at it is checked there
    (a withdrawn advisory does not count), one held at an older release is named as not audited."""
    monkeypatch.setattr(
        audit_dependencies,
        "pip_audit",
        lambda: [
            {"name": "naleving", "skip_reason": "distribution marked as editable"},
            {"name": "Flask", "version": "3.1.3", "vulns": []},
            {"name": "jinja2", "skip_reason": "Dependency not found on PyPI and could not be audited"},
            {"name": "numpy", "skip_reason": "Dependency not found on PyPI and could not be audited"},
            {"name": "gone", "skip_reason": "Dependency not found on PyPI and could not be audited"},
        ],
    )
    monkeypatch.setattr(
        audit_dependencies, "installed", lambda: {"jinja2": "3.2.0", "numpy": "2.4.6", "gone": "1"}
    )
    pages = {
        "jinja2": {
            "info": {"version": "3.2.0"},
            "vulnerabilities": [
                {"id": "GHSA-1", "aliases": ["CVE-2026-1"], "fixed_in": ["3.2.1"], "withdrawn": None},
                {"id": "GHSA-2", "aliases": [], "fixed_in": [], "withdrawn": "2026-01-01T00:00:00"},
            ],
        },
        "numpy": {"info": {"version": "2.5.5"}, "vulnerabilities": []},
    }
    monkeypatch.setattr(audit_dependencies, "project_page", pages.get)

    result = audit_dependencies.audit()

    assert result.audited == ["flask", "jinja2"]
    assert result.findings == ["jinja2 3.2.0: GHSA-1 (CVE-2026-1), fixed in 3.2.1"]
    assert [line.split(":")[0] for line in result.unaudited] == ["numpy 2.4.6", "gone 1"]


def test_without_a_report_from_pip_audit_every_dependency_goes_to_the_project_pages(monkeypatch, capsys):
    failed = subprocess.CompletedProcess([], 1, stdout="", stderr="ConnectionError: no route")
    monkeypatch.setattr(audit_dependencies.subprocess, "run", lambda *args, **kwargs: failed)
    monkeypatch.setattr(audit_dependencies, "installed", lambda: {"naleving": "0.1.0", "flask": "3.1.3"})
    pages = {"flask": {"info": {"version": "3.1.3"}, "vulnerabilities": []}}
    monkeypatch.setattr(audit_dependencies, "project_page", pages.get)

    result = audit_dependencies.audit()

    assert (result.audited, result.findings, result.unaudited) == (["flask"], [], [])
    assert "pip-audit gave no report: ConnectionError: no route" in capsys.readouterr().err


def recipe(target: str) -> list[str]:
    """The command lines of a Makefile target."""
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    return [
        line.strip() for line in itertools.takewhile(lambda line: line.startswith("\t"), lines[start + 1 :])
    ]


def test_make_test_needs_no_network_and_make_audit_runs_what_does():
    marks = {mark.name for mark in test_no_dependency_has_a_known_vulnerability.pytestmark}
    assert "network" in marks
    passes = [line for line in recipe("test") if "/pytest " in line]
    assert len(passes) >= 2 and all('-m "not network"' in p or 'and not network"' in p for p in passes), (
        passes
    )
    assert any("/pytest -m network" in line for line in recipe("audit"))
