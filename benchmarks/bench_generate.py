"""Batch generation against the floor of writing a workbook at all, side by side in one run.

Generates N personalized workbooks from random valid profiles with
``xlincome.workbooks.generate`` and, in the same run, rewrites the template's zip
unchanged N times (every entry read once, written again through
:mod:`zipfile` with the same compression: the floor, what writing a workbook
costs at all); it also copies the template's bytes N times (the bare cost of
creating N files).  It prints workbooks/second, the ratio per workbook to the
floor, and the peak memory of the main process and of the largest worker.

    python benchmarks/bench_generate.py [--profiles 10000] [--jobs 2] [--template income_plan]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from xlincome.workbooks.generate import default_jobs, generate
from xlincome.workbooks.personalize import Template
from xlincome.profiles.samples import random_profiles
from xlincome.workbooks.templates import build


def rezip_floor(template: Path, out: Path, count: int) -> float:
    """Seconds to write ``count`` copies of the template's zip, every entry recompressed unchanged."""
    with zipfile.ZipFile(template) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    started = time.perf_counter()
    for index in range(count):
        with zipfile.ZipFile(out / f"floor-{index}.xlsx", "w") as archive:
            for info, data in entries:
                archive.writestr(info, data)
    return time.perf_counter() - started


def copy_floor(template: Path, out: Path, count: int) -> float:
    """Seconds to write ``count`` byte-for-byte copies of the template (file creation alone)."""
    data = template.read_bytes()
    started = time.perf_counter()
    for index in range(count):
        (out / f"copy-{index}.xlsx").write_bytes(data)
    return time.perf_counter() - started


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports kilobytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--template", default="income_plan")
    args = parser.parse_args()
    n = args.profiles

    with tempfile.TemporaryDirectory(prefix="bench-generate-") as folder:
        root = Path(folder)
        template_path = root / f"{args.template}.xlsx"
        build(args.template, risk=False).save(template_path)
        template = Template(template_path)
        template_kb = template_path.stat().st_size / 1024
        frame = random_profiles(n)
        frame.index = frame.index + 2  # row numbers as in a CSV file

        timings = {}
        for label, jobs in (("generate, 1 process", 1), (f"generate, {args.jobs} processes", args.jobs)):
            out = root / f"out-{jobs}"
            started = time.perf_counter()
            summary = generate(frame, template, out, jobs=jobs)
            timings[label] = time.perf_counter() - started
            assert summary.generated == n and summary.failed == 0, summary
            size = sum(path.stat().st_size for path in out.glob("*.xlsx")) / n
            shutil.rmtree(out)
        for label, floor in (("floor: rezip template unchanged", rezip_floor),
                             ("bare file copy of the template", copy_floor)):
            out = root / label.split(":")[0].replace(" ", "-")
            out.mkdir()
            timings[label] = floor(template_path, out, n)
            shutil.rmtree(out)

    print(f"{n:,} workbooks of {args.template} (template {template_kb:.0f} KB, each workbook {size / 1024:.0f} KB)"
          f" on {default_jobs()} cores, Python {sys.version.split()[0]}")
    print(f"{'path':40} {'time':>9} {'workbooks/s':>12} {'ms/workbook':>12}")
    for label, seconds in timings.items():
        print(f"{label:40} {seconds:8.2f}s {n / seconds:12,.0f} {1000 * seconds / n:12.3f}")
    floor = timings["floor: rezip template unchanged"]
    print(f"ratio to the floor per workbook: {timings['generate, 1 process'] / floor:.2f}x (1 process),"
          f" {timings[f'generate, {args.jobs} processes'] / floor:.2f}x ({args.jobs} processes)")
    print(f"ratio to a bare file copy: {timings['generate, 1 process'] / timings['bare file copy of the template']:.1f}x"
          " (1 process)")
    print(f"peak memory: main process {peak_mb(resource.RUSAGE_SELF):.0f} MB,"
          f" largest worker {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")


if __name__ == "__main__":
    main()
