"""The hybrid mix: the scalable share of income against the healthy 30-40 %, and how many
independent streams a portfolio is worth.

Streams run along the last axis of ``amounts``.  Source:
active-vs-semi-passive ("60-70 % service, 30-40 % scalable"); portfolio
(small, independent bets; diversification limits the damage when one
stream breaks).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import InputError
from .arrays import as_numbers, object_array, restorer, shown
from .rules import FRACTION, OPTIONAL_NONNEGATIVE, SHARE
from .scaling import DOUBT, Scaled, ordinary, power_of_two_scale, rationally, to_float
from .vectorize import declares, fits, result_choice

#: Stream kinds paid for time (active income), lower case.
ACTIVE_KINDS = ("service", "consulting", "retainer", "hourly", "project", "coaching", "workshop")
#: Stream kinds that sell without more hours (scalable, semi-passive income).
SCALABLE_KINDS = (
    "product", "course", "template", "toolkit", "ebook", "book", "subscription",
    "membership", "licensing", "affiliate", "saas",
)
#: Every kind HYBRID_MIX accepts, active first.
KINDS = ACTIVE_KINDS + SCALABLE_KINDS

#: The healthy scalable share of income (active-vs-semi-passive: "60-70 %
#: service, 30-40 % scalable").
TARGET_LOW, TARGET_HIGH = 0.30, 0.40

#: What ``hybrid_mix`` can return.
MIX_RESULTS = ("share", "status", "gap", "table")
#: The smallest normal float: a scaled amount below it has lost digits.
_SMALLEST_NORMAL = 2.0 ** -1022
#: Labels of ``hybrid_mix(..., result="status")``.
MIX_STATUSES = ("below target", "on target", "above target")


def _stream_amounts(amounts) -> np.ndarray:
    values = as_numbers("amounts", amounts, OPTIONAL_NONNEGATIVE)
    if values.ndim == 0:
        values = values.reshape(1)
    return values


def _stream_kinds(kinds, shape: tuple[int, ...]) -> np.ndarray:
    """Kinds as codes: 0 blank, 1 active, 2 scalable; unknown kinds raise.

    Codes are worked out once per distinct kind and then broadcast, so one
    row of kinds shared by a million portfolios costs one row.  Kinds must
    name every stream: only a whole row of kinds broadcasts (over the rows
    of a 2-D ``amounts``), never one kind over several streams.
    """
    items = object_array("kinds", kinds)
    if items.ndim == 0:
        items = items.reshape(1)
    known = {kind: 1 for kind in ACTIVE_KINDS} | {kind: 2 for kind in SCALABLE_KINDS}
    codes = np.zeros(items.shape, dtype=np.int8)
    seen: dict[str, int] = {}
    for position, item in np.ndenumerate(items):
        if isinstance(item, str) and item in seen:
            codes[position] = seen[item]
            continue
        codes[position] = _kind_code(item, known, position)
        if isinstance(item, str):
            seen[item] = codes[position]
    if items.shape[-1] != shape[-1] or items.ndim > len(shape):
        raise InputError("amounts, kinds", "must have matching sizes",
                         f"got amounts {shape}, kinds {items.shape}")
    try:
        return np.broadcast_to(codes, shape)
    except ValueError:
        raise InputError("amounts, kinds", "must have matching sizes",
                         f"got amounts {shape}, kinds {items.shape}") from None


def _kind_code(item: Any, known: dict[str, int], position: tuple[int, ...]) -> int:
    if item is None or (isinstance(item, float) and np.isnan(item)):
        return 0
    if isinstance(item, str):
        word = item.strip().lower()
        if not word:
            return 0
        if word in known:
            return known[word]
    raise InputError("kinds", "must be a known kind: " + ", ".join(KINDS), f"got {shown(item)}", position)


@dataclass(frozen=True)
class _Portfolios:
    """Streams (on the last axis) with their kind codes, and the kinds' totals, scaled.

    The amounts of each portfolio are divided by a power of two near its
    largest (``scaled``), so that no total overflows (see
    :mod:`xlincome.model.scaling`); ``numpy.ldexp(total, exponent)`` is a
    total in money per month.  ``amounts`` are the amounts as given (blanks 0).
    """

    amounts: np.ndarray
    codes: np.ndarray
    scaled: np.ndarray
    active: np.ndarray
    scalable: np.ndarray
    exponent: np.ndarray

    def tiny_lost(self) -> np.ndarray:
        """Portfolios with an amount that scaling took below the normal floats (fewer digits, or 0):
        amounts spanning more than about 300 orders of magnitude."""
        return np.any((self.amounts > 0) & (self.scaled < _SMALLEST_NORMAL), axis=-1)


def _portfolio(amounts, kinds) -> _Portfolios:
    """The streams of ``amounts`` and ``kinds``, checked, with their totals (see :class:`_Portfolios`)."""
    values = _stream_amounts(amounts)
    codes = _stream_kinds(kinds, values.shape)
    orphan = (codes == 0) & ~np.isnan(values)
    if orphan.any():
        position = tuple(int(i) for i in np.argwhere(orphan)[0])
        raise InputError("kinds", "must be given for every amount", "got a blank", position)
    given = np.nan_to_num(values, nan=0.0)
    scaled, exponent = power_of_two_scale(given)
    active = np.einsum("...i,...i->...", scaled, (codes == 1).astype(np.float64))
    scalable = np.einsum("...i,...i->...", scaled, (codes == 2).astype(np.float64))
    if np.any(active + scalable <= 0):
        raise InputError("amounts", "must have a positive total", "got 0")
    return _Portfolios(given, codes, scaled, active, scalable, exponent)


def _targets(target_low, target_high) -> tuple[np.ndarray, np.ndarray]:
    low = as_numbers("target_low", target_low, FRACTION)
    high = as_numbers("target_high", target_high, SHARE)
    _matching_targets(low, high)
    if np.any(low > high):
        raise InputError("target_low", "must be <= target_high",
                         f"got {float(np.max(low)):g} > {float(np.min(high)):g}")
    return low, high


def _mix_gap(low, mix: _Portfolios) -> tuple[np.ndarray, np.ndarray]:
    """``max(0, low * active / (1 - low) - scalable)`` in money per month (infinity where it is
    beyond the largest float), and where that difference is within rounding of 0.

    One scaled total is at least 1/2, so with an ordinary ``low`` (see
    :func:`~xlincome.model.scaling.ordinary`) no float step underflows where it
    matters; a tiny ``low`` is computed in :class:`~xlincome.model.scaling.Scaled`
    arithmetic.
    """
    with np.errstate(all="ignore"):
        wanted = low * mix.active / (1 - low)
        doubtful = (np.abs(wanted - mix.scalable) <= DOUBT * (wanted + mix.scalable)) & (wanted + mix.scalable > 0)
        if np.all(ordinary(low)):
            return _money(np.maximum(0.0, wanted - mix.scalable), mix.exponent), doubtful
        gap = low * Scaled.of(mix.active, mix.exponent) / (1 - low) - Scaled.of(mix.scalable, mix.exponent)
        return np.maximum(0.0, gap.value()), doubtful


def _money(total: np.ndarray, exponent: np.ndarray) -> np.ndarray:
    """A total of scaled amounts (see :class:`_Portfolios`) in money per month; infinity beyond a float."""
    with np.errstate(over="ignore"):  # found by looking at the result, not by the warning
        return np.ldexp(total, exponent)


def _exact_mix(mix: _Portfolios, low: np.ndarray, doubtful: np.ndarray) -> dict[tuple[int, ...], dict[str, float]]:
    """Every figure of the portfolios in doubt, in exact rational arithmetic from the same floats,
    each rounded once: ``{position: {figure: value}}`` (infinity beyond the largest float)."""
    exact = {}
    for index, [target] in rationally(doubtful, np.broadcast_to(low, doubtful.shape)):
        amounts = [Fraction(float(amount)) for amount in mix.amounts[index]]
        codes = mix.codes[index]
        active = sum((a for a, code in zip(amounts, codes) if code == 1), Fraction(0))
        scalable = sum((a for a, code in zip(amounts, codes) if code == 2), Fraction(0))
        total = active + scalable
        exact[index] = {"active": to_float(active), "scalable": to_float(scalable), "share": to_float(scalable / total),
                        "gap": to_float(max(Fraction(0), target * active / (1 - target) - scalable)),
                        "effective streams": to_float(total * total / sum(a * a for a in amounts))}
    return exact


def _patched(values: np.ndarray, exact: dict[tuple[int, ...], dict[str, float]], figure: str) -> np.ndarray:
    """``values`` with the exact figure at the positions computed exactly."""
    if not exact:
        return values
    values = np.array(values, dtype=np.float64)
    for index, figures in exact.items():
        values[index] = figures[figure]
    return values


def _matching_targets(low: np.ndarray, high: np.ndarray, portfolios: tuple[int, ...] = ()) -> None:
    """Targets given per portfolio must match each other and the portfolios."""
    try:
        np.broadcast_shapes(portfolios, low.shape, high.shape)
    except ValueError:
        raise InputError("target_low, target_high", "must have matching sizes",
                         f"got portfolios {portfolios}, target_low {low.shape}, "
                         f"target_high {high.shape}") from None


def _mix_status(share, low, high) -> np.ndarray:
    code = np.select([share < low, share > high], [0, 2], 1)
    return np.array(MIX_STATUSES, dtype=object)[code]


def _inverse_hhi(values: np.ndarray) -> np.ndarray:
    """The inverse HHI of amounts already scaled (see :func:`_portfolio`): no total overflows."""
    shares = values / values.sum(axis=-1, keepdims=True)
    return 1.0 / np.einsum("...i,...i->...", shares, shares)


@declares(amounts=OPTIONAL_NONNEGATIVE, target_low=FRACTION, target_high=SHARE)
def hybrid_mix(amounts, kinds, target_low=TARGET_LOW, target_high=TARGET_HIGH, result="share"):
    """How the scalable share of income compares with the healthy 30-40 %.

    Parameters
    ----------
    amounts : array_like
        Monthly revenue of each income stream, money per month; >= 0.
        Streams run along the last axis (a 2-D array is one portfolio per
        row).  Blank (None/NaN) streams with a blank kind are ignored; a
        blank amount with a kind counts as 0.
    kinds : array_like of str
        Kind of each stream, same size as ``amounts``, case-insensitive:
        active ``service, consulting, retainer, hourly, project, coaching,
        workshop``; scalable ``product, course, template, toolkit, ebook,
        book, subscription, membership, licensing, affiliate, saas``.
    target_low, target_high : float, default 0.30, 0.40
        The healthy band of the scalable share, fractions with
        ``0 <= target_low <= target_high <= 1`` and ``target_low < 1``.
    result : {"share", "status", "gap", "table"}, default "share"
        ``share``: scalable / (active + scalable), a fraction;
        ``status``: ``below target``, ``on target`` or ``above target``;
        ``gap``: extra scalable income per month to reach ``target_low``
        with active income unchanged; ``table``: a dict of active,
        scalable, share, status, gap and effective streams.

    Returns
    -------
    float, str, dict, or ndarray
        One value per portfolio, as ``result`` asks.

    Notes
    -----
    ``gap = max(0, target_low * active / (1 - target_low) - scalable)``.
    Source: active-vs-semi-passive ("60-70 % service, 30-40 % scalable").

    Examples
    --------
    >>> amounts = [8000, 2500, 1500, 1000]
    >>> kinds = ["consulting", "toolkit", "workshop", "subscription"]
    >>> round(hybrid_mix(amounts, kinds), 6)
    0.269231
    >>> hybrid_mix(amounts, kinds, result="status")
    'below target'
    >>> round(hybrid_mix(amounts, kinds, result="gap"), 6)
    571.428571
    """
    choice = result_choice("result", result, MIX_RESULTS)
    mix = _portfolio(amounts, kinds)
    low, high = _targets(target_low, target_high)
    share = mix.scalable / (mix.active + mix.scalable)
    _matching_targets(low, high, share.shape)
    restore = restorer([share if share.ndim else 0.0])
    doubtful = mix.tiny_lost()
    gap = gap_doubtful = None
    if choice in ("gap", "table"):
        gap, gap_doubtful = _mix_gap(low, mix)
        doubtful = doubtful | gap_doubtful
    exact = _exact_mix(mix, low, doubtful) if np.any(doubtful) else {}
    share = _patched(share, exact, "share")
    if choice == "share":
        return restore(share)
    if choice == "status":
        return restore(_mix_status(share, low, high))
    gap = fits(_patched(gap, exact, "gap"))
    if choice == "gap":
        return restore(gap)
    return {
        "active": restore(fits(_patched(_money(mix.active, mix.exponent), exact, "active"))),
        "scalable": restore(fits(_patched(_money(mix.scalable, mix.exponent), exact, "scalable"))),
        "share": restore(share),
        "status": restore(_mix_status(share, low, high)),
        "gap": restore(gap),
        "effective streams": restore(_patched(_inverse_hhi(mix.scaled), exact, "effective streams")),
    }


@declares(amounts=OPTIONAL_NONNEGATIVE)
def effective_streams(amounts):
    """How many equal, independent income streams a portfolio is worth.

    Parameters
    ----------
    amounts : array_like
        Monthly revenue of each stream, money per month; >= 0, with a
        positive total.  Streams run along the last axis; blanks are ignored.

    Returns
    -------
    float or ndarray
        The effective number of streams, from 1 (one stream carries
        everything) up to the number of streams (all equal).

    Notes
    -----
    ``1 / sum(s_i ** 2)`` with ``s_i`` each stream's share of the total: the
    inverse Herfindahl-Hirschman index.  Source: portfolio ("a portfolio of
    small, independent bets"; diversification limits the damage when one
    stream breaks).

    Examples
    --------
    >>> round(effective_streams([8000, 2500, 1500, 1000]), 6)
    2.29932
    """
    values = np.nan_to_num(_stream_amounts(amounts), nan=0.0)
    if np.any(np.max(values, axis=-1, initial=0.0) <= 0):  # amounts are >= 0: a positive total
        raise InputError("amounts", "must have a positive total", "got 0")
    result = _inverse_hhi(power_of_two_scale(values)[0])  # the shares of scaled amounts are the same
    return restorer([result if result.ndim else 0.0])(result)
