"""The portable generator: draws that Python and every spreadsheet engine compute the same.

A draw is a pure function of (seed, trial, month, kind): no state, no
``RAND()``, no numpy generator.  Every step is an integer below 2^53 (exact in
a double, so exact in any spreadsheet) and every ``MOD`` has a quotient below
2^27 (which every engine computes exactly).  With the prime ``P = 2^26 - 5``
one round is

    round(x, v) = MOD(MOD(x * x, P) * x + v, P)      (0 <= x < P, 0 <= v < P)

a bijection of ``0..P-1`` for each ``v`` (``3`` does not divide ``P - 1``, so
cubing modulo ``P`` is a permutation).  Per seed ``s = round(round(seed mod P,
1013904), high)`` with ``high = INT(seed / P)``; per trial ``key = round(round(trial,
s), 40503)``, so that the trial is the counter that is cubed (adding it instead
would make seed 2's trials seed 1's moved by seven); per draw
``x = round(round(round(key, month * 4 + kind), 2654435), 40499)`` and
``u = (x + 0.5) / P``, strictly inside (0, 1).  A normal draw is the inverse
normal of ``u`` (Wichura's AS241, as Python's ``statistics`` and the sheets'
``NORMSINV``), a factor with mean 1 and coefficient of variation ``cv`` is
``exp(sigma * z - sigma^2 / 2)`` with ``sigma^2 = ln(1 + cv^2)``.

Based on: Widynski, "Squares: a fast counter-based RNG" (2020): keyed rounds
of squaring a counter, adapted to arithmetic modulo a prime below 2^26
(cubing instead of squaring so that each round is a bijection; no bit
rotations, which spreadsheets lack).  Wichura, "Algorithm AS241: the
percentage points of the normal distribution", Applied Statistics 37 (1988).

The kinds of draw: :data:`LAUNCH` (month 0, once per trial), :data:`CLIENT`,
:data:`SALES` and :data:`LOSS` (months 1 to 120).
"""

from __future__ import annotations

import numpy as np

#: The modulus, the prime 2^26 - 5: every product of two residues is below 2^52.
P = 67108859
#: Seeds are whole numbers in [0, SEED_LIMIT).
SEED_LIMIT = 2 ** 31
#: The most trials a run may have.
MAX_TRIALS = 100_000
#: The most months a draw may be asked for (the plan's longest horizon).
MAX_MONTH = 120
#: The kinds of draw: the launch factor (month 0), the client and sales factors, the loss event.
LAUNCH, CLIENT, SALES, LOSS = 0, 1, 2, 3
#: The constants of the seed's first round, the key's second round and the draw's last two rounds.
SEED_ROUND, KEY_ROUND, DRAW_ROUNDS = 1013904, 40503, (2654435, 40499)


def _round(x: np.ndarray, v) -> np.ndarray:
    """One keyed round, ``(x^3 + v) mod P``, in int64 (every intermediate below 2^53)."""
    return ((x * x) % P * x + v) % P


def seed_key(seed: int) -> int:
    """The seed scrambled once, ``round(round(seed mod P, 1013904), INT(seed / P))``, in [0, P)."""
    low, high = int(seed) % P, int(seed) // P
    return int(_round(_round(np.int64(low), SEED_ROUND), high))


def trial_keys(seed: int, trials) -> np.ndarray:
    """The key of each trial (an int64 array), from ``seed`` in [0, 2^31) and trial numbers from 1."""
    return _round(_round(np.asarray(trials, dtype=np.int64), seed_key(seed)), KEY_ROUND)


def counters(keys: np.ndarray, month, kind) -> np.ndarray:
    """The integer draw ``x`` in [0, P) for trial ``keys``, ``month`` and ``kind`` (broadcast)."""
    x = _round(np.asarray(keys, dtype=np.int64), np.asarray(month, dtype=np.int64) * 4 + kind)
    return _round(_round(x, DRAW_ROUNDS[0]), DRAW_ROUNDS[1])


def uniforms(seed: int, trial, month, kind) -> np.ndarray:
    """The uniform draw ``(x + 0.5) / P`` in (0, 1) of (seed, trial, month, kind), broadcast."""
    trial, month, kind = np.broadcast_arrays(*(np.asarray(a, dtype=np.int64) for a in (trial, month, kind)))
    return (counters(trial_keys(seed, trial), month, kind) + 0.5) / P


def draws(seed: int, trials: int, months: int, first: int = 1) -> dict[str, np.ndarray]:
    """Every uniform draw a run needs: trials ``first .. first + trials - 1`` of ``seed``.

    Returns ``launch`` (shape ``(trials,)``, month 0), and ``client``,
    ``sales`` and ``loss`` (shape ``(months, trials)``, row ``t - 1`` for
    month ``t``).  The same trial gets the same draws in any run.
    """
    keys = trial_keys(seed, np.arange(first, first + trials, dtype=np.int64))
    month_column = np.arange(1, months + 1, dtype=np.int64)[:, None]
    out = {"launch": (counters(keys, 0, LAUNCH) + 0.5) / P}
    for name, kind in (("client", CLIENT), ("sales", SALES), ("loss", LOSS)):
        out[name] = (counters(keys[None, :], month_column, kind) + 0.5) / P
    return out


# AS241 (PPND16): the central region |u - 0.5| <= 0.425, then r = sqrt(-ln(min(u, 1 - u)))
# up to 5 and beyond; numerator and denominator coefficients, highest power first.
_CENTRAL = ((2.5090809287301226727e+3, 3.3430575583588128105e+4, 6.7265770927008700853e+4,
             4.5921953931549871457e+4, 1.3731693765509461125e+4, 1.9715909503065514427e+3,
             1.3314166789178437745e+2, 3.3871328727963666080e+0),
            (5.2264952788528545610e+3, 2.8729085735721942674e+4, 3.9307895800092710610e+4,
             2.1213794301586595867e+4, 5.3941960214247511077e+3, 6.8718700749205790830e+2,
             4.2313330701600911252e+1, 1.0))
_NEAR = ((7.74545014278341407640e-4, 2.27238449892691845833e-2, 2.41780725177450611770e-1,
          1.27045825245236838258e+0, 3.64784832476320460504e+0, 5.76949722146069140550e+0,
          4.63033784615654529590e+0, 1.42343711074968357734e+0),
         (1.05075007164441684324e-9, 5.47593808499534494600e-4, 1.51986665636164571966e-2,
          1.48103976427480074590e-1, 6.89767334985100004550e-1, 1.67638483018380384940e+0,
          2.05319162663775882187e+0, 1.0))
_FAR = ((2.01033439929228813265e-7, 2.71155556874348757815e-5, 1.24266094738807843860e-3,
         2.65321895265761230930e-2, 2.96560571828504891230e-1, 1.78482653991729133580e+0,
         5.46378491116411436990e+0, 6.65790464350110377720e+0),
        (2.04426310338993978564e-15, 1.42151175831644588870e-7, 1.84631831751005468180e-5,
         7.86869131145613259100e-4, 1.48753612908506148525e-2, 1.36929880922735805310e-1,
         5.99832206555887937690e-1, 1.0))


def _ratio(coefficients, r: np.ndarray) -> np.ndarray:
    """A ratio of two polynomials in ``r`` by Horner's rule, in AS241's order of operations."""
    num, den = (np.full_like(r, c[0]) for c in coefficients)
    for a, b in zip(coefficients[0][1:], coefficients[1][1:]):
        num = num * r + a
        den = den * r + b
    return num / den


def normal_quantile(u) -> np.ndarray:
    """The inverse standard normal of each ``u`` in (0, 1): AS241 (Wichura 1988), vectorized.

    The same operations as Python's ``statistics.NormalDist().inv_cdf`` and
    to about 1e-16 relative the spreadsheets' ``NORMSINV``.  The central
    region (85 % of uniform draws) is worked out for every value, the tails
    only for the values in them.
    """
    shape = np.shape(u)
    u = np.asarray(u, dtype=np.float64).reshape(-1)
    q = u - 0.5
    z = q * _ratio(_CENTRAL, 0.180625 - q * q)
    tails = np.flatnonzero(np.abs(q) > 0.425)
    if tails.size:
        u, q = u[tails], q[tails]
        r = np.sqrt(-np.log(np.where(q <= 0.0, u, 1.0 - u)))
        near = r <= 5.0
        tail = np.empty_like(r)
        tail[near] = _ratio(_NEAR, r[near] - 1.6)
        tail[~near] = _ratio(_FAR, r[~near] - 5.0)
        z[tails] = np.where(q < 0.0, -tail, tail)
    return z.reshape(shape)


def lognormal_sigma(cv) -> np.ndarray:
    """``sqrt(ln(1 + cv^2))``: the sigma of a lognormal with coefficient of variation ``cv``."""
    cv = np.asarray(cv, dtype=np.float64)
    return np.sqrt(np.log(1.0 + cv * cv))


def lognormal_factors(z, sigma) -> np.ndarray:
    """``exp(sigma * z - sigma^2 / 2)``: factors with mean 1 (exactly 1 where ``sigma`` is 0)."""
    sigma = np.asarray(sigma, dtype=np.float64)
    return np.exp(sigma * z - sigma * sigma / 2)
