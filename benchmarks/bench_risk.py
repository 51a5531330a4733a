"""The plan's odds (PLAN_RISK): one profile, a long run, a batch like ``evaluate --risk``, side by side
with the same simulations given their draws already made (the portable generator's share).

Prints, in one run: one profile (MODEL.md's kw1) with every summary over 1,000 trials x 36 months
(target under 20 ms) and over 100,000 trials (under 2 s); N random profiles x 1,000 trials, every
summary, as ``xlincome evaluate --risk`` computes them (target: 10,000 profiles under 60 s, peak
memory under 1 GB); and for each, the time with the draws precomputed and the generator's share.

    python benchmarks/bench_risk.py [--profiles 10000] [--trials 1000] [--long 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from contextlib import contextmanager

import numpy as np

from xlincome import batch, model
from xlincome.functions import PLAN_KW1
from xlincome.model import risk
from xlincome.profiles.samples import random_profiles

MONTHS = 36


def best_of(repeat: int, work) -> tuple[float, object]:
    """The shortest of ``repeat`` runs of ``work()``, and its result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


@contextmanager
def draws_made_before():
    """Within: the simulation takes its draws from a table made before it (no generator time)."""
    made: dict = {}
    original = risk._normals

    def precomputed(seed, first, last, months):
        key = (seed, first, last, months)
        if key not in made:
            made[key] = risk._made_normals(seed, first, last, months)
        return made[key]

    risk._normals = precomputed
    try:
        yield precomputed
    finally:
        risk._normals = original


def fresh(work):
    """``work`` with the generator's memory of recent runs cleared first: every run draws anew."""
    def run():
        risk._remembered_normals.cache_clear()
        return work()
    return run


def compare(label: str, repeat: int, work) -> float:
    """Time ``work`` as it is and with its draws precomputed; print both and the generator's share."""
    seconds, result = best_of(repeat, fresh(work))
    with draws_made_before():
        work()  # make the draws once
        floor, again = best_of(repeat, work)
    for name in model.RISK_SUMMARIES:  # the same odds either way, or the comparison means nothing
        assert np.array_equal(np.asarray(result[name]), np.asarray(again[name]), equal_nan=True), name
    share = max(0.0, 1 - floor / seconds)
    print(f"{label}: {seconds * 1e3:,.1f} ms; draws precomputed {floor * 1e3:,.1f} ms "
          f"(the generator {share:.0%} of the time)")
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--long", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    one = compare(f"one profile (kw1), every summary, {args.trials:,} trials x {MONTHS} months", args.repeat,
                  lambda: model.risk_summaries(**PLAN_KW1, months=MONTHS, trials=args.trials))
    plan_only, _ = best_of(args.repeat, lambda: model.plan_summaries(**PLAN_KW1, months=MONTHS))
    print(f"  against one future (plan_summaries): {plan_only * 1e3:.2f} ms, "
          f"{one / plan_only:,.0f}x for {args.trials:,} futures")
    table, _ = best_of(args.repeat, fresh(lambda: model.plan_risk(**PLAN_KW1, months=MONTHS, trials=args.trials,
                                                                 result="table")))
    print(f"  the month bands (result='table'): {table * 1e3:,.1f} ms")
    again, _ = best_of(args.repeat, lambda: model.plan_risk(**PLAN_KW1, months=MONTHS, trials=args.trials))
    print(f"  one summary again with the same seed (its draws remembered, as a sheet of cells asks): "
          f"{again * 1e3:,.1f} ms")
    compare(f"one profile (kw1), every summary, {args.long:,} trials x {MONTHS} months", max(1, args.repeat // 2),
            lambda: model.risk_summaries(**PLAN_KW1, months=MONTHS, trials=args.long))

    frame = random_profiles(args.profiles)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    results = batch.evaluate(frame, risk={"trials": args.trials})
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert results["error"].isna().all()
    start = time.perf_counter()
    batch.evaluate(frame)
    without = time.perf_counter() - start
    print(f"batch.evaluate with risk (evaluate --risk): {args.profiles:,} profiles x {args.trials:,} trials x "
          f"{PLAN_MONTHS_TEXT} in {seconds:.1f} s = {args.profiles / seconds:,.0f} profiles/s; "
          f"without risk {without:.2f} s")
    print(f"  peak memory of the process: {peak:,.0f} MB ({before:,.0f} MB before the run)")
    columns = {name: frame[name].to_numpy(dtype=np.float64) for name in batch.PLAN_ARGUMENTS}
    compare(f"  the same odds through risk_summaries, {args.profiles:,} profiles", 1,
            lambda: model.risk_summaries(**columns, months=MONTHS, trials=args.trials))


PLAN_MONTHS_TEXT = f"{MONTHS} months"

if __name__ == "__main__":
    sys.exit(main())
