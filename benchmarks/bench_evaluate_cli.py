"""``xlincome evaluate`` on a big profile file against the floor, side by side in one run.

Writes a CSV of N random valid profiles (``xlincome.profiles.samples.random_profiles``)
with one row in a thousand made bad (a negative price), then measures, each
in a fresh process: the floor, what the command cannot do without (reading
the file with ``xlincome.profiles.read_profiles`` and ``batch.evaluate``);
the command as a user runs it (its terminal output sent to a file); and the
command with ``-o results.csv``; then the floor again, to show how much the
machine's load moves the figures.  It prints the time and the peak resident
memory of each, the ratios to the floor, and how many lines the command
printed.

    python benchmarks/bench_evaluate_cli.py [--profiles 1000000]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BAD_EVERY = 1000


def write_profiles(path: Path, count: int) -> None:
    from xlincome.profiles.samples import random_profiles

    frame = random_profiles(count)
    frame.loc[frame.index[::BAD_EVERY], "price"] = -1.0
    frame.to_csv(path, index=False)


def child(mode: str, profiles: Path, report: Path) -> None:
    """Run one measurement in this process; write its seconds and peak memory to ``report``."""
    started = time.perf_counter()
    if mode == "floor":
        from xlincome import batch
        from xlincome.profiles import read_profiles

        batch.evaluate(read_profiles(profiles))
    else:
        from xlincome.cli import main

        args = ["evaluate", str(profiles)]
        if mode == "cli -o":
            args += ["-o", str(profiles.with_name("results.csv")), "--force"]
        try:
            main(args, standalone_mode=True)
        except SystemExit as end:
            assert end.code in (0, 1), end.code
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report.write_text(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))


def measure(mode: str, profiles: Path, folder: Path) -> dict:
    report = folder / "report.json"
    with open(folder / "stdout.txt", "w") as out, open(folder / "stderr.txt", "w") as err:
        subprocess.run([sys.executable, __file__, "--child", mode, str(profiles), str(report)],
                       stdout=out, stderr=err, check=True)
    figures = json.loads(report.read_text())
    figures["lines"] = sum(1 for _ in open(folder / "stdout.txt")) + sum(1 for _ in open(folder / "stderr.txt"))
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1_000_000)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "PROFILES", "REPORT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, profiles, report = args.child
        return child(mode, Path(profiles), Path(report))

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        profiles = folder / "profiles.csv"
        write_profiles(profiles, args.profiles)
        size_mb = profiles.stat().st_size / 1e6
        print(f"{args.profiles:,} profiles ({args.profiles // BAD_EVERY:,} bad), {size_mb:,.0f} MB of CSV")
        floor = measure("floor", profiles, folder)
        for mode in ("floor", "cli", "cli -o", "floor again"):
            figures = floor if mode == "floor" else measure(mode.split()[0] if mode.startswith("floor") else mode,
                                                            profiles, folder)
            label = {"floor": "read_profiles + batch.evaluate", "cli": "xlincome evaluate",
                     "cli -o": "xlincome evaluate -o results.csv",
                     "floor again": "the floor again (the machine's noise)"}[mode]
            print(f"{label:38} {figures['seconds']:7.1f} s ({figures['seconds'] / floor['seconds']:4.2f}x)"
                  f"  peak {figures['peak_mb']:7,.0f} MB ({figures['peak_mb'] / floor['peak_mb']:4.2f}x)"
                  + (f"  {figures['lines']} lines printed" if mode.startswith("cli") else ""))


if __name__ == "__main__":
    sys.exit(main())
