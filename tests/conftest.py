"""Test-session set-up shared by all tests.

xlwings picks its runtime when it is first imported: with these two
variables set, ``xw.func``/``xw.arg``/``xw.ret`` are the Office.js ones, so
the Excel functions of ``xlincome.udfs`` can be run through xlwings' own
Office.js dispatcher (``xlwings.server.custom_functions_call``).  They must be
set before anything imports xlwings, hence here, at import time.

Tests name project files (``examples/profiles.csv``, ``docs/...``) from the
project root, so every test starts there, wherever pytest was started from.
"""

import os
from pathlib import Path

import pytest

os.environ["XLWINGS_ON_SERVER"] = "true"
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _run_from_the_project_root(monkeypatch):
    monkeypatch.chdir(PROJECT_ROOT)
