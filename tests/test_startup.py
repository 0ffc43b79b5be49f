"""The `naleving` command starts without loading what only some commands need: building the app (what every
command does first) leaves the spreadsheet, PDF and signing libraries unloaded, so `naleving --help` and the commands that write
no sheet do not pay for it (benchmarks/startup.py measures the start-up)."""

from __future__ import annotations

import json
import subprocess
import sys

CHECK = """
import json, sys
from app import create_app
import app.cli
create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x", "SCHEDULER_ENABLED": False})
print(json.dumps(sorted(name for name in ("openpyxl", "core.tabular.writer", "weasyprint", "pyhanko") if name in sys.modules)))
"""


def test_building_the_app_does_not_load_the_spreadsheet_library(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", CHECK],
        capture_output=True,
        text=True,
        check=True,
        env={"NALEVING_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_a_sheet_still_loads_it_when_made():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys\nfrom core.tabular import new_workbook\nnew_workbook()\n"
            "print('openpyxl' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "True"


def test_a_command_builds_the_app_without_the_apis_resources(tmp_path):
    """The OpenAPI models of the API's resources took most of a command's start-up: `naleving` leaves them out
    for every command but `serve`, and keeps the API's own commands (`naleving token`)."""
    check = (
        "import sys\nfrom app.cli import main\ncode = main(['token', '--help'])\n"
        "print(code, 'app.api.answers' in sys.modules, 'app.api.commands' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", check],
        capture_output=True,
        text=True,
        check=True,
        env={"NALEVING_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip().splitlines()[-1] == "0 False True"
