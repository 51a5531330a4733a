"""Whole-column Excel calls against cell-by-cell calls, through xlwings' Office.js dispatcher.

One ``custom_functions_call`` of PRODUCT_BREAKEVEN over 10,000 rows (all
eight arguments as 10,000-row columns, as Excel sends them: 2-D lists)
against 10,000 single-cell calls of the same rows, in the same run.
Targets: the range call under 30 ms and at least 100x faster.

Run:  .venv/bin/python benchmarks/bench_udfs.py [rows]
"""

from __future__ import annotations

import os

os.environ["XLWINGS_ON_SERVER"] = "true"  # xlwings picks its runtime on first import
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"

import asyncio  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import xlwings as xw  # noqa: E402
import xlwings.server  # noqa: E402

from xlincome.excel import udfs  # noqa: E402


def request(args: list) -> dict:
    return {"func_name": "PRODUCT_BREAKEVEN", "args": args, "caller_address": "Sheet1!A1",
            "version": xw.__version__, "client": "Office.js", "runtime": "1.4",
            "culture_info_name": "en-US", "date_format": "M/d/yyyy"}


def columns(rows: int) -> list[np.ndarray]:
    generator = np.random.default_rng(3)
    return [generator.uniform(0, 200, rows), generator.uniform(20, 200, rows), generator.uniform(5, 500, rows),
            generator.uniform(0, 100, rows), generator.uniform(0, 0.3, rows), generator.uniform(0, 300, rows),
            generator.uniform(0, 10, rows), generator.uniform(0, 2000, rows)]


def main(rows: int = 10_000) -> None:
    data = columns(rows)
    whole = request([column.reshape(-1, 1).tolist() for column in data])
    singles = [request([[[float(column[row])]] for column in data]) for row in range(rows)]
    loop = asyncio.new_event_loop()
    call = xlwings.server.custom_functions_call

    range_times = []
    for _ in range(5):
        start = time.perf_counter()
        result = loop.run_until_complete(call(whole, udfs))
        range_times.append(time.perf_counter() - start)
    start = time.perf_counter()
    cell_results = [loop.run_until_complete(call(single, udfs))[0] for single in singles]
    cells_time = time.perf_counter() - start
    assert cell_results == result, "the range call and the single calls disagree"

    range_time = statistics.median(range_times)
    print(f"PRODUCT_BREAKEVEN, {rows:,} rows x 8 arguments, xlwings {xw.__version__} Office.js dispatcher")
    print(f"  one range call (median of 5): {range_time * 1e3:8.1f} ms")
    print(f"  {rows:,} single-cell calls:   {cells_time * 1e3:8.1f} ms "
          f"({cells_time / rows * 1e6:.0f} us per call)")
    print(f"  ratio: {cells_time / range_time:,.0f}x")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
