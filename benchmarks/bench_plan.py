"""The transition plan for many profiles at once against one profile at a time, side by side.

Simulates N random profiles over 36 months with every summary result
(``launch``, ``breakeven``, ``rebalance``, ``lowest_cash``, ``below_floor``,
``final_share``, ``final_phase``) in one vectorized call
(:func:`xlincome.model.plan_summaries`), and also result by result through
:func:`xlincome.model.transition_plan` (seven calls); in the same run, M of
the profiles one at a time through ``transition_plan(..., result="table")``
(the scalar month table, from which every summary can be read).  Prints
times, the ratio per profile, and peak memory.

    python benchmarks/bench_plan.py [--profiles 100000] [--scalar 300] [--months 36]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc

import numpy as np

from xlincome import batch, model
from xlincome.profiles.samples import random_profiles


def arguments(frame) -> dict[str, np.ndarray]:
    """The plan's arguments as float columns (a blank target is NaN: never cut)."""
    return {name: frame[name].to_numpy(dtype=np.float64) for name in batch.PLAN_ARGUMENTS}


def one_at_a_time(columns: dict[str, np.ndarray], count: int, months: int) -> list:
    """The month table of each of the first ``count`` profiles, one scalar call each."""
    tables = []
    for index in range(count):
        profile = {name: float(values[index]) for name, values in columns.items()}
        if np.isnan(profile["target_hours_per_week"]):
            profile["target_hours_per_week"] = None
        tables.append(model.transition_plan(**profile, months=months))
    return tables


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--scalar", type=int, default=300)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    columns = arguments(random_profiles(args.profiles))

    together = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        summaries = model.plan_summaries(**columns, months=args.months)
        together.append(time.perf_counter() - start)
    start = time.perf_counter()
    by_result = {result: model.transition_plan(**columns, months=args.months, result=result)
                 for result in model.PLAN_SUMMARIES}
    seven_calls = time.perf_counter() - start
    tracemalloc.start()
    model.plan_summaries(**columns, months=args.months)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    start = time.perf_counter()
    tables = one_at_a_time(columns, args.scalar, args.months)
    scalar = time.perf_counter() - start
    # both paths must compute the same plans for the comparison to mean anything
    for index, table in enumerate(tables):
        lowest = float(table["cash"].min())
        assert np.isclose(summaries["lowest_cash"][index], lowest, rtol=1e-12, atol=1e-9), index
        assert summaries["final_share"][index] == table["share"].iloc[-1], index
        assert by_result["below_floor"][index] == summaries["below_floor"][index], index

    best = min(together)
    vector_each, scalar_each = best / args.profiles, scalar / args.scalar
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"vectorized, every summary from one simulation (plan_summaries): {args.profiles:,} profiles x "
          f"{args.months} months in {best:.3f} s best of {args.repeat} (first {together[0]:.3f} s)")
    print(f"vectorized, one transition_plan call per summary (7 calls):     {seven_calls:.3f} s")
    print(f"scalar, transition_plan(result='table') one profile at a time:  {args.scalar:,} profiles in "
          f"{scalar:.3f} s = {scalar_each * 1e3:.2f} ms per profile")
    print(f"ratio per profile: {scalar_each / vector_each:,.0f}x faster vectorized "
          f"({vector_each * 1e6:.2f} us against {scalar_each * 1e6:,.0f} us)")
    print(f"peak memory: {traced_peak / 2**20:,.0f} MB allocated by one vectorized run (tracemalloc); "
          f"{peak_mb:,.0f} MB for the whole process")


if __name__ == "__main__":
    sys.exit(main())
