"""The package's folders are its architecture: the model at the bottom, the faces above it, no import back up.

Each module belongs to one room (:data:`ROOMS`); a room may import only the
rooms below it (:data:`MAY_IMPORT`).  The faces (``excel``, ``workbooks``,
``cli``) meet only through the model, the table of functions, the profiles
and the helpers; only the command line, on top, calls the others.  Imports
inside functions count too.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "xlincome"

#: Module-name prefix -> room (the longest prefix wins).
ROOMS = {
    "xlincome": "package",
    "xlincome.__main__": "cli",
    "xlincome.errors": "errors",
    "xlincome.model": "model",
    "xlincome.functions": "table",
    "xlincome.formulas": "table",
    "xlincome.text": "helpers",
    "xlincome.files": "helpers",
    "xlincome.profiles": "profiles",
    "xlincome.batch": "profiles",
    "xlincome.excel": "excel",
    "xlincome.udfs": "excel",
    "xlincome.workbooks": "workbooks",
    "xlincome.cli": "cli",
}
#: Room -> the rooms its modules may import (besides their own).
MAY_IMPORT = {
    "package": {"errors"},
    "errors": set(),
    "model": {"errors"},
    "table": {"model", "errors"},
    "helpers": {"errors"},
    "profiles": {"model", "table", "helpers", "errors"},
    "excel": {"package", "model", "table", "helpers", "errors"},
    "workbooks": {"package", "model", "table", "helpers", "profiles", "errors"},
    "cli": {"package", "model", "table", "helpers", "profiles", "errors", "excel", "workbooks"},
}
#: Lines a module may hold ("no module over about 500 lines").
MOST_LINES = 520


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def room(name: str) -> str:
    prefix = max((p for p in ROOMS if name == p or name.startswith(p + ".")), key=len)
    return ROOMS[prefix]


def imports(name: str, *, top_level_only: bool = False) -> set[str]:
    """The package modules (or packages) that module ``name`` imports."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("xlincome"))
        elif isinstance(node, ast.ImportFrom):
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), package) if node.level \
                else node.module or ""
            if not base.startswith("xlincome"):
                continue
            for alias in node.names:  # "from .. import model" imports the module xlincome.model
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return found - {name}


def test_every_module_has_a_room_and_the_top_level_shows_the_faces():
    assert {room(name) for name in MODULES} == set(MAY_IMPORT)
    top = sorted(path.name for path in PACKAGE.iterdir() if not path.name.startswith(("_", ".")))
    assert top == ["batch.py", "cli", "errors.py", "excel", "files", "formulas", "functions.py", "model", "profiles", "text",
                   "udfs.py", "workbooks"]


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_import_runs_up_or_between_faces(name):
    mine = room(name)
    wrong = {target: room(target) for target in imports(name)
             if room(target) != mine and room(target) not in MAY_IMPORT[mine]}
    assert not wrong, f"{name} ({mine}) imports {wrong}"


def test_the_rules_catch_an_import_up_from_the_model(monkeypatch, tmp_path):
    planted = tmp_path / "xlincome" / "model" / "planted.py"
    planted.parent.mkdir(parents=True)
    planted.write_text("from ..cli import main\n")
    monkeypatch.setitem(MODULES, "xlincome.model.planted", planted)
    with pytest.raises(AssertionError, match=r"xlincome.cli': 'cli'"):
        test_no_import_runs_up_or_between_faces("xlincome.model.planted")


def test_no_cycle_among_module_level_imports():
    graph = {name: {target for target in imports(name, top_level_only=True) if target in MODULES}
             for name in MODULES}
    state: dict[str, str] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = "open"
        for target in graph[name]:
            if name.startswith(target + "."):
                continue  # a module of a package may import its package's __init__ (loaded first)
            if state.get(target) == "open":
                raise AssertionError(" -> ".join(path + [name, target]))
            if target not in state:
                visit(target, path + [name])
        state[name] = "done"

    for name in graph:
        if name not in state:
            visit(name, [])


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_about_500_lines(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MOST_LINES, f"{name} has {lines} lines"


def test_every_public_import_path_still_works():
    from xlincome import InputError, __version__, batch, model
    from xlincome.cli import main
    from xlincome.profiles import read_profile_file, read_profiles
    from xlincome.udfs import PRODUCT_BREAKEVEN, REVENUE_FLOOR

    assert __version__ and issubclass(InputError, ValueError) and callable(main)
    assert callable(read_profiles) and callable(read_profile_file) and callable(batch.evaluate)
    assert model.revenue_floor(1500, 3600, tax_rate=0.25, margin=0.10) == pytest.approx(6930)
    for function in ("service_income", "revenue_floor", "product_breakeven", "breakeven_units", "hybrid_mix",
                     "effective_streams", "phase_status", "required_rate", "hours_needed", "reserve_months",
                     "transition_plan", "plan_summaries"):
        assert callable(getattr(model, function))
    assert PRODUCT_BREAKEVEN(120, 150, 99, 30) == [[pytest.approx(6.060606, rel=1e-6)]]  # a cell: a 2-D range
    assert REVENUE_FLOOR(1500, 3600, 0.25, 0.10) == [[pytest.approx(6930)]]


def test_python_dash_m_xlincome_is_the_command_line():
    done = subprocess.run([sys.executable, "-m", "xlincome", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    for command in ("evaluate", "generate", "check", "plan", "templates", "excel"):
        assert command in done.stdout
