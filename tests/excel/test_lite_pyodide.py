"""The xlwings Lite ``main.py`` in Pyodide, the runtime xlwings Lite really uses (optional).

Runs ``tests/excel/lite_runner.py`` inside Pyodide 0.27 (in Node.js, offline, from
the tree ``make pyodide`` fetches; see ``tests/pyodide_runtime.py``), with
numpy and pandas from Pyodide and xlwings' pure-Python wheel installed by
micropip, as in xlwings Lite.  Every call goes through JavaScript first
(``JSON.parse``, then ``to_py``), so blanks arrive as Pyodide turns a JS
``null`` into Python.  Skips, saying why, where Node.js or the tree is missing.

What is not the same as in Excel: the Office.js side (Excel calling the
add-in) is not there; the dispatcher, xlwings and the numerics are.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import lite_cases
import pyodide_runtime
from xlincome.excel import lite

pytestmark = pytest.mark.skipif(pyodide_runtime.missing() is not None, reason=str(pyodide_runtime.missing()))

RUNNER = Path(__file__).with_name("lite_runner.py")

NODE_SCRIPT = """
import { loadPyodide } from "%(tree)s/pyodide.mjs";
import { readFileSync, writeFileSync } from "fs";
const [work, wheel] = process.argv.slice(2);
const pyodide = await loadPyodide({ indexURL: "%(tree)s/" });
await pyodide.loadPackage(["numpy", "pandas", "micropip"], { messageCallback: () => {} });
for (const name of ["main.py", "lite_runner.py", "cases.json"]) {
  pyodide.FS.writeFile("/home/pyodide/" + name, readFileSync(work + "/" + name));
}
const wheelName = wheel.split("/").pop();
pyodide.FS.writeFile("/tmp/" + wheelName, readFileSync(wheel));
const result = await pyodide.runPythonAsync(`
import json, sys
import micropip
await micropip.install("emfs:/tmp/${wheelName}", deps=False)
sys.path.insert(0, "/home/pyodide")
from js import JSON
import lite_runner

def through_js(data):
    return JSON.parse(json.dumps(data)).to_py()

with open("/home/pyodide/cases.json") as handle:
    cases = json.load(handle)
json.dumps(await lite_runner.run("/home/pyodide/main.py", cases, through_js), allow_nan=False)
`);
writeFileSync(work + "/result.json", result);
"""


@pytest.fixture(scope="module")
def in_pyodide(tmp_path_factory):
    work = tmp_path_factory.mktemp("pyodide")
    (work / "main.py").write_text(lite.main_py(), encoding="utf-8")
    (work / "lite_runner.py").write_text(RUNNER.read_text(encoding="utf-8"), encoding="utf-8")
    cases = lite_cases.cases()
    (work / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    script = work / "run.mjs"
    script.write_text(NODE_SCRIPT % {"tree": pyodide_runtime.tree().as_posix()}, encoding="utf-8")
    done = subprocess.run(["node", str(script), str(work), str(pyodide_runtime.xlwings_wheel())],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return cases, json.loads((work / "result.json").read_text(encoding="utf-8"))


def test_pyodide_has_no_xlincome_and_main_py_serves_its_own_copy(in_pyodide):
    _, result = in_pyodide
    assert result["xlincome_importable_before"] is False
    assert result["xlincome_from"] == "_BundledModules"


def test_pyodide_registers_the_same_functions_descriptions_and_optional_flags(in_pyodide):
    _, result = in_pyodide
    assert result["meta"] == lite_cases.meta()


def differences(in_pyodide) -> list[str]:
    cases, result = in_pyodide
    assert len(result["answers"]) == len(cases)
    return [f"{case}: Pyodide {answer}, here {lite_cases.call(case)}"
            for case, answer in zip(cases, result["answers"]) if answer != lite_cases.call(case)]


def test_pyodide_answers_every_case_as_xlincome_udfs_does_here(in_pyodide):
    """Every case, those whose intermediates overflow a float included: WebAssembly has no
    floating-point exception flags, so the model must not rely on them, and does not."""
    cases, _ = in_pyodide
    assert len(cases) > 50
    assert differences(in_pyodide) == []
