"""The two files a user pastes into the xlwings Lite editor: ``main.py`` and ``requirements.txt``.

xlwings Lite (the Office add-in that runs Python in Pyodide inside Excel)
installs packages from PyPI only, and runs the ``main.py`` typed into its
editor.  Until xlincome is on PyPI, ``main.py`` carries the Excel functions
itself: it is generated here from the package's own source files, never
kept by hand.

What goes in: the module :data:`ENTRY` (``xlincome.udfs``) and every
``xlincome`` module it imports, directly or not, found by reading the
``import`` statements of each source file (:func:`bundled_modules`).  Each
module's source text goes into ``main.py`` verbatim, as a string literal;
at run time a small import hook (:data:`LOADER`) serves those sources to
Python's own import machinery under their real names (``xlincome.model``
...), so relative imports, ``__name__`` and every message are exactly those
of the installed package.  ``main.py`` then does what the PyPI route's
one-line ``main.py`` does, ``from xlincome.udfs import *``.

Why not a bundling library: the ones on PyPI (stickytape, last release
2021; pinliner, 2016; amalgamate, 2016) are unmaintained, and stickytape,
the best known, writes the modules to a temporary folder at run time.  The
import hook here is the standard ``importlib`` way of importing from memory.

``requirements.txt`` names only what ``main.py`` imports outside the
standard library, numpy, pandas and xlwings, with the lower bounds xlincome
itself requires (read from its package metadata).

Regenerate the committed pair with ``make lite`` (``python -m xlincome.excel.lite
excel/lite``) after changing any bundled module; a test fails while it is stale.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import re
import sys
from pathlib import Path

from .. import __version__
from ..files.writing import FileExists, write_atomically
from ..functions import UDF_MODULE

#: The package bundled, and the module whose Excel functions ``main.py`` exposes.
PACKAGE = "xlincome"
ENTRY = UDF_MODULE
#: What ``main.py`` needs outside the standard library: all of them come with xlwings Lite.
RUNTIME_REQUIREMENTS = ("xlwings", "numpy", "pandas")
#: Where the committed pair lives in the repository.
COMMITTED = Path("excel") / "lite"
MAIN, REQUIREMENTS = "main.py", "requirements.txt"

#: The import hook ``main.py`` installs: it serves the bundled sources to Python's import system.
LOADER = '''\
import importlib.abc
import importlib.util
import sys


class _BundledModules(importlib.abc.MetaPathFinder, importlib.abc.InspectLoader):
    """Imports the modules whose sources are in _SOURCES (name -> (is_package, source))."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in _SOURCES:
            return None
        return importlib.util.spec_from_loader(fullname, self, is_package=_SOURCES[fullname][0])

    def is_package(self, fullname):
        return _SOURCES[fullname][0]

    def get_source(self, fullname):
        return _SOURCES[fullname][1]

    def get_code(self, fullname):
        return compile(self.get_source(fullname), "<main.py: " + fullname + ">", "exec")


# run again in the same Python (the editor's code reloaded): import the bundled modules anew
for _name in [name for name in sys.modules if name == "xlincome" or name.startswith("xlincome.")]:
    del sys.modules[_name]
sys.meta_path[:] = [finder for finder in sys.meta_path if type(finder).__name__ != "_BundledModules"]
sys.meta_path.insert(0, _BundledModules())
'''


def module_file(name: str) -> Path:
    """The source file of the package module ``name`` (``xlincome.model``)."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        raise LookupError(f"{name} has no Python source file to bundle")
    return Path(spec.origin)


def is_package(name: str) -> bool:
    return module_file(name).name == "__init__.py"


def imported_modules(name: str, source: str) -> set[str]:
    """Every module that the source of module ``name`` imports, anywhere in it, as absolute names.

    In ``xlincome.excel.udfs``, ``from . import cells`` counts as importing ``xlincome.excel`` and
    ``xlincome.excel.cells``.
    """
    package = name if is_package(name) else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = importlib.util.resolve_name("." * node.level + base, package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if _is_package_module(f"{base}.{alias.name}"))
    return found


def _in_package(name: str) -> bool:
    return name == PACKAGE or name.startswith(PACKAGE + ".")


def _is_package_module(name: str) -> bool:
    """True for a module of the package (``xlincome.excel.cells``), False for a name inside one."""
    if not _in_package(name):
        return False
    parent, _, leaf = name.rpartition(".")
    folder = module_file(parent).parent if is_package(parent) else None
    return folder is not None and ((folder / f"{leaf}.py").is_file() or (folder / leaf / "__init__.py").is_file())


def outside_needs(imports: set[str]) -> set[str]:
    """The top-level names of ``imports`` that are neither the standard library, the package,
    nor what xlwings Lite provides (:data:`RUNTIME_REQUIREMENTS`, and Pyodide's own ``pyodide``)."""
    allowed = set(sys.stdlib_module_names) | {PACKAGE, "pyodide", *RUNTIME_REQUIREMENTS}
    return {name.split(".")[0] for name in imports} - allowed


def bundled_modules(entry: str = ENTRY) -> dict[str, str]:
    """``entry`` and every package module it needs, parents included, each with its source.

    In a fixed order (sorted by name), so that the same sources always give
    the same ``main.py``.

    Raises
    ------
    LookupError
        When a module needed imports a package that xlwings Lite does not
        provide (``main.py`` would fail to load there).
    """
    sources: dict[str, str] = {}
    waiting = [entry]
    while waiting:
        name = waiting.pop()
        if name in sources:
            continue
        sources[name] = module_file(name).read_text(encoding="utf-8")
        imports = imported_modules(name, sources[name])
        if outside_needs(imports):
            raise LookupError(f"{name} imports {', '.join(sorted(outside_needs(imports)))}, "
                              f"which xlwings Lite does not provide")
        waiting.extend(".".join(name.split(".")[:depth]) for depth in range(1, name.count(".") + 1))
        waiting.extend(module for module in imports if _in_package(module))
    return dict(sorted(sources.items()))


def literal(source: str) -> str:
    """``source`` as a triple-quoted Python string literal that reads like the file itself."""
    text = source.replace("\\", "\\\\").replace("'''", "\\'\\'\\'")
    if text.endswith("'"):
        text = text[:-1] + "\\'"
    out = "'''\\\n" + text + "'''"
    if ast.literal_eval(out) != source:  # pragma: no cover - a guard for the generator itself
        raise ValueError("a module's source does not survive as a string literal")
    return out


def main_py(entry: str = ENTRY) -> str:
    """The text of ``main.py``: the bundled modules, the import hook, and the Excel functions."""
    sources = bundled_modules(entry)
    entries = "\n".join(f"    {name!r}: ({is_package(name)}, {literal(source)}),"
                        for name, source in sources.items())
    return (
        f'"""xlincome {__version__}: the income model\'s Excel functions for xlwings Lite.\n\n'
        "Paste this whole file into the xlwings Lite editor as main.py, and requirements.txt\n"
        "beside it; the functions (=PRODUCT_BREAKEVEN(120, 150, 99, 30) ...) are registered\n"
        "when the code loads. Set-up and every function: docs/excel.md and docs/functions.md\n"
        "in the xlincome repository.\n\n"
        "GENERATED by `xlincome excel lite` from the package's own modules; do not edit.\n"
        "It holds these modules of xlincome, served to Python's import system from memory:\n"
        + "".join(f"    {name}\n" for name in sources) +
        '"""\n\n'
        f"_SOURCES = {{\n{entries}\n}}\n\n"
        f"{LOADER}\n"
        f"from {entry} import *  # noqa: E402,F401,F403 - the Excel functions, as in the PyPI route\n"
    )


def requirements_txt() -> str:
    """The text of ``requirements.txt``: numpy, pandas and xlwings with xlincome's own lower bounds."""
    wanted = {name: name for name in RUNTIME_REQUIREMENTS}
    for requirement in importlib.metadata.requires(PACKAGE) or []:
        name = _requirement_name(requirement)
        if name in wanted and ";" not in requirement:
            wanted[name] = requirement.strip()
    lines = [f"# xlincome {__version__} in xlwings Lite: what main.py imports (all on PyPI)."]
    return "\n".join(lines + [wanted[name] for name in RUNTIME_REQUIREMENTS]) + "\n"


def _requirement_name(requirement: str) -> str:
    """The project name a requirement starts with (``xlwings`` in ``xlwings>=0.33``), lower case."""
    return re.match(r"[A-Za-z0-9._-]*", requirement).group(0).lower()


def files() -> dict[str, str]:
    """Both files, by name."""
    return {MAIN: main_py(), REQUIREMENTS: requirements_txt()}


def write(folder: Path, *, overwrite: bool = False) -> list[Path]:
    """Write ``main.py`` and ``requirements.txt`` into ``folder`` (made if missing); return their paths.

    Each file is written whole or not at all; an existing one is kept
    (:class:`~xlincome.files.writing.FileExists`, before anything is written) unless
    ``overwrite``.
    """
    texts = files()
    folder.mkdir(parents=True, exist_ok=True)
    if not overwrite:
        for name in texts:
            if (folder / name).exists():
                raise FileExists(f"{folder / name} exists; pass --force to overwrite it")
    return [write_atomically(folder / name, lambda path, text=text: path.write_text(text, encoding="utf-8",
                                                                                    newline="\n"),
                             overwrite=overwrite)
            for name, text in texts.items()]


if __name__ == "__main__":  # python -m xlincome.excel.lite excel/lite
    for written_path in write(Path(sys.argv[1] if len(sys.argv) > 1 else COMMITTED), overwrite=True):
        print(written_path)
