"""Test-session set-up shared by all tests.

xlwings picks its runtime when it is first imported: with these two
variables set, ``xw.func``/``xw.arg``/``xw.ret`` are the Office.js ones, so
the Excel functions of ``xlincome.udfs`` can be run through xlwings' own
Office.js dispatcher (``xlwings.server.custom_functions_call``).  They must be
set before anything imports xlwings, hence here, at import time.

Property tests (hypothesis) explore new examples on every local run, and
remember the failing ones in ``.hypothesis/`` (ignored by git).  Under CI
(the ``CI`` variable set, as CI services and ``.ci/run`` set it) they run
the ``ci`` profile instead: derandomized, so every run draws the same
examples and a run never fails by chance; no example database; no
deadline (a loaded machine is slow, not wrong); and a failure prints the
blob that reproduces it (``@reproduce_failure``).  Each test keeps its own
fixed ``max_examples``.

Tests name project files (``examples/profiles.csv``, ``docs/...``) from the
project root, so every test starts there, wherever pytest was started from.
"""

import os
from pathlib import Path

import pytest
from hypothesis import settings

os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: The hypothesis profile CI runs: the same examples on every run.
CI_PROFILE = "ci"
settings.register_profile(CI_PROFILE, derandomize=True, database=None, deadline=None, print_blob=True,
                          max_examples=100)
if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
    settings.load_profile(CI_PROFILE)


@pytest.fixture(autouse=True)
def _run_from_the_project_root(monkeypatch):
    monkeypatch.chdir(PROJECT_ROOT)


#: Engine -> its figures (``values`` compared with the model, ``largest`` relative difference),
#: filled by the engine suites (``test_templates_parity.Figures``) in this process.
ENGINE_FIGURES: dict = {}
#: The same figures from the worker processes when the suite runs with pytest-xdist (``make test``).
_WORKER_FIGURES: dict[str, list] = {}


def pytest_sessionfinish(session):
    """A worker hands its engines' figures to the controller (pytest-xdist's ``workeroutput``)."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["engine_figures"] = {name: (f.values, f.largest) for name, f in ENGINE_FIGURES.items()}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """The controller adds up a finished worker's figures."""
    for name, (values, largest) in getattr(node, "workeroutput", {}).get("engine_figures", {}).items():
        merged = _WORKER_FIGURES.setdefault(name, [0, 0.0])
        merged[0], merged[1] = merged[0] + values, max(merged[1], largest)


def pytest_terminal_summary(terminalreporter):
    """One line per spreadsheet engine: the values it computed that were compared with the model."""
    figures = {name: (f.values, f.largest) for name, f in ENGINE_FIGURES.items()} or _WORKER_FIGURES
    if figures:
        terminalreporter.section("spreadsheet engines against the model")
        for name, (values, largest) in sorted(figures.items()):
            terminalreporter.write_line(f"{name}: {values} values compared with the model, "
                                        f"largest relative difference {largest:.1e}")
