"""The LAMBDA library in IronCalc against the Excel functions of the add-ins, side by side.

Types N calls of each function of the library (random valid profiles, the
acceptance examples' streams for the mix) into ``functions.xlsx`` loaded in
IronCalc and evaluates them once; the same calls go, one by one, to the
Excel functions of :mod:`xlincome.udfs` (the Python model as a cell calls
it).  Prints, per function, the time per call in each and their ratio.

    python benchmarks/bench_lambdas.py [--calls 300] [--months 24]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import ironcalc

from xlincome import udfs
from xlincome.formulas.lambdas import LEFT_OUT
from xlincome.functions import AMOUNTS, CHOICE, FUNCTIONS, KINDS
from xlincome.profiles.samples import random_profiles
from xlincome.workbooks.library import FILE_NAME

WORKBOOK = Path(__file__).resolve().parent.parent / "workbook_templates" / FILE_NAME
EXTRA = {"rate": 120.0, "service_income": 9000.0, "revenue_floor": 6000.0, "reserve_months": 4.0,
         "target_income": 12000.0}
STREAMS = ([8000.0, 2500.0, 1500.0, 1000.0], ["consulting", "toolkit", "workshop", "subscription"])


def calls(function, profiles, months: int) -> list[list]:
    """Each call's arguments in signature order (None: left out)."""
    out = []
    for index in range(len(profiles)):
        row = profiles.iloc[index]
        args = []
        for argument in function.arguments:
            if argument.kind == AMOUNTS:
                args.append(STREAMS[0])
            elif argument.kind == KINDS:
                args.append(STREAMS[1])
            elif argument.kind == CHOICE:
                args.append(None)
            elif argument.name == "months":
                args.append(float(months))
            elif argument.name in EXTRA:
                args.append(EXTRA[argument.name])
            else:
                value = float(row[argument.name])
                args.append(None if value != value else value)
        if function.name == "transition_plan":
            args[-1] = "lowest_cash"
        out.append(args)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--months", type=int, default=24)
    args = parser.parse_args(argv)
    profiles = random_profiles(args.calls, seed=7)
    functions = [function for function in FUNCTIONS if function.excel_name not in LEFT_OUT]
    print(f"{'function':<20}{'IronCalc LAMBDA':>18}{'Python (udfs)':>16}{'ratio':>9}   per call, {args.calls} calls")
    for function in functions:
        model = ironcalc.load_from_xlsx(str(WORKBOOK), "en", "UTC")
        arguments = calls(function, profiles, args.months)
        for row, values in enumerate(arguments, 1000):
            texts = []
            for argument, value in zip(function.arguments, values):
                if argument.kind in (AMOUNTS, KINDS):
                    column = 40 if argument.kind == AMOUNTS else 50
                    for offset, item in enumerate(value):
                        model.set_user_input(0, row, column + offset, str(item))
                    texts.append(f"{ironcalc.column_name_from_number(column)}{row}:"
                                 f"{ironcalc.column_name_from_number(column + len(value) - 1)}{row}")
                else:
                    texts.append("" if value is None else (f'"{value}"' if isinstance(value, str) else repr(value)))
            model.set_user_input(0, row, 2, f"={function.excel_name}({','.join(texts)})")
        start = time.perf_counter()
        model.evaluate()
        engine = (time.perf_counter() - start) / len(arguments)
        excel_function = getattr(udfs, function.excel_name)
        raw = [[[[item] for item in value] if isinstance(value, list) else value for value in values]
               for values in arguments]
        start = time.perf_counter()
        for values in raw:
            excel_function(*values)
        python = (time.perf_counter() - start) / len(arguments)
        print(f"{function.excel_name:<20}{engine * 1e6:>15.1f} us{python * 1e6:>13.1f} us{engine / python:>8.2f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
