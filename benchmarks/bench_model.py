"""Reading and vectorized batch evaluation of many profiles, side by side in one run.

Writes N random profiles to a CSV file twice -- as ``,``/decimal point and as
``;``/decimal comma (European Excel) -- and reads each back through the
profile reader (:func:`xlincome.profiles.read_profiles`: encoding, separator
and decimal mark found, row counts checked, typed numbers) and through
pandas' own ``read_csv`` of the same file with the separator and decimal mark
given, printing both times and their ratio (target: the reader at most 2x
pandas).  Then evaluates the profiles read through ``xlincome.batch.evaluate``
and, in the same run, M of them one at a time through the scalar API (the
same results per profile), printing profiles/second for both, the ratio per
profile, and the process's peak memory.

    python benchmarks/bench_model.py [--profiles 1000000] [--scalar 10000]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from xlincome import batch, model
from xlincome.profiles import read_profiles
from xlincome.profiles.samples import random_profiles

#: The two layouts Excel writes: (label, separator, decimal mark).
LAYOUTS = (("',' and decimal point", ",", "."), ("';' and decimal comma", ";", ","))


def one_profile(p) -> dict:
    """Every result of ``batch.evaluate`` for one profile, through the scalar API."""
    floor = model.revenue_floor(p.business_costs, p.personal_costs, p.tax_rate, p.margin)
    service = model.service_income(p.hourly_rate, p.hours_per_week, p.weeks_per_year)
    product = dict(build_hours=p.build_hours, hourly_rate=p.hourly_rate, price=p.price,
                   fee_rate=p.fee_rate, monthly_costs=p.monthly_costs,
                   maintenance_hours=p.maintenance_hours, upfront_costs=p.upfront_costs)
    reserve = model.reserve_months(p.cash, p.business_costs + p.personal_costs)
    mix = model.hybrid_mix([service, p.product_income], ["service", "product"], p.target_low,
                           p.target_high, result="table")
    volatility = None if np.isnan(p.volatility) else p.volatility
    situation = (service, p.product_income, floor, p.months_sustained, reserve, volatility)
    return {
        "revenue_floor": floor, "service_income": service, "reserve_months": reserve,
        "required_rate": model.required_rate(floor, p.hours_per_week, p.weeks_per_year),
        "hours_needed": model.hours_needed(floor, p.hourly_rate, p.weeks_per_year),
        "product_breakeven": model.product_breakeven(units_per_month=p.units_per_month, **product),
        "breakeven_units": model.breakeven_units(horizon_months=p.horizon_months, **product),
        **mix,
        "phase": model.phase_status(*situation, result="phase"),
        "next_step": model.phase_status(*situation, result="next"),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1_000_000)
    parser.add_argument("--scalar", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    frame = random_profiles(args.profiles)
    with tempfile.TemporaryDirectory() as folder:
        for label, sep, decimal in LAYOUTS:
            path = Path(folder) / f"profiles-{'semicolon' if sep == ';' else 'comma'}.csv"
            frame.to_csv(path, index=False, sep=sep, decimal=decimal)
            pandas_times, reader_times = [], []
            for _ in range(args.repeat):
                start = time.perf_counter()
                pd.read_csv(path, sep=sep, decimal=decimal)
                pandas_times.append(time.perf_counter() - start)
                start = time.perf_counter()
                read = read_profiles(path)
                reader_times.append(time.perf_counter() - start)
            numbers = [column for column in frame.columns if column != "name"]
            # the reader must give back the very numbers written, for the timing to mean anything
            assert np.array_equal(read[numbers].to_numpy(), frame[numbers].to_numpy(), equal_nan=True), label
            assert read["name"].tolist() == frame["name"].tolist()
            print(f"reading {args.profiles:,} profiles, {label} ({path.stat().st_size / 1e6:,.0f} MB), best of "
                  f"{args.repeat}: profile reader {min(reader_times):.3f} s, pandas read_csv "
                  f"{min(pandas_times):.3f} s, ratio {min(reader_times) / min(pandas_times):.2f}x")
    frame = read
    vector_times, cpu_times = [], []
    for _ in range(args.repeat):
        start, cpu = time.perf_counter(), time.process_time()
        results = batch.evaluate(frame)
        vector_times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu)
    assert results["error"].isna().all()

    sample = frame.iloc[: args.scalar]
    start = time.perf_counter()
    scalar_results = [one_profile(p) for p in sample.itertuples(index=False)]
    scalar_time = time.perf_counter() - start
    for column in ("revenue_floor", "product_breakeven", "breakeven_units", "reserve_months", "phase", "next_step"):
        # both paths must compute the same thing for the comparison to mean anything
        expected = [result[column] for result in scalar_results]
        assert results[column].iloc[: args.scalar].tolist() == expected, column

    best = min(vector_times)
    vector_rate, scalar_rate = args.profiles / best, args.scalar / scalar_time
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"vectorized batch.evaluate: {args.profiles:,} profiles in {best:.3f} s best of "
          f"{args.repeat} (first {vector_times[0]:.3f} s) = {vector_rate:,.0f} profiles/s; "
          f"{min(cpu_times):.3f} s of CPU (all threads: more than the time when both cores work, "
          f"less when other programs hold them)")
    print(f"scalar loop:               {args.scalar:,} profiles in {scalar_time:.3f} s "
          f"= {scalar_rate:,.0f} profiles/s")
    print(f"ratio per profile:         {vector_rate / scalar_rate:,.0f}x faster vectorized")
    print(f"peak memory (whole process, input frame included): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
