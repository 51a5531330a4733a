"""The portable generator: the same draws as a plain Python reference, exact integers, uniform,
independent neighbours, and the inverse normal as Python's own AS241."""

import math
from statistics import NormalDist

import numpy as np
import pytest

from draw_grid import GRID, PINNED, cube_round, reference_draw
from xlincome.model.random import (
    LOSS,
    MAX_MONTH,
    MAX_TRIALS,
    P,
    SEED_LIMIT,
    counters,
    draws,
    lognormal_factors,
    lognormal_sigma,
    normal_quantile,
    trial_keys,
    uniforms,
)

EXACT = 2 ** 53
QUOTIENT = 2 ** 27


def test_the_grid_is_pinned_and_the_reference_agrees():
    assert [reference_draw(*point)[0] for point in GRID] == list(PINNED)


def test_numpy_draws_are_the_reference_draws():
    for (seed, trial, month, kind), x in zip(GRID, PINNED):
        assert int(counters(trial_keys(seed, trial), month, kind)) == x
        _, u, z = reference_draw(seed, trial, month, kind)
        assert uniforms(seed, trial, month, kind) == u
        assert normal_quantile(u) == pytest.approx(z, rel=1e-15, abs=1e-15)


def test_the_modulus_is_a_prime_whose_cubes_are_a_permutation():
    assert all(P % d for d in range(2, math.isqrt(P) + 1))
    assert (P - 1) % 3 != 0  # so x -> x^3 mod P is one to one
    assert P < 2 ** 26


def _checked_round(x: int, v: int, seen: list[int]) -> int:
    """A round in Python integers, noting every number a MOD divides (its quotient is that over P)."""
    assert 0 <= x < P and 0 <= v < P
    square = x * x
    inner = (square % P) * x + v
    seen += [square, inner]
    return inner % P


def _checked_draw(seed: int, trial: int, month: int, kind: int, seen: list[int]) -> int:
    seen += [seed]
    scrambled = _checked_round(_checked_round(seed % P, 1013904, seen), seed // P, seen)
    key = _checked_round(_checked_round(trial, scrambled, seen), 40503, seen)
    x = _checked_round(key, month * 4 + kind, seen)
    return _checked_round(_checked_round(x, 2654435, seen), 40499, seen)


def test_every_intermediate_is_exact_in_a_double_and_every_quotient_small():
    extremes = [(seed, trial, month, kind)
                for seed in (0, 1, P - 1, P, 2 * P - 1, SEED_LIMIT - 1)
                for trial in (1, 2, MAX_TRIALS - 1, MAX_TRIALS)
                for month in (0, 1, MAX_MONTH)
                for kind in range(4)]
    grid = [(seed, trial, month, kind)
            for seed in range(0, SEED_LIMIT, 97_654_321)
            for trial in range(1, MAX_TRIALS + 1, 7919)
            for month in range(0, MAX_MONTH + 1, 17)
            for kind in range(4)]
    for point in extremes + grid:
        seen: list[int] = []
        x = _checked_draw(*point, seen)
        assert max(seen) < EXACT
        assert max(seen) // P < QUOTIENT
        assert int(counters(trial_keys(point[0], point[1]), point[2], point[3])) == x
    # the bound for any residue: the largest square plus the largest addend
    assert (P - 1) * (P - 1) + (P - 1) < EXACT
    assert cube_round(P - 1, P - 1) < P


def test_draws_are_the_pointwise_draws_and_a_prefix_of_a_longer_run():
    run = draws(7, trials=50, months=12)
    trial = np.arange(1, 51)
    assert np.array_equal(run["launch"], uniforms(7, trial, 0, 0))
    for name, kind in (("client", 1), ("sales", 2), ("loss", LOSS)):
        assert np.array_equal(run[name], uniforms(7, trial[None, :], np.arange(1, 13)[:, None], kind))
    longer = draws(7, trials=400, months=12)
    assert all(np.array_equal(longer[name][..., :50], run[name]) for name in run)
    later = draws(7, trials=10, months=12, first=31)
    assert np.array_equal(later["sales"], run["sales"][:, 30:40])


def _chi_square(u: np.ndarray, bins: int) -> float:
    counts = np.bincount(np.minimum((u * bins).astype(int), bins - 1), minlength=bins)
    expected = len(u) / bins
    return float(((counts - expected) ** 2 / expected).sum())


@pytest.mark.parametrize("name", ["client", "sales", "loss"])
def test_a_million_draws_are_uniform(name):
    u = draws(1, trials=10_000, months=100)[name].ravel()
    assert len(u) == 1_000_000 and 0 < u.min() and u.max() < 1
    bins = 1000
    # chi-square with 999 degrees of freedom: mean 999, standard deviation sqrt(2 * 999) ~ 44.7
    assert abs(_chi_square(u, bins) - (bins - 1)) < 6 * math.sqrt(2 * (bins - 1))


def _correlation(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])


def test_neighbouring_trials_months_kinds_and_seeds_are_uncorrelated():
    run = draws(3, trials=5_000, months=60)
    bound = 5 / math.sqrt(run["client"][:, 1:].size)  # five standard errors of a correlation of 0
    assert abs(_correlation(run["client"][:, :-1], run["client"][:, 1:])) < bound  # trials
    assert abs(_correlation(run["client"][:-1], run["client"][1:])) < bound  # months
    assert abs(_correlation(run["client"], run["sales"])) < bound  # kinds
    assert abs(_correlation(run["sales"], run["loss"])) < bound
    # the last draw of a month and the first of the next (counters 4m + 3 and 4(m + 1) + 1)
    assert abs(_correlation(run["loss"][:-1], run["client"][1:])) < bound
    other = draws(4, trials=5_000, months=60)
    assert abs(_correlation(run["client"], other["client"])) < bound  # seeds


def test_small_seeds_share_no_more_trials_than_chance():
    runs = [set(counters(trial_keys(seed, np.arange(1, 1001)), 1, 1).tolist()) for seed in range(48)]
    shared = [len(runs[a] & runs[b]) for a in range(48) for b in range(a + 1, 48)]
    # 1,000 of P values each: about 1000 * 1000 / P = 0.015 in common by chance
    assert max(shared) <= 2 and sum(shared) < 1128 * 0.1


def test_the_inverse_normal_is_pythons_as241():
    u = np.concatenate([np.linspace(1e-6, 1 - 1e-6, 20_001), [1e-300, 1e-100, 1e-20, 1e-12, 0.5 / P,
                        0.075, 0.075000001, 0.5, 0.925, 1 - 1e-12, 1 - 2 ** -53]])
    expected = np.array([NormalDist().inv_cdf(float(v)) for v in u])
    assert np.allclose(normal_quantile(u), expected, rtol=1e-15, atol=1e-15)
    assert normal_quantile(0.5) == 0.0


def test_lognormal_factors_have_mean_one_and_the_asked_spread():
    assert lognormal_sigma(0.0) == 0.0
    z = normal_quantile(draws(5, trials=10_000, months=100)["client"].ravel())
    assert np.array_equal(lognormal_factors(z, lognormal_sigma(0.0)), np.ones_like(z))
    for cv in (0.1, 0.3, 0.5):
        factors = lognormal_factors(z, lognormal_sigma(cv))
        # a million draws: the mean within a few standard errors (cv / 1000) of 1
        assert factors.mean() == pytest.approx(1, abs=5 * cv / 1000)
        assert factors.std() / factors.mean() == pytest.approx(cv, rel=0.02)
        assert lognormal_sigma(cv) == math.sqrt(math.log(1 + cv * cv))
