"""The Risk sheet's cost, side by side with the same workbooks without it, in one run.

1. The workbook: the Risk sheet's cell count, the file size of ``transition_plan`` and
   ``income_plan`` with and without it, and the time LibreOffice (one ``soffice`` call per
   list of workbooks) and Gnumeric take to recalculate them, against a one-cell workbook
   (the engine's start-up).
2. ``xlincome generate``: N profiles into the income plan with and without ``--risk``
   (the same ``load_template`` the command uses): seconds, workbooks per second and the
   mean file size, and the ratios.

    python benchmarks/bench_risk_sheet.py [--profiles 200] [--jobs 2] [--copies 4]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from xlincome.profiles.samples import random_profiles
from xlincome.workbooks import engines
from xlincome.workbooks.choice import load_template
from xlincome.workbooks.generate import default_jobs, generate
from xlincome.workbooks.templates import RISK_TEMPLATES, build


def cells(path_or_book) -> int:
    return sum(1 for row in path_or_book["Risk"].iter_rows() for cell in row if cell.value is not None)


def timed_recalculation(paths: list[Path], out: Path, engine: str) -> float:
    started = time.perf_counter()
    engines.recalculate(paths, out, engine=engine)
    return time.perf_counter() - started


def workbook_figures(root: Path, copies: int) -> None:
    tiny = root / "tiny.xlsx"
    book = Workbook()
    book.active["A1"] = "=1+1"
    book.save(tiny)
    print(f"{'workbook':<24}{'size KB':>10}{'Risk cells':>12}", end="")
    available = [engine for engine in engines.ENGINES if engines.available(engine)]
    for engine in available:
        print(f"{engine + ' s/book':>20}", end="")
    print()
    start = {engine: timed_recalculation([tiny], root / f"tiny-{engine}", engine) for engine in available}
    for name in RISK_TEMPLATES:
        for risk in (False, True):
            label = f"{name}{' + Risk' if risk else ''}"
            workbook = build(name, risk=risk)
            paths = []
            for copy in range(copies):
                paths.append(root / f"{name.replace('_', '')}{int(risk)}n{copy}.xlsx")
                workbook.save(paths[-1])
            size = paths[0].stat().st_size / 1024
            count = cells(workbook) if risk else 0
            print(f"{label:<24}{size:>10.0f}{count:>12,}", end="")
            for engine in available:
                seconds = timed_recalculation(paths, root / f"out-{engine}-{label.replace(' ', '')}", engine)
                print(f"{(seconds - start[engine]) / copies:>20.2f}", end="")
            print()
    for engine in available:
        print(f"{engine} start-up (a one-cell workbook): {start[engine]:.2f} s, left out of the times per book")


def generate_figures(root: Path, profiles: int, jobs: int) -> None:
    frame = random_profiles(profiles)
    frame.index = frame.index + 2
    rows = {}
    for risk in (False, True):
        started = time.perf_counter()
        template = load_template("income_plan", risk=risk)
        loaded = time.perf_counter() - started
        out = root / f"generate-{int(risk)}"
        started = time.perf_counter()
        summary = generate(frame, template, out, jobs=jobs)
        seconds = time.perf_counter() - started
        assert summary.generated == profiles and summary.failed == 0, summary
        size = sum(path.stat().st_size for path in out.glob("*.xlsx")) / profiles / 1024
        rows["with --risk" if risk else "without --risk"] = (loaded, seconds, size)
    print(f"\ngenerate {profiles} profiles into income_plan, {jobs} processes")
    print(f"{'':<16}{'template s':>12}{'generate s':>12}{'books/s':>10}{'KB/book':>10}")
    for label, (loaded, seconds, size) in rows.items():
        print(f"{label:<16}{loaded:>12.2f}{seconds:>12.2f}{profiles / seconds:>10.0f}{size:>10.0f}")
    (_, plain, plain_size), (_, risky, risky_size) = rows.values()
    print(f"ratio --risk / without: {risky / plain:.1f}x the time, {risky_size / plain_size:.1f}x the size")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--copies", type=int, default=4, help="workbooks per engine call (the time is per book)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-risk-") as folder:
        root = Path(folder)
        workbook_figures(root, args.copies)
        generate_figures(root, args.profiles, args.jobs)


if __name__ == "__main__":
    main()
