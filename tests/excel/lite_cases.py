"""The calls the generated xlwings Lite ``main.py`` must answer exactly as ``xlincome.udfs`` does.

Shared by ``tests/excel/test_lite.py`` (CPython without xlincome) and
``tests/excel/test_lite_pyodide.py`` (Pyodide).  Every case is a dispatcher call
as Office.js sends it (``func_name`` and ``args``, each argument a 2-D list
or None), JSON-ready so that another interpreter can run it:

- every acceptance example of the table of functions;
- every parametrized bad-input case of ``tests/excel/test_udfs_officejs.py``
  (read from its pytest marks, so a case added there is run here too),
  given as written and with the missing arguments sent blank;
- whole columns, the spilled table, blank cells that arrive as 0.
"""

from __future__ import annotations

import asyncio
import json

import numpy as np
import xlwings
import xlwings.server

import test_udfs_officejs
from xlincome.excel import udfs
from xlincome.functions import BY_EXCEL_NAME, FUNCTIONS


def _names(excel_name: str) -> list[str]:
    return [argument.name for argument in BY_EXCEL_NAME[excel_name].arguments]


def with_blanks(excel_name: str, args: list) -> list:
    """``args`` with the arguments after them sent blank (None), as Excel sends an omitted one."""
    return list(args) + [None] * (len(_names(excel_name)) - len(args))


def from_kwargs(excel_name: str, kwargs: dict) -> dict:
    """A call with these arguments (a list is a column) and every other argument blank."""
    return {"func_name": excel_name,
            "args": [test_udfs_officejs.as_excel_sends(kwargs[name]) if name in kwargs else None
                     for name in _names(excel_name)]}


def _parametrized_cases() -> list[dict]:
    """Every (excel_name, args|kwargs, ...) parameter set of the Office.js tests."""
    cases = []
    for test in vars(test_udfs_officejs).values():
        for mark in getattr(test, "pytestmark", []):
            if mark.name != "parametrize":
                continue
            names = [name.strip() for name in mark.args[0].split(",")] if isinstance(mark.args[0], str) \
                else list(mark.args[0])
            if "excel_name" not in names:
                continue
            for values in mark.args[1]:
                given = dict(zip(names, values))
                if "args" in given:
                    cases.append({"func_name": given["excel_name"], "args": given["args"]})
                    cases.append({"func_name": given["excel_name"],
                                  "args": with_blanks(given["excel_name"], given["args"])})
                elif "kwargs" in given:
                    cases.append(from_kwargs(given["excel_name"], given["kwargs"]))
    return cases


def _columns() -> list[dict]:
    generator = np.random.default_rng(11)
    rows = 200
    product = [generator.uniform(0, 200, rows), generator.uniform(20, 200, rows), generator.uniform(5, 500, rows),
               generator.uniform(0, 100, rows), generator.uniform(0, 0.3, rows), generator.uniform(0, 300, rows)]
    product[0][5] = -5  # one bad row
    return [
        {"func_name": "PRODUCT_BREAKEVEN",
         "args": [column.reshape(-1, 1).tolist() for column in product] + [None, None]},
        {"func_name": "SERVICE_INCOME", "args": [[[100], [125], [None], ["x"]], [[30]], None]},
    ]


SEED = {"amounts": [8000, 2500, 1500, 1000], "kinds": ["consulting", "toolkit", "workshop", "subscription"]}

#: Blank cells that arrive as 0 (some Excel desktop builds): docs/excel.md.
ZERO_AS_BLANK = [
    {"func_name": "SERVICE_INCOME", "args": [[[125]], [[30]], [[0]]]},
    {"func_name": "REQUIRED_RATE", "args": [[[12000]], [[25]], [[0], [48], [0]]]},
    {"func_name": "HOURS_NEEDED", "args": [[[12000]], [[150]], [[0]]]},
    {"func_name": "PRODUCT_BREAKEVEN", "args": [[[120]], [[150]], [[99]], [[30]], [[0]], [[0]], [[0]], [[0]]]},
    {"func_name": "PHASE_STATUS", "args": [[[10000]], [[0]], [[6000]], [[0]], [[0]], [[0]], [[0]]]},
    {"func_name": "HYBRID_MIX", "args": [[[8000], [2500], [0], [0]], [["consulting"], ["course"], [0], [0]],
                                         [[0.3]], [[0.4]], [[0]]]},
    {"func_name": "EFFECTIVE_STREAMS", "args": [[[8000], [2500], [0]]]},
]


def cases() -> list[dict]:
    examples = [from_kwargs(function.excel_name, kwargs) for function in FUNCTIONS for kwargs, _ in function.examples]
    table = [from_kwargs("HYBRID_MIX", {**SEED, "result": result}) for result in ("table", "gap", "status")]
    unique = {}
    for case in examples + table + _parametrized_cases() + _columns() + ZERO_AS_BLANK:
        unique.setdefault(json.dumps(case, sort_keys=True), json.loads(json.dumps(case)))
    return list(unique.values())


def call(case: dict) -> list:
    """The answer of ``xlincome.udfs`` (this interpreter) to one case, through the dispatcher."""
    data = {"func_name": case["func_name"], "args": json.loads(json.dumps(case["args"])),
            "caller_address": "Sheet1!A1", "version": xlwings.__version__, "client": "Office.js",
            "runtime": "1.4", "culture_info_name": "en-US", "date_format": "M/d/yyyy"}
    return asyncio.run(xlwings.server.custom_functions_call(data, udfs))


def meta() -> dict:
    return xlwings.server.custom_functions_meta(udfs)
