"""Measures on plain numbers: Herfindahl index, Pielou evenness, multiplex participation coefficient."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from sistercity._args import positive_int
from sistercity.exceptions import ArgumentError, ArgumentTypeError

_TOLERANCE = 1e-9
"""How far outside [0, 1] rounding may take a measure bounded there; it is clipped only within this."""


def _numbers(name: str, values: object) -> np.ndarray:
    """``values`` (a list, an array or a Series of numbers) as a 1-d float array of finite, non-negative numbers."""
    if values is None or isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise ArgumentTypeError(f"{name} must be a sequence of non-negative numbers (a list, an array or a "
                                f"Series); got {values!r}")
    try:
        if isinstance(values, pd.Series):
            x = values.to_numpy(dtype="float64", na_value=np.nan)
        else:
            x = np.asarray(values if isinstance(values, np.ndarray) else list(values), dtype="float64")
    except (TypeError, ValueError):
        raise ArgumentTypeError(f"{name} must be numbers; got {values!r}") from None
    if x.ndim != 1:
        raise ArgumentError(f"{name} must be one-dimensional; got an array of shape {x.shape}")
    _check_counts(name, x)
    return x


def _check_counts(name: str, x: np.ndarray) -> None:
    """Refuse non-finite (NaN, infinite) and negative values, naming the first and where it is."""
    for bad, what in ((~np.isfinite(x), "finite, non-negative numbers"), (x < 0, "non-negative numbers")):
        if bad.any():
            where = tuple(int(i) for i in np.argwhere(bad)[0])
            at = f"position {where[0]}" if len(where) == 1 else f"row {where[0]}, column {where[1]}"
            raise ArgumentError(f"{name} must be {what}; got {float(x[where])} (at {at})")


def _unit(value: np.ndarray, what: str) -> np.ndarray:
    """``value`` clipped to [0, 1] where rounding took it at most :data:`_TOLERANCE` outside; else an error."""
    arr = np.asarray(value, dtype="float64")
    off = ~np.isnan(arr) & ((arr < -_TOLERANCE) | (arr > 1.0 + _TOLERANCE))
    if off.any():
        raise RuntimeError(f"{what} {arr[off][0]!r} lies outside [0, 1] by more than {_TOLERANCE}: "
                           "a bug in sistercity, please report it")
    out: np.ndarray = np.clip(arr, 0.0, 1.0) + 0.0  # + 0.0: no negative zero
    return out


def herfindahl(shares: Iterable[float] | pd.Series) -> float:
    """Herfindahl(-Hirschman) index of concentration of a set of shares.

    .. math:: \\mathrm{HHI} = \\sum_k s_k^2, \\qquad s_k = x_k / \\sum_l x_l

    The values are normalised to shares first. Scale: ``1/S`` (``S`` equal parts)
    to 1 (everything in one part); missing (NaN) when there is nothing. Applied
    to sector shares it measures how concentrated the recorded activity is: a
    proxy for Keohane and Nye's "hierarchy among issues" (a ranking of
    priorities), not that hierarchy itself (see :func:`pielou_evenness`).
    Herfindahl (1950), *Concentration in the U.S. steel industry*; Hirschman (1945).

    Parameters
    ----------
    shares : iterable of float or Series
        Non-negative, finite amounts (counts, weights or shares).

    Returns
    -------
    float

    Raises
    ------
    ArgumentError
        For a negative, NaN or infinite value (never clipped or skipped).
    ArgumentTypeError
        For something that is not a sequence of numbers.

    Examples
    --------
    >>> herfindahl([1, 1, 1, 1])
    0.25
    >>> herfindahl([5, 0, 0])
    1.0
    """
    x = _numbers("shares", shares)
    total = x.sum()
    if not total > 0:
        return float("nan")
    s = x / total
    return float((s * s).sum())


def pielou_evenness(shares: Iterable[float] | pd.Series, *, richness: int | None = None) -> float:
    """Pielou's evenness ``J`` of a set of shares.

    .. math:: J = \\frac{H}{\\ln S}, \\qquad H = -\\sum_{k: s_k > 0} s_k \\ln s_k

    ``S`` is the number of categories: by default the number of values given
    (zeros included), or ``richness``. Scale 0 (everything in one category) to 1
    (equal shares over all ``S``); missing (NaN) when ``S < 2`` or there is
    nothing. Evenness of sector shares is this package's *proxy* for Keohane and
    Nye's "no hierarchy among issues", not the same thing: their hierarchy is
    one of priority (military security dominating the agenda, issues linked to
    it), while shares measure only how much activity each issue carries. An
    agenda can be even in activity and still ranked (one issue decides the
    others), or concentrated in activity with no issue ranked above the rest
    (one sector simply easier to implement). Read a low evenness as "the
    recorded activity is concentrated", and look for hierarchy in the sources.
    Pielou (1966), "The measurement of diversity in different types of biological
    collections", *Journal of Theoretical Biology* 13, 131–144.

    Parameters
    ----------
    shares : iterable of float or Series
        Non-negative, finite amounts.
    richness : int, optional
        ``S``; at least the number of positive amounts.

    Returns
    -------
    float

    Raises
    ------
    ArgumentError
        For a negative, NaN or infinite value, or a ``richness`` below the number
        of positive amounts.
    ArgumentTypeError
        For something that is not a sequence of numbers, or a ``richness`` that is
        not a whole number.

    Examples
    --------
    >>> round(pielou_evenness([2, 2, 2]), 12)
    1.0
    >>> pielou_evenness([3, 0, 0])
    0.0
    >>> round(pielou_evenness([1, 1], richness=4), 3)
    0.5
    """
    x = _numbers("shares", shares)
    positive = int((x > 0).sum())
    if richness is not None:
        if isinstance(richness, np.integer):
            richness = int(richness)
        positive_int("richness", richness, minimum=0)
        if richness < positive:
            raise ArgumentError(f"richness must be at least the number of categories with a share ({positive}); "
                                f"got {richness}")
    s_count = len(x) if richness is None else int(richness)
    total = x.sum()
    if s_count < 2 or not total > 0:
        return float("nan")
    s = x[x > 0] / total
    h = float(-(s * np.log(s)).sum())
    return float(_unit(np.asarray(h / math.log(s_count)), "Pielou's evenness"))


def participation_coefficient(counts: pd.DataFrame) -> pd.Series:
    """Multiplex participation coefficient of each row of a node × layer count table.

    .. math:: P_i = \\frac{M}{M-1}\\Bigl[1 - \\sum_{\\alpha=1}^{M}
              \\Bigl(\\frac{k_i^{[\\alpha]}}{o_i}\\Bigr)^2\\Bigr],
              \\qquad o_i = \\sum_\\alpha k_i^{[\\alpha]}

    ``k_i^[α]`` is node ``i``'s degree in layer ``α`` (a column), ``o_i`` its
    overlapping degree, ``M`` the number of layers (columns). Scale 0 (all of a
    node's ties in one layer) to 1 (spread evenly over all ``M`` layers); missing
    (NaN) for a node with no tie. Battiston, Nicosia & Latora (2014), "Structural
    measures for multiplex networks", *Physical Review E* 89, 032804, eq. (13).

    Parameters
    ----------
    counts : DataFrame
        One row per node, one column per layer (at least two), finite
        non-negative counts.

    Returns
    -------
    Series
        Keyed by the rows of ``counts``, named ``participation``.

    Raises
    ------
    ArgumentError
        For fewer than two layers, or a negative, NaN or infinite count.
    ArgumentTypeError
        If ``counts`` is not a DataFrame of numbers.

    Examples
    --------
    >>> k = pd.DataFrame({"a": [2, 3, 0], "b": [2, 0, 0], "c": [0, 0, 0]}, index=["x", "y", "z"])
    >>> participation_coefficient(k).round(3).to_dict()
    {'x': 0.75, 'y': 0.0, 'z': nan}
    """
    if not isinstance(counts, pd.DataFrame):
        raise ArgumentTypeError(f"counts must be a DataFrame (one row per node, one column per layer); "
                                f"got {type(counts).__name__}")
    m = counts.shape[1]
    if m < 2:
        raise ArgumentError(f"counts must have at least 2 layers (columns) for a participation coefficient; "
                            f"got {m}")
    try:
        k = counts.to_numpy(dtype="float64", na_value=np.nan)
    except (TypeError, ValueError):
        raise ArgumentTypeError("counts must hold numbers; got columns of dtypes "
                                f"{', '.join(sorted({str(d) for d in counts.dtypes}))}") from None
    _check_counts("counts", k)
    o = k.sum(axis=1)
    tied = o > 0
    p = np.full(len(k), np.nan)
    p[tied] = _unit(m / (m - 1) * (1.0 - ((k[tied] / o[tied, None]) ** 2).sum(axis=1)), "participation coefficient")
    return pd.Series(p, index=counts.index, name="participation")
