"""A grid of draws of the portable generator, computed by a plain Python reference.

The reference below is the generator written again with Python integers and
``statistics.NormalDist`` (no numpy), one draw at a time; :data:`PINNED`
holds its integer draws for :data:`GRID`, so that a change to the generator
shows.  The Risk sheet's tests import this module to check the same draws in
the spreadsheet engines: ``reference_draw(seed, trial, month, kind)`` gives
``(x, u, z)`` for any point.
"""

from statistics import NormalDist

P = 67108859

#: (seed, trial, month, kind) points: the extremes of every input and a spread between them.
GRID = tuple(
    (seed, trial, month, kind)
    for seed in (0, 1, 42, P - 1, P, 2 ** 31 - 1)
    for trial, month in ((1, 0), (1, 1), (2, 1), (100, 36), (99_999, 119), (100_000, 120))
    for kind in ((0,) if month == 0 else (1, 2, 3))
)


def cube_round(x: int, v: int) -> int:
    """``(x^3 + v) mod P`` as the generator writes it, in Python integers."""
    return ((x * x) % P * x + v) % P


def reference_draw(seed: int, trial: int, month: int, kind: int) -> tuple[int, float, float]:
    """The draw ``(x, u, z)`` of (seed, trial, month, kind), one step at a time."""
    scrambled = cube_round(cube_round(seed % P, 1013904), seed // P)
    key = cube_round(cube_round(trial, scrambled), 40503)
    x = cube_round(cube_round(cube_round(key, month * 4 + kind), 2654435), 40499)
    u = (x + 0.5) / P
    return x, u, NormalDist().inv_cdf(u)

#: The integer draw ``x`` of each point of :data:`GRID` (``u = (x + 0.5) / P``), from the reference.
PINNED = (
    29658484, 43392172, 59727856, 61377446, 6316209, 48833281, 35750920, 55579774,
    16160389, 54539294, 20682345, 15798349, 63312415, 36001902, 1632910, 44628035,
    53500606, 32184159, 33178962, 37386658, 56644021, 18756836, 35435280, 20633202,
    21368280, 20824186, 14292872, 25818901, 15188056, 33521653, 56043495, 64306724,
    63032305, 47583614, 51464920, 60133568, 37497279, 34183758, 51350606, 55644647,
    55133433, 47948892, 52401940, 16293556, 23955339, 62017882, 66710855, 33284181,
    43610729, 7467507, 3421892, 20224351, 17253307, 12196281, 26577510, 2674442,
    35983198, 66778593, 38068300, 1287588, 4128731, 31090105, 49700763, 14553220,
    30709433, 20874479, 22933756, 19244346, 27782897, 51759433, 47059951, 29710085,
    43527359, 35772982, 10608414, 4992249, 39769218, 32922481, 47509151, 12481160,
    4786032, 19022830, 31330702, 48384722, 60204312, 31601386, 62936149, 23456449,
    8936204, 18853860, 23036621, 1142877, 47167841, 33879661, 53226838, 49465779,
)
