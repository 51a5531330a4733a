"""Runs the generated xlwings Lite ``main.py`` through xlwings' Office.js dispatcher, in another Python.

Not a test module: ``tests/excel/test_lite.py`` runs this file in a fresh
interpreter where xlincome is not importable (CPython, ``python -I -S``),
and ``tests/excel/test_lite_pyodide.py`` runs it inside Pyodide.  Either way
:func:`run` loads ``main.py`` as the module ``main`` (as xlwings Lite does),
registers it with ``custom_functions_meta`` and answers every case with
``custom_functions_call``, and gives back everything as one JSON-ready dict.

    python -I -S lite_runner.py SITE_DIR MAIN_PY CASES_JSON   (prints the JSON)
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys


def xlincome_importable() -> bool:
    """True when ``import xlincome`` would find a package here (before main.py is loaded)."""
    return importlib.util.find_spec("xlincome") is not None


def load_main(path: str):
    """``main.py`` as the module ``main``."""
    spec = importlib.util.spec_from_file_location("main", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["main"] = module
    spec.loader.exec_module(module)
    return module


async def run(main_path: str, cases: list[dict], through_js=None) -> dict:
    """Registration and the answer to every case; ``through_js`` turns a case into what JS would send."""
    importable = xlincome_importable()
    # xlwings picks its runtime (Office.js here) when first imported
    os.environ["XLWINGS_ON_SERVER"] = "true"
    os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"
    import xlwings
    import xlwings.server

    main = load_main(main_path)
    answers = []
    for case in cases:
        data = {"func_name": case["func_name"], "args": case["args"], "caller_address": "Sheet1!A1",
                "version": xlwings.__version__, "client": "Office.js", "runtime": "1.4",
                "culture_info_name": "en-US", "date_format": "M/d/yyyy"}
        if through_js is not None:
            data = through_js(data)
        answers.append(await xlwings.server.custom_functions_call(data, main))
    return {
        "xlincome_importable_before": importable,
        "xlincome_from": sys.modules["xlincome"].__spec__.loader.__class__.__name__,
        "meta": xlwings.server.custom_functions_meta(main),
        "answers": answers,
    }


if __name__ == "__main__":
    import asyncio

    site_dir, main_file, cases_file = sys.argv[1:4]
    sys.path.append(site_dir)  # numpy, pandas, xlwings (and what they need), and nothing of xlincome
    with open(cases_file, encoding="utf-8") as handle:
        all_cases = json.load(handle)
    print(json.dumps(asyncio.run(run(main_file, all_cases)), allow_nan=False))
