"""The shape of the code: no import cycle among the project's modules, imports only downwards along
app -> reports -> risk -> controls -> core, and no web framework (nor app) in the domain packages.

Imports are read with `ast` from the source, at module level and inside functions (a function-level import
is a dependency too, and hides a cycle only until the function runs). An import of `a.b` is an edge to the
module a.b; `from a import b` is an edge to a.b when that is a module, else to a. A parent package's
`__init__` running first is not counted: Python handles that without a cycle."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# From the bottom up; a package may import its own modules and those of the layers below it, never a layer
# above nor another package of its own layer. A new package gets its place here. DESIGN puts scope beside
# controls and plan beside incidents; here each sits one layer higher, because scope refines answers per system
# (scope -> controls) and an incident's lessons become actions (incidents -> plan).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("controls",),
    ("scope",),
    ("risk",),
    ("plan",),
    ("incidents",),
    ("reports",),
    ("app",),
)
# Top-level packages that are tools around the product, not part of it.
OUTSIDE = {"tests", "scripts", "benchmarks", "migrations"}
DOMAIN_FORBIDDEN = ("flask", "werkzeug", "wtforms", "app")


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (a project module), or the top-level name of a library
    line: int
    internal: bool


def modules_of(root: Path, packages) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the packages."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imported_names(module: str, path: Path):
    """The names each import may mean, with its line: [a.b] for `import a.b`, [a.b, a] for `from a import b`
    (relative ones resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield [alias.name], node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            stem = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:
                yield [f"{stem}.{alias.name}", stem], node.lineno


def imports_of(root: Path, packages) -> list[Import]:
    modules = modules_of(root, packages)
    found = []
    for module, path in modules.items():
        for candidates, line in _imported_names(module, path):
            target = _resolve(candidates, modules)
            if target is not None:
                found.append(Import(module, target, line, True))
            elif candidates[-1].split(".")[0] not in packages:
                found.append(Import(module, candidates[-1].split(".")[0], line, False))
    return found


def _resolve(candidates: list[str], modules: dict[str, Path]) -> str | None:
    """The project module an import names: the first candidate that is a module, or the nearest package of
    the last (`import app.db.x` where x is an attribute: app.db)."""
    for name in candidates:
        if name in modules:
            return name
    name = candidates[-1]
    while "." in name:
        name = name.rsplit(".", 1)[0]
        if name in modules:
            return name
    return None


def import_cycles(imports: list[Import]) -> list[list[str]]:
    """The strongly connected components of more than one module (and modules importing themselves), by
    Tarjan's algorithm without recursion."""
    graph: dict[str, set[str]] = {}
    for item in imports:
        if item.internal:
            graph.setdefault(item.source, set()).add(item.target)
            graph.setdefault(item.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    cycles.append(sorted(component))
    return cycles


def layer_of(package: str, layers) -> int:
    return next(number for number, members in enumerate(layers) if package in members)


def direction(layers) -> str:
    return " -> ".join(
        members[0] if len(members) == 1 else "{" + ", ".join(members) + "}" for members in reversed(layers)
    )


def violations(imports: list[Import], layers=LAYERS) -> list[str]:
    """Every import against the layers, and every web-framework (or app) import in a domain package."""
    domain = {package for members in layers for package in members} - {"app"}
    found = []
    for item in imports:
        source = item.source.split(".")[0]
        target = item.target.split(".")[0]
        where = f"{item.source}:{item.line} imports {item.target}"
        if source in domain and any(
            target == name or target.startswith(f"{name}_") for name in DOMAIN_FORBIDDEN
        ):
            found.append(f"{where} (a domain package knows no web framework)")
        elif item.internal and source != target and layer_of(target, layers) >= layer_of(source, layers):
            found.append(f"{where} (against {direction(layers)})")
    return found


def project_packages(root: Path) -> set[str]:
    return {path.parent.name for path in root.glob("*/__init__.py")}


def layered(layers=LAYERS) -> list[str]:
    return [package for members in layers for package in members]


@cache
def project_imports() -> list[Import]:
    return imports_of(ROOT, layered())


def test_no_import_cycle_among_the_project_modules():
    cycles = import_cycles(project_imports())
    assert cycles == [], "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_imports_run_down_the_layers_and_the_domain_knows_no_flask():
    found = violations(project_imports())
    assert found == [], "\n".join(found)


def test_every_package_has_its_place_in_the_layers():
    """Every package has a layer; a layer may name a package of this round that has not landed yet."""
    assert project_packages(ROOT) - OUTSIDE <= set(layered())


def test_the_graph_counts_every_import_the_project_has():
    """The checks see the real imports: app.cli's import of the app, and a function-level one."""
    imports = {(item.source, item.target) for item in project_imports()}
    assert ("app.cli", "app") in imports
    assert ("app", "app.reports") in imports  # inside register_areas
    assert ("app.reports", "app.reports.routes") in imports  # inside init_app


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_a_cycle_through_a_function_level_import_is_found(tmp_path):
    root = write(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/a.py": "from core import b\n",
            "core/b.py": "def later():\n    from core.c import x\n",
            "core/c.py": "import core.a\nx = 1\n",
            "core/d.py": "from core.a import nothing\n",
        },
    )
    assert import_cycles(imports_of(root, ["core"])) == [["core.a", "core.b", "core.c"]]


def test_a_package_that_imports_its_own_init_back_is_a_cycle(tmp_path):
    """The blueprint pattern that was here: the package imports its routes, the routes import the package."""
    root = write(
        tmp_path,
        {"app/__init__.py": "", "app/area/__init__.py": "bp = 1\nfrom . import routes\n"}
        | {"app/area/routes.py": "from app.area import bp\n"},
    )
    assert import_cycles(imports_of(root, ["app"])) == [["app.area", "app.area.routes"]]


def test_an_import_up_the_layers_or_of_flask_in_the_domain_is_refused(tmp_path):
    root = write(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/ok.py": "import sqlmodel\n",
            "controls/__init__.py": "",
            "controls/up.py": "def f():\n    from ..risk import register\n",
            "controls/web.py": "from flask_babel import gettext\n",
            "risk/__init__.py": "",
            "risk/register.py": "from controls import up\nimport core.ok\nimport flask\n",
            "app/__init__.py": "import flask\nfrom risk.register import x\n",
        },
    )
    layers = (("core",), ("controls",), ("risk",), ("app",))
    assert violations(imports_of(root, ["core", "controls", "risk", "app"]), layers) == [
        "controls.up:2 imports risk.register (against app -> risk -> controls -> core)",
        "controls.web:1 imports flask_babel (a domain package knows no web framework)",
        "risk.register:3 imports flask (a domain package knows no web framework)",
    ]


def test_packages_of_one_layer_do_not_import_each_other(tmp_path):
    root = write(
        tmp_path,
        {"controls/__init__.py": "", "scope/__init__.py": "from controls import models\n"}
        | {"controls/models.py": ""},
    )
    layers = (("controls", "scope"),)
    assert violations(imports_of(root, ["controls", "scope"]), layers) == [
        "scope:1 imports controls.models (against {controls, scope})"
    ]
