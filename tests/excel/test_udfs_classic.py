"""The Excel functions as the classic xlwings add-in (Windows desktop, COM) reads them.

The add-in's code is xlwings' ``udfs.py``: its decorators read each
function's signature with ``inspect.signature``, and "Import Functions"
writes one VBA function per Python function from that metadata.  That module
imports pywin32 at the top, so here it is loaded with empty stand-ins for
pywin32's modules: the decorators and the VBA writer run for real, nothing
that talks to Excel does.
"""

from __future__ import annotations

import importlib.util
import inspect
import io
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
import xlwings

from xlincome.excel import udfs
from xlincome.functions import BY_EXCEL_NAME, FUNCTIONS, REQUIRED


@pytest.fixture(scope="module")
def classic():
    """xlwings' classic ``udfs`` module, loaded with stand-ins for pywin32."""
    stand_ins = {name: types.ModuleType(name) for name in ("pythoncom", "pywintypes", "win32com",
                                                           "win32com.client")}
    stand_ins["pythoncom"].CoInitialize = lambda: None
    stand_ins["pywintypes"].com_error = OSError
    stand_ins["win32com.client"].Dispatch = None
    saved = {name: sys.modules.get(name) for name in stand_ins}
    sys.modules.update(stand_ins)
    try:
        path = Path(xlwings.__file__).parent / "udfs.py"
        spec = importlib.util.spec_from_file_location("xlwings.udfs_classic", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        for name, previous in saved.items():
            if previous is None:
                sys.modules.pop(name)
            else:
                sys.modules[name] = previous
    return module


@pytest.fixture(scope="module")
def classic_udfs(classic):
    """The Excel functions registered with the classic add-in's decorators, as a module."""
    api = types.SimpleNamespace(func=classic.xlfunc, arg=classic.xlarg, ret=classic.xlret)
    module = types.ModuleType("xlincome_udfs_classic")
    for function in FUNCTIONS:
        setattr(module, function.excel_name, udfs.register(udfs.define(function), function, api))
    return module


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.excel_name)
def test_signature_has_the_tables_argument_names_order_and_defaults(function):
    parameters = inspect.signature(getattr(udfs, function.excel_name)).parameters
    assert [(p.name, p.default) for p in parameters.values()] == [
        (a.name, inspect.Parameter.empty if a.default is REQUIRED else a.default) for a in function.arguments]
    spec = inspect.getfullargspec(getattr(udfs, function.excel_name))
    assert spec.args == [a.name for a in function.arguments]


def test_product_breakeven_defaults_are_zero_after_four_required_arguments():
    spec = inspect.getfullargspec(udfs.PRODUCT_BREAKEVEN)
    assert spec.args[:4] == ["build_hours", "hourly_rate", "price", "units_per_month"]
    assert spec.defaults == (0.0, 0.0, 0.0, 0.0)


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.excel_name)
def test_classic_decorators_record_the_tables_docs_defaults_and_raw_conversion(classic_udfs, function):
    meta = getattr(classic_udfs, function.excel_name).__xlfunc__
    assert meta["name"] == function.excel_name and meta["ret"]["doc"] == function.doc
    assert meta["category"] == "xlincome" and meta["ret"]["options"] == {"convert": "raw"}
    for recorded, argument in zip(meta["args"], function.arguments, strict=True):
        assert (recorded["name"], recorded["doc"], recorded["options"]) == (argument.name, argument.doc,
                                                                           {"convert": "raw"})
        assert ("optional" in recorded) == argument.optional
        assert recorded.get("optional", REQUIRED) == argument.default


def test_descriptions_fit_the_255_characters_excel_keeps(classic_udfs):
    texts = [f.doc for f in FUNCTIONS] + [a.doc for f in FUNCTIONS for a in f.arguments]
    assert max(map(len, texts)) <= 255


def test_import_functions_writes_a_vba_function_with_optional_arguments(classic, classic_udfs):
    vba = io.StringIO()
    classic.generate_vba_wrapper("xlincome.udfs", classic_udfs, vba, types.SimpleNamespace(Name="Plan.xlsm"))
    assert ("Function PRODUCT_BREAKEVEN(build_hours, hourly_rate, price, units_per_month, Optional fee_rate, "
            "Optional monthly_costs, Optional maintenance_hours, Optional upfront_costs)") in vba.getvalue()
    assert 'PHASE_STATUS = XLPy.CallUDF("xlincome.udfs", "PHASE_STATUS"' in vba.getvalue()


def test_range_as_pywin32_passes_it_gives_one_result_per_row():
    # call_udf reads a range with the raw converter, i.e. the range's raw_value:
    # from pywin32, a tuple of row tuples of floats
    assert udfs.PRODUCT_BREAKEVEN(((120.0,), (-5.0,)), 150.0, 99.0, 30.0) == [[pytest.approx(200 / 33)],
                                                               ["build_hours must be >= 0, got -5"]]


def test_error_cell_as_pywin32_passes_it_gives_a_message_not_a_traceback():
    not_available = -2146826246  # pywin32's code for #N/A
    assert udfs.RESERVE_MONTHS(((21000.0,), (not_available,)), 6000.0) == [
        [3.5], ["cash must be a number, got the Excel error #N/A"]]


def test_module_imports_without_excel_and_gives_plain_functions():
    environment = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    code = ("import xlincome.udfs as u; assert not hasattr(u.PRODUCT_BREAKEVEN, '__xlfunc__'); "
            "print(u.PRODUCT_BREAKEVEN(120, 150, 99, 30))")
    done = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[[6.0606060606060606]]"


def test_every_excel_function_is_exported_for_xlwings_lite_main_py():
    namespace: dict = {}
    exec("from xlincome.udfs import *", namespace)
    assert sorted(name for name in namespace if not name.startswith("__")) == sorted(BY_EXCEL_NAME)
