"""The xlwings Lite files: generated from the package, committed fresh, and working without xlincome.

The proof that ``main.py`` needs nothing of an installed xlincome: it runs
in a fresh interpreter (``python -I -S``, from an empty folder, with a
copy of site-packages that holds numpy, pandas and xlwings but not
xlincome), where the test first checks that ``import xlincome`` finds
nothing; there, through xlwings' own Office.js dispatcher, it must register
the same functions and give the same answers as ``xlincome.udfs`` here.
"""

from __future__ import annotations

import json
import re
import math
import os
import site
import subprocess
import sys
from pathlib import Path

import pytest
import xlwings as xw
from click.testing import CliRunner
import xlwings.server

import lite_cases
from xlincome import __version__
from xlincome.excel import lite
from xlincome.cli import main
from xlincome.functions import FUNCTIONS

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("lite_runner.py")

pytestmark = pytest.mark.skipif(xw.func is not xlwings.server.func,
                                reason="xlwings was imported before tests/conftest.py set XLWINGS_ON_SERVER")


def test_committed_lite_files_equal_a_fresh_generation():
    for name, text in lite.files().items():
        committed = (ROOT / lite.COMMITTED / name).read_text(encoding="utf-8")
        assert committed == text, f"excel/lite/{name} is stale: run `make lite` and commit it"


def test_main_py_bundles_udfs_and_what_it_imports_and_nothing_else_of_the_package():
    model = [f"xlincome.model.{name}" for name in
             ("arrays", "income", "kernel", "mix", "phase", "plan", "product", "random", "risk", "rules", "scaling",
              "vectorize")]
    assert list(lite.bundled_modules()) == ["xlincome", "xlincome.errors", "xlincome.excel", "xlincome.excel.cells",
                                            "xlincome.excel.udfs", "xlincome.functions", "xlincome.model", *model,
                                            "xlincome.udfs"]


def test_main_py_holds_each_module_source_verbatim():
    namespace: dict = {}
    text = lite.main_py()
    exec(compile(text.split("\nimport importlib.abc")[0], "main.py", "exec"), namespace)
    for name, (is_package, source) in namespace["_SOURCES"].items():
        assert source == lite.module_file(name).read_text(encoding="utf-8")
        assert is_package == (name in ("xlincome", "xlincome.excel", "xlincome.model"))


def test_a_module_importing_a_package_lite_lacks_stops_the_generation(monkeypatch):
    monkeypatch.setattr(lite, "imported_modules", lambda name, source: {"click", "numpy"})
    with pytest.raises(LookupError, match="xlincome.udfs imports click, which xlwings Lite does not provide"):
        lite.bundled_modules()


def test_requirements_name_only_what_main_py_imports_with_the_package_lower_bounds():
    lines = lite.requirements_txt().splitlines()
    assert lines == [f"# xlincome {__version__} in xlwings Lite: what main.py imports (all on PyPI).",
                     "xlwings>=0.33", "numpy>=1.24", "pandas>=2.0"]


def test_excel_lite_command_writes_both_files_and_keeps_existing_ones_without_force(tmp_path):
    runner = CliRunner()
    done = runner.invoke(main, ["excel", "lite", "--out", str(tmp_path / "lite")])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "lite" / "main.py").read_text(encoding="utf-8") == lite.main_py()
    assert (tmp_path / "lite" / "requirements.txt").read_text(encoding="utf-8") == lite.requirements_txt()
    (tmp_path / "lite" / "requirements.txt").write_text("mine")
    again = runner.invoke(main, ["excel", "lite", "--out", str(tmp_path / "lite")])
    assert again.exit_code == 2 and "main.py exists; pass --force to overwrite it" in again.output
    assert (tmp_path / "lite" / "requirements.txt").read_text() == "mine"
    forced = runner.invoke(main, ["excel", "lite", "--out", str(tmp_path / "lite"), "--force"])
    assert forced.exit_code == 0 and (tmp_path / "lite" / "requirements.txt").read_text() == lite.requirements_txt()


def test_lite_module_run_as_a_script_regenerates_the_pair_in_the_given_folder(tmp_path):
    subprocess.run([sys.executable, "-m", "xlincome.excel.lite", str(tmp_path)], check=True, capture_output=True)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["main.py", "requirements.txt"]
    assert (tmp_path / "main.py").read_text(encoding="utf-8") == lite.main_py()


def site_without_xlincome(folder: Path) -> Path:
    """A folder linking every entry of this Python's site-packages except xlincome's own.

    Left out: the package itself, its install records and editable-install
    hooks, and ``.pth`` files (which could put the source tree on the path).
    """
    folder.mkdir()
    for packages in site.getsitepackages():
        for entry in Path(packages).iterdir():
            name = entry.name.lower()
            if "xlincome" in name or entry.suffix == ".pth" or (folder / entry.name).exists():
                continue
            (folder / entry.name).symlink_to(entry)
    return folder


@pytest.fixture(scope="module")
def isolated(tmp_path_factory):
    """What main.py, run where xlincome is not importable, answers to every case."""
    work = tmp_path_factory.mktemp("lite")
    (work / "main.py").write_text(lite.main_py(), encoding="utf-8")
    cases = lite_cases.cases()
    (work / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    site_dir = site_without_xlincome(work / "site")
    run_dir = work / "empty"
    run_dir.mkdir()
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(run_dir),
                   "XLWINGS_ON_SERVER": "true", "XLWINGS_LICENSE_KEY": "noncommercial"}
    done = subprocess.run([sys.executable, "-I", "-S", str(RUNNER), str(site_dir), str(work / "main.py"),
                           str(work / "cases.json")], cwd=run_dir, env=environment,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return cases, json.loads(done.stdout)


def test_xlincome_is_not_importable_where_main_py_runs_and_main_py_serves_its_own_copy(isolated):
    _, result = isolated
    assert result["xlincome_importable_before"] is False
    assert result["xlincome_from"] == "_BundledModules"


def test_main_py_registers_the_same_functions_descriptions_and_optional_flags(isolated):
    _, result = isolated
    expected = lite_cases.meta()
    assert result["meta"] == expected
    assert sorted(entry["name"] for entry in result["meta"]["functions"]) == sorted(f.excel_name for f in FUNCTIONS)


def test_main_py_answers_every_case_exactly_as_xlincome_udfs(isolated):
    cases, result = isolated
    assert len(result["answers"]) == len(cases) > 60
    for case, answer in zip(cases, result["answers"]):
        assert answer == lite_cases.call(case), case


def test_main_py_gives_the_seed_breakeven_of_6_06_months(isolated):
    cases, result = isolated
    index = cases.index(lite_cases.from_kwargs("PRODUCT_BREAKEVEN", FUNCTIONS[2].examples[0][0]))
    [[months]] = result["answers"][index]
    assert math.isclose(months, 200 / 33) and f"{months:.2f}" == "6.06"



def test_excel_page_shows_the_requirements_txt_that_excel_lite_writes():
    page = (ROOT / "docs" / "excel.md").read_text(encoding="utf-8")
    shown = "".join(f"    {line}\n" for line in lite.requirements_txt().splitlines())
    assert shown in page
    assert f"`xlincome=={__version__}`" in page


@pytest.mark.parametrize("page", ["README.md", "docs/excel.md"])
def test_every_xlincome_version_a_page_names_is_the_package_version(page):
    text = (ROOT / page).read_text(encoding="utf-8")
    named = re.findall(r"xlincome(?:-|==|, version |\s)(\d+\.\d+\.\d+)", text)
    assert named and set(named) == {__version__}
