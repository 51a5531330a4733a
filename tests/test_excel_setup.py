"""``xlincome excel setup`` and ``xlincome excel reference``, run as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from xlincome import reference
from xlincome.excel_setup import merged_modules

ROOT = Path(__file__).resolve().parents[1]
RUN_CLI = "from xlincome.cli import main; main()"


def run_setup(home: Path) -> subprocess.CompletedProcess:
    """The command in a fresh process whose home directory is ``home`` (xlwings reads HOME then)."""
    environment = {**os.environ, "HOME": str(home), "USERPROFILE": str(home)}
    return subprocess.run([sys.executable, "-c", RUN_CLI, "excel", "setup"], env=environment,
                          capture_output=True, text=True, check=True)


def test_setup_writes_udf_modules_into_a_new_xlwings_conf(tmp_path):
    done = run_setup(tmp_path)
    assert (tmp_path / ".xlwings" / "xlwings.conf").read_text() == '"UDF MODULES","xlincome.udfs"\n'
    assert "Import Functions" in done.stdout and "from xlincome.udfs import *" in done.stdout


def test_setup_keeps_other_settings_and_other_udf_modules(tmp_path):
    conf = tmp_path / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir()
    conf.write_text('"INTERPRETER_WIN","C:\\Python311\\python.exe"\n"UDF MODULES","mymodule"\n'
                    '"SHOW CONSOLE","True"\n')
    run_setup(tmp_path)
    run_setup(tmp_path)
    assert conf.read_text().splitlines() == ['"INTERPRETER_WIN","C:\\Python311\\python.exe"',
                                             '"SHOW CONSOLE","True"',
                                             '"UDF MODULES","mymodule;xlincome.udfs"']


def test_merged_modules_adds_xlincome_once():
    assert merged_modules(None) == "xlincome.udfs"
    assert merged_modules("a; xlincome.udfs") == "a;xlincome.udfs"


def test_committed_function_reference_equals_a_fresh_generation():
    assert (ROOT / reference.PAGE).read_text(encoding="utf-8") == reference.page()


def test_reference_command_writes_the_page_under_the_given_root(tmp_path):
    subprocess.run([sys.executable, "-c", RUN_CLI, "excel", "reference", "--root", str(tmp_path)],
                   check=True, capture_output=True)
    assert "=PRODUCT_BREAKEVEN(100, 100, 10, 5, , 100)` | never" in (tmp_path / reference.PAGE).read_text()


def test_setup_that_cannot_write_its_settings_says_so_with_exit_code_2(tmp_path):
    home = tmp_path / "not-a-folder"
    home.write_text("a file where the home folder should be")
    environment = {**os.environ, "HOME": str(home), "USERPROFILE": str(home)}
    done = subprocess.run([sys.executable, "-c", RUN_CLI, "excel", "setup"], env=environment,
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "cannot write xlwings' settings file" in done.stderr
    assert "Traceback" not in done.stderr
