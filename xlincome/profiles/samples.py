"""Random valid profiles, for benchmarks, parity tests and demos at scale."""

from __future__ import annotations

import numpy as np
import pandas as pd


def random_profiles(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` valid random profiles (every column of the schema, realistic ranges).

    The ranges cover every transition phase, products that break even in
    weeks and products that never do; about 30 % leave ``volatility`` blank,
    about 5 % build nothing a week (never launch) and 40 % set no target hours.
    """
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "name": np.array([f"Profile {i}" for i in range(n)], dtype=object),
        "business_costs": rng.uniform(0, 3000, n), "personal_costs": rng.uniform(500, 6000, n),
        "tax_rate": rng.uniform(0, 0.45, n), "margin": rng.uniform(0, 0.3, n),
        "hourly_rate": rng.uniform(20, 250, n), "hours_per_week": rng.uniform(5, 45, n),
        "weeks_per_year": rng.uniform(40, 52, n), "build_hours": rng.uniform(0, 300, n),
        "price": rng.uniform(5, 500, n), "units_per_month": rng.uniform(0, 150, n),
        "fee_rate": rng.uniform(0, 0.3, n), "monthly_costs": rng.uniform(0, 500, n),
        "maintenance_hours": rng.uniform(0, 20, n), "upfront_costs": rng.uniform(0, 5000, n),
        "horizon_months": rng.uniform(3, 36, n), "product_income": rng.uniform(0, 8000, n),
        "months_sustained": rng.integers(0, 24, n).astype(float), "cash": rng.uniform(0, 80000, n),
        "volatility": np.where(rng.random(n) < 0.3, np.nan, rng.uniform(0, 0.5, n)),
        "target_low": rng.uniform(0.2, 0.3, n), "target_high": rng.uniform(0.35, 0.5, n),
        "build_hours_per_week": np.where(rng.random(n) < 0.05, 0.0, rng.uniform(0, 16, n)),
        "ramp_months": rng.uniform(1, 6, n),
        "target_hours_per_week": np.where(rng.random(n) < 0.4, np.nan, rng.uniform(5, 35, n)),
    })
