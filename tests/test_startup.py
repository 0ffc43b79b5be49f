"""The `naleving` command starts without loading what it does not need (benchmarks/startup.py measures the start-up,
whole process). The help of the group and of `report` loads no area's commands, no Flask and no database layer;
a command builds its app without the pages, the API and the login of the web app; and building the app leaves the
spreadsheet, PDF and signing libraries unloaded until a sheet or a PDF is made. Each check runs in a fresh process
and looks at sys.modules."""

from __future__ import annotations

import json

import click
import pytest

from app import areas
from app.cli import cli
from tests.conftest import run_python

# Modules that only the web app, or only some commands, need; none is loaded by starting a command.
WEB = (
    "flask_wtf",
    "wtforms",
    "authlib",
    "apscheduler",
    "spectree",
    "flask_limiter",
    "app.forms",
    "app.login",
)
HEAVY = ("openpyxl", "core.tabular.writer", "weasyprint", "pyhanko", "cryptography", "numpy")
DATABASE = ("flask", "sqlalchemy", "sqlmodel", "pydantic")
# What `audit list` neither queries nor writes: the sign-in tables (core.accounts loads them where it uses them)
# and the spreadsheet module (the logboek's sheet is made when one is exported).
UNQUERIED = ("core.identity_models", "core.sessions", "core.tabular")
# On SQLite, PostgreSQL's dialect (core.chain loads it for a PostgreSQL database).
POSTGRESQL_DIALECT = "sqlalchemy.dialects.postgresql"

LOADED = """
import json, sys
from app.cli import main
code = main(sys.argv[1:])
watched = json.loads(sys.stdin.read())
names = sorted(name for name in sys.modules if name in watched or name.endswith(("routes", ".api.answers")))
print(json.dumps({"code": code, "loaded": names}))
"""


def loaded_by(args: list[str], watched: tuple[str, ...], env: dict[str, str]) -> tuple[int, list[str]]:
    """The exit status of `naleving ARGS` and which of the watched modules (and of the pages' modules) it
    loaded."""
    found = json.loads(run_python(LOADED, *args, env=env, input=json.dumps(watched))[-1])
    return found["code"], found["loaded"]


@pytest.mark.parametrize(
    "args", [["--help"], [], ["report", "--help"], ["report", "make", "--help"], ["report"]]
)
def test_the_help_loads_neither_the_commands_nor_flask_nor_the_database(tmp_path, args):
    code, loaded = loaded_by(args, (*DATABASE, *WEB, *HEAVY), {"NALEVING_INSTANCE_PATH": str(tmp_path)})
    assert (code, loaded) == (0, [])


def test_the_group_help_imports_no_area_command(tmp_path):
    check = (
        "import sys\nfrom app.cli import main\nmain(['--help'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('app.') and m.count('.') > 1))"
    )
    assert run_python(check, env={})[-1] == "[]"


def test_a_command_runs_in_an_app_without_pages_api_or_heavy_libraries(app, world):
    env = {
        "NALEVING_DATABASE_URL": app.config["DATABASE_URL"],
        "NALEVING_INSTANCE_PATH": app.instance_path,
        "NALEVING_SECRET_KEY": "x",
        "NALEVING_SCHEDULER_ENABLED": "0",
    }
    other_dialect = (POSTGRESQL_DIALECT,) if app.config["DATABASE_URL"].startswith("sqlite") else ()
    watched = (*WEB, *HEAVY, *UNQUERIED, *other_dialect)
    code, loaded = loaded_by(["audit", "list", "--org", "voorbeeld"], watched, env)
    assert (code, loaded) == (0, [])


def test_the_api_commands_run_without_the_apis_resources(tmp_path):
    """The OpenAPI models of the API's resources took most of a command's start-up: only `serve` builds them."""
    code, loaded = loaded_by(["token", "--help"], (), {"NALEVING_INSTANCE_PATH": str(tmp_path)})
    assert (code, loaded) == (0, [])


def test_the_help_shows_each_commands_own_summary():
    """`naleving --help` shows what the areas declare (app/command_index.py) without loading the commands: what
    it declares is the command's own short help, at any width."""
    context = click.Context(cli)
    for area in areas():
        for declared in getattr(area, "COMMANDS", ()):
            command = declared.load()
            assert command.name == declared.path[-1], declared
            if len(declared.path) > 1:
                assert declared.summary == "", declared
                continue
            assert cli.get_command(context, declared.name) is command
            assert (command.help or "").startswith(declared.summary), declared
            summary = click.Command(declared.name, help=declared.summary)
            for limit in (20, 45, 60, 74, 120, 400):
                assert summary.get_short_help_str(limit) == command.get_short_help_str(limit), (
                    declared,
                    limit,
                )


def test_a_command_one_area_adds_to_anothers_group_is_there():
    context = click.Context(cli)
    for path in (("answers", "copy"), ("risks", "pc-show"), ("approvals", "adopt")):
        group = cli.get_command(context, path[0])
        assert isinstance(group, click.Group) and path[1] in group.commands


CHECK = """
import json, sys
from app import create_app
import app.cli
create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x", "SCHEDULER_ENABLED": False})
print(json.dumps(sorted(name for name in ("openpyxl", "core.tabular.writer", "weasyprint", "pyhanko") if name in sys.modules)))
"""


def test_building_the_app_does_not_load_the_spreadsheet_library(tmp_path):
    assert json.loads(run_python(CHECK, env={"NALEVING_INSTANCE_PATH": str(tmp_path)})[-1]) == []


def test_a_sheet_still_loads_it_when_made():
    check = (
        "import sys\nfrom core.tabular import new_workbook\nnew_workbook()\nprint('openpyxl' in sys.modules)"
    )
    assert run_python(check) == ["True"]


WORKER = """
import json, sys
from app import create_app
from reports.builders import warm_up
create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x", "SCHEDULER_ENABLED": False})
warm_up()
loaded = {"after warm-up": "numpy" in sys.modules, "openpyxl warm": "openpyxl" in sys.modules}
loaded["authlib"] = "authlib" in sys.modules
from core.audit_log import export_events
export_events([])
loaded["after a workbook"] = "numpy" in sys.modules
from risk.capacity import required_capacity
required_capacity([(0.5, 1, 2, 3)], scenarios=100)
loaded["after a Monte Carlo"] = "numpy" in sys.modules
print(json.dumps(loaded))
"""


def test_a_warmed_web_worker_holds_numpy_only_once_a_monte_carlo_runs(tmp_path):
    """numpy is some 17 MB resident: a web worker (gunicorn.conf.py warms it as here) loads it for the
    weerstandsvermogen's simulation (risk/montecarlo.py), not through risk.capacity's conventions nor through
    openpyxl, which the warm-up loads for the reports' workbooks (core.tabular.load_writer). Authlib (with
    requests, some 16 MB) waits for the first sign-in through the organisation's provider (app/sso/client.py)."""
    assert json.loads(run_python(WORKER, env={"NALEVING_INSTANCE_PATH": str(tmp_path)})[-1]) == {
        "after warm-up": False,
        "openpyxl warm": True,
        "authlib": False,
        "after a workbook": False,
        "after a Monte Carlo": True,
    }
