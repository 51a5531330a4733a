"""The three spreadsheet engines recalculating the same workbooks, side by side.

The workbooks: every shipped template (``workbook_templates/``), COPIES times each,
and PROFILES income plans generated from random profiles (``xlincome generate``).
Each engine recalculates the whole list the way the parity suite asks it to
(:func:`xlincome.workbooks.engines.recalculate`: LibreOffice in one ``soffice``
call, Gnumeric's ``ssconvert`` one process per workbook on every core, IronCalc
in this process, one workbook after another).  Before timing anything, the
engines' headline results of every workbook are checked to agree (1e-9
relative), so the times are of the same work.  Prints each engine's total and
per-workbook time and its ratio to IronCalc's; an engine that is not installed
is left out with the command that installs it.

    python benchmarks/bench_engines.py [--copies 10] [--profiles 40] [--repeat 1]
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_to_tuple

from xlincome.profiles.samples import random_profiles
from xlincome.workbooks import engines
from xlincome.workbooks.choice import load_template
from xlincome.workbooks.engines import ironcalc
from xlincome.workbooks.generate import generate
from xlincome.workbooks.templates import RESULT_NAMES

SHIPPED = Path(__file__).resolve().parents[1] / "workbook_templates"


def workbooks(folder: Path, copies: int, profiles: int) -> list[Path]:
    """The benchmark's workbooks in ``folder``: file names without ``-`` or ``.`` (the engines'
    per-sheet outputs are named with them)."""
    folder.mkdir(parents=True)
    paths = []
    for template in sorted(SHIPPED.glob("*.xlsx")):
        for copy in range(copies):
            path = folder / f"{template.stem.replace('_', '')}{copy:03d}.xlsx"
            shutil.copy(template, path)
            paths.append(path)
    generated = folder / "generated"
    frame = random_profiles(profiles, seed=11)
    frame["name"] = [f"Person {index:03d}" for index in range(profiles)]
    generate(frame, load_template("income_plan"), generated, jobs=2)
    for index, path in enumerate(sorted(generated.glob("*.xlsx"))):
        paths.append(path.rename(folder / f"profile{index:03d}.xlsx"))
    return paths


def headline(book, sheets: dict, name: str):
    """One named result of a recalculated workbook as a number or text."""
    sheet, ref = next(iter(book.defined_names[name].destinations))
    row, column = coordinate_to_tuple(ref.replace("$", "").split(":")[0])
    return engines.cell_value(engines.cell_text(sheets, sheet, row, column))


def check_agreement(paths: list[Path], results: dict[str, dict]) -> int:
    """Every headline result of every workbook the same in every engine; returns the count."""
    compared = 0
    books: dict[str, object] = {}
    for path in paths:
        key = path.stem.rstrip("0123456789")
        book = books.setdefault(key, load_workbook(path))
        names = [name for name in {*RESULT_NAMES.values()} if name in book.defined_names]
        for name in names:
            values = {engine: headline(book, found[path], name) for engine, found in results.items()}
            first = next(iter(values.values()))
            for engine, value in values.items():
                same = value == first if not isinstance(first, float) or not isinstance(value, float) \
                    else math.isclose(value, first, rel_tol=1e-9, abs_tol=1e-9)
                if not same:
                    raise AssertionError(f"{path.name} {name}: {values}")
            compared += 1
    return compared


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--profiles", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    here = [engine for engine in ("ironcalc", "libreoffice", "gnumeric") if engines.available(engine)]
    for engine in sorted(set(engines.ENGINES) - set(here)):
        print(f"{engine}: not installed ({engines.install_hint(engine)}), left out")
    if "ironcalc" not in here:
        sys.exit("the ratios are to IronCalc's time: " + engines.install_hint("ironcalc"))
    with tempfile.TemporaryDirectory() as scratch:
        paths = workbooks(Path(scratch) / "in", args.copies, args.profiles)
        times, results = {}, {}
        for engine in here:
            best = math.inf
            for attempt in range(args.repeat):
                out = Path(scratch) / f"out-{engine}-{attempt}"
                start = time.perf_counter()
                results[engine] = engines.recalculate(paths, out, engine=engine)
                best = min(best, time.perf_counter() - start)
            times[engine] = best
        compared = check_agreement(paths, results)
    print(f"{len(paths)} workbooks ({args.copies} copies of each shipped template, {args.profiles} generated"
          f" income plans); {compared} headline results the same in {', '.join(here)}"
          f" (IronCalc {ironcalc.version()}); best of {args.repeat}")
    print(f"{'engine':12} {'total s':>9} {'ms per workbook':>16} {'x IronCalc':>11}")
    for engine in here:
        print(f"{engine:12} {times[engine]:9.2f} {1000 * times[engine] / len(paths):16.1f}"
              f" {times[engine] / times['ironcalc']:11.1f}")


if __name__ == "__main__":
    main()
