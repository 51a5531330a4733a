"""Many profiles at once: vectorized results, bad rows reported by row and column."""

import math

import pandas as pd
import pytest

from xlincome import batch, model
from xlincome.errors import ProfileSchemaError
from xlincome.profiles.samples import random_profiles

SEED = dict(name="Ana", business_costs=1500, personal_costs=3600, tax_rate=0.25, margin=0.10,
            hourly_rate=125, hours_per_week=30, build_hours=120, price=99, units_per_month=30,
            cash=21000)


def test_a_seed_profile_gives_the_seed_figures():
    results = batch.evaluate(pd.DataFrame([SEED]))
    row = results.iloc[0]
    assert row.revenue_floor == pytest.approx(6930, rel=1e-9)
    assert row.service_income == pytest.approx(15000, rel=1e-9)
    assert row.product_breakeven == pytest.approx(120 * 125 / (99 * 30), rel=1e-9)
    assert row.breakeven_units == pytest.approx(120 * 125 / 12 / 99, rel=1e-9)
    assert row.reserve_months == pytest.approx(21000 / 5100, rel=1e-9)
    assert row.required_rate == pytest.approx(6930 * 12 / (30 * 48), rel=1e-9)
    assert row.scalable_share == 0
    assert row.mix_status == "below target"
    assert row.phase_label == "Phase 1: Build and test product"
    assert row.error is None


def test_good_rows_are_computed_and_bad_rows_reported_with_row_and_column():
    frame = pd.DataFrame([
        SEED,
        {**SEED, "name": "Bo", "tax_rate": 1.5},
        {**SEED, "name": "Cy", "price": "cheap", "build_hours": -4},
        {**SEED, "name": "Di", "product_income": 2000},
    ], index=[2, 3, 4, 5])
    results = batch.evaluate(frame)
    problems = results.attrs["problems"]
    assert problems[["row", "column"]].values.tolist() == [[3, "tax_rate"], [4, "build_hours"], [4, "price"]]
    assert set(problems.rule) == {"must be in [0, 1); for 10 % write 0.10 or 10%", "must be >= 0", "must be a number"}
    assert results.loc[[2, 5], "error"].isna().all()
    assert results.loc[3, "error"] == "tax_rate must be in [0, 1); for 10 % write 0.10 or 10%, got 1.5"
    assert math.isnan(results.loc[4, "revenue_floor"])
    assert results.loc[5, "scalable_share"] == pytest.approx(2000 / 17000, rel=1e-9)


def test_blank_optional_cells_take_their_defaults_and_blank_required_cells_are_errors():
    frame = pd.DataFrame([{**SEED, "tax_rate": None, "weeks_per_year": None},
                          {**SEED, "price": None}])
    results = batch.evaluate(frame)
    assert results.loc[0, "revenue_floor"] == pytest.approx(5100 * 1.1)
    assert results.loc[0, "service_income"] == pytest.approx(15000)
    assert results.loc[1, "error"] == "price is required"


def test_cross_column_rules_are_reported():
    frame = pd.DataFrame([{**SEED, "target_low": 0.5, "target_high": 0.4},
                          {**SEED, "business_costs": 0, "personal_costs": 0}])
    problems = batch.validate(frame)
    assert problems[["row", "column"]].values.tolist() == [[0, "target_low"], [1, "business_costs"]]


def test_missing_required_columns_stop_with_every_name_listed():
    with pytest.raises(ProfileSchemaError) as caught:
        batch.evaluate(pd.DataFrame([{"name": "x", "business_costs": 1}]))
    assert "personal_costs, hourly_rate, hours_per_week, build_hours, price, units_per_month" in str(caught.value)


def test_vectorized_results_equal_the_scalar_model_row_by_row():
    n = 200
    frame = random_profiles(n, seed=3)
    results = batch.evaluate(frame)
    for i in range(0, n, 7):
        p = frame.iloc[i]
        floor = model.revenue_floor(p.business_costs, p.personal_costs, p.tax_rate, p.margin)
        service = model.service_income(p.hourly_rate, p.hours_per_week, p.weeks_per_year)
        reserve = model.reserve_months(p.cash, p.business_costs + p.personal_costs)
        volatility = None if math.isnan(p.volatility) else p.volatility
        r = results.iloc[i]
        assert r.revenue_floor == pytest.approx(floor, rel=1e-12)
        assert r.product_breakeven == pytest.approx(model.product_breakeven(
            p.build_hours, p.hourly_rate, p.price, p.units_per_month, p.fee_rate, p.monthly_costs,
            p.maintenance_hours, p.upfront_costs), rel=1e-12)
        assert r.mix_gap == pytest.approx(model.hybrid_mix(
            [service, p.product_income], ["service", "product"], p.target_low, p.target_high,
            result="gap"), rel=1e-12, abs=1e-9)
        assert r.phase_label == model.phase_status(service, p.product_income, floor, p.months_sustained,
                                                   reserve, volatility)
        assert r.next_step == model.phase_status(service, p.product_income, floor, p.months_sustained,
                                                 reserve, volatility, result="next")


@pytest.mark.parametrize("dtype", [object, "str"])
def test_a_blank_name_among_text_names_is_reported_whatever_the_column_type(dtype):
    frame = pd.DataFrame({"name": pd.Series(["Ana", None, "Bo"], dtype=dtype), "business_costs": 1500,
                          "personal_costs": 3600, "hourly_rate": 125, "hours_per_week": 30, "build_hours": 120,
                          "price": 99, "units_per_month": 30})
    assert batch.validate(frame)[["row", "column", "rule"]].values.tolist() == [[1, "name", "is required"]]


def test_a_row_whose_results_are_beyond_a_float_fails_alone_and_the_others_are_computed():
    frame = pd.DataFrame({"name": ["Ana", "Huge", "Bo"], "business_costs": [1500, 1e308, 900],
                          "personal_costs": [3600, 1e308, 2000], "tax_rate": [0.25, 0.5, 0.2],
                          "margin": [0.10, 0, 0], "hourly_rate": [125, 90, 90], "hours_per_week": [30, 25, 25],
                          "build_hours": [120, 80, 80], "price": [99, 49, 49], "units_per_month": [30, 20, 20]})
    results = batch.evaluate(frame)
    assert results.loc[1, "error"] == "result is too large to compute"
    # 1500 + 3600 / 0.75, plus 10 %; and 900 + 2000 / 0.8
    assert results.loc[0, "revenue_floor"] == pytest.approx(6930)
    assert results.loc[2, "revenue_floor"] == pytest.approx(3400)
    assert results.loc[[0, 2], "error"].isna().all()
    assert list(results.attrs["problems"]["row"]) == [1]
