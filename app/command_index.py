"""The `naleving` commands an area declares in its package (COMMANDS): each command's name, where it is defined and
the first sentence of its help. `naleving --help` lists them from here without importing one, and `app.cli` imports
a command only when it is run or its own help is asked for (docs/architecture.md, "The command line").

Importing this module costs nothing: the area packages import it at their top."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click


@dataclass(frozen=True)
class AreaCommand:
    """A command of an area. `name` is its name under `naleving` ("risks"), or a group's name and its own
    ("answers copy") for a command an area adds to another area's group. `where` is "module:attribute".
    `summary` is the first sentence of its help, as `naleving --help` shows it (a top-level command only;
    tests/test_startup.py checks that it is the command's own)."""

    name: str
    where: str
    summary: str = ""

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.name.split())

    def load(self) -> click.Command:
        module, _, attribute = self.where.partition(":")
        command: click.Command = getattr(import_module(module), attribute)
        return command
