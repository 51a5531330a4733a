"""``xlincome excel setup`` run as a user runs it, and ``python -m xlincome.excel.reference`` as a developer does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from xlincome.excel import reference
from xlincome.excel.setup import merged_modules

ROOT = Path(__file__).resolve().parents[2]
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


def run_reference(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xlincome.excel.reference", str(root)], capture_output=True, text=True)


def test_reference_module_replaces_the_page_of_the_given_project_folder_whole(tmp_path):
    (tmp_path / "xlincome").mkdir()
    (tmp_path / "xlincome" / "functions.py").write_text("")
    page = tmp_path / reference.PAGE
    page.parent.mkdir()
    page.write_text("an outdated page")
    page.chmod(0o644)
    done = run_reference(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "=PRODUCT_BREAKEVEN(100, 100, 10, 5, , 100)` | never" in page.read_text()
    assert sorted(p.name for p in page.parent.iterdir()) == ["functions.md"]  # no temporary file left
    assert page.stat().st_mode & 0o777 == 0o644


def test_reference_module_writes_nothing_outside_the_project_folder(tmp_path):
    done = run_reference(tmp_path)
    assert done.returncode == 2
    assert "is not the xlincome project folder" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_excel_reference_is_not_a_user_command():
    done = subprocess.run([sys.executable, "-c", RUN_CLI, "excel", "reference"], capture_output=True, text=True)
    assert done.returncode == 2 and "No such command 'reference'" in done.stderr


def test_setup_that_cannot_write_its_settings_says_so_with_exit_code_2(tmp_path):
    home = tmp_path / "not-a-folder"
    home.write_text("a file where the home folder should be")
    environment = {**os.environ, "HOME": str(home), "USERPROFILE": str(home)}
    done = subprocess.run([sys.executable, "-c", RUN_CLI, "excel", "setup"], env=environment,
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "cannot write xlwings' settings file" in done.stderr
    assert "Traceback" not in done.stderr
