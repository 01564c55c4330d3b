"""Calibration of raw values into set membership scores (private)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity._args import finite_float
from sistercity.exceptions import ArgumentError, ArgumentTypeError

FloatArray = npt.NDArray[np.float64]


def _values(values: object) -> tuple[FloatArray, pd.Series | None]:
    """``values`` as floats (missing stays NaN), and the Series to rebuild, if one was given."""
    if isinstance(values, pd.Series):
        series: pd.Series | None = values
        raw: object = values.to_numpy(dtype=object)
    elif isinstance(values, str | bytes | dict) or not hasattr(values, "__iter__"):
        raise ArgumentTypeError(f"values must be numbers (a list, array or Series); got {type(values).__name__}")
    else:
        series, raw = None, values
    try:
        arr = np.asarray(raw, dtype=object).ravel()
        out = np.array([math.nan if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v
                        for v in arr], dtype=np.float64)
    except (TypeError, ValueError):
        raise ArgumentTypeError("values must be numbers (missing values allowed)") from None
    if any(isinstance(v, bool | np.bool_) for v in arr):
        raise ArgumentTypeError("values must be numbers, not booleans")
    if np.isinf(out).any():
        raise ArgumentError("values must be finite numbers (or missing)")
    return out, series


def _rebuild(out: FloatArray, series: pd.Series | None) -> FloatArray | pd.Series:
    if series is None:
        return out
    return pd.Series(out, index=series.index, name=series.name, dtype=np.float64)


def calibrate(
    values: Sequence[float] | npt.ArrayLike | pd.Series,
    *,
    full: float,
    crossover: float,
    non: float,
    degree: float = 0.95,
) -> FloatArray | pd.Series:
    """Membership scores by Ragin's direct method: three anchors on the log-odds scale.

    Definition (Ragin 2008, ch. 5): a value :math:`v` is turned into the log odds of
    membership :math:`\\lambda(v) = (v - c) \\cdot L / (f - c)` when :math:`v` lies on the
    side of the crossover :math:`c` where the full-membership anchor :math:`f` lies, and
    :math:`\\lambda(v) = -(v - c) \\cdot L / (n - c)` on the other side (:math:`n`, the
    full non-membership anchor), with :math:`L = \\ln(d / (1 - d))`; the membership is
    :math:`1 / (1 + e^{-\\lambda})`. So :math:`f` maps to ``degree`` (0.95 by default: the
    log odds 2.94), :math:`c` to 0.5, :math:`n` to ``1 - degree``, and the scale on each
    side of the crossover is set by its own anchor. When :math:`f < n` the set is
    decreasing in the value (e.g. "stable government" from the number of cabinets).
    This is R's QCA ``calibrate(type = "fuzzy", logistic = TRUE, idm = degree)`` without
    its rounding of scores below 0.0001 to 0 and above 0.9999 to 1. Ragin's own worked
    example uses log odds of exactly 3 (``degree = 0.9526``). Missing values stay missing.

    Parameters
    ----------
    values : list, array or pandas Series of numbers
        The raw values (missing allowed: no data stays no data).
    full, crossover, non : float
        The anchors: full membership, the point of maximum ambiguity, full
        non-membership. ``crossover`` must lie strictly between the other two.
    degree : float, default 0.95
        The membership score of the full-membership anchor, in (0.5, 1).

    Returns
    -------
    numpy.ndarray or pandas.Series
        Scores in (0, 1); a Series (same index and name) when ``values`` is one.

    Raises
    ------
    sistercity.ArgumentError
        If the crossover is not strictly between the anchors, ``degree`` is not in
        (0.5, 1), or a value is infinite.
    sistercity.ArgumentTypeError
        If ``values`` are not numbers.

    References
    ----------
    Ragin, C. C. (2008). *Redesigning Social Inquiry: Fuzzy Sets and Beyond*, ch. 5.
    Chicago University Press. Dusa, A. (2019). *QCA with R*, section 4.2.

    Examples
    --------
    GDP per capita (USD) calibrated into "developed country", Lipset's data as in R's QCA:

    >>> from sistercity.qca import calibrate
    >>> calibrate([350, 550, 720, 900, 1098], full=900, crossover=550, non=350).round(3)
    array([0.05 , 0.5  , 0.807, 0.95 , 0.99 ])
    >>> calibrate([4, 10], full=4, crossover=10, non=16).round(2)   # fewer cabinets, more stable
    array([0.95, 0.5 ])
    """
    f = finite_float("full", full)
    c = finite_float("crossover", crossover)
    n = finite_float("non", non)
    d = finite_float("degree", degree)
    if not 0.5 < d < 1:
        raise ArgumentError(f"degree must lie strictly between 0.5 and 1; got {degree!r}")
    if not (min(f, n) < c < max(f, n)):
        raise ArgumentError(f"crossover must lie strictly between non and full; got non={non!r}, "
                            f"crossover={crossover!r}, full={full!r}")
    x, series = _values(values)
    scale = math.log(d / (1.0 - d))
    toward_full = (x - c) * (1 if f > c else -1) >= 0
    with np.errstate(invalid="ignore", over="ignore"):
        logodds = np.where(toward_full, (x - c) * scale / (f - c), -(x - c) * scale / (n - c))
        out = 1.0 / (1.0 + np.exp(-logodds))
    return _rebuild(np.asarray(out, dtype=np.float64), series)


def calibrate_crisp(
    values: Sequence[float] | npt.ArrayLike | pd.Series,
    thresholds: float | Sequence[float],
) -> FloatArray | pd.Series:
    """Crisp sets from thresholds: the number of thresholds at or below each value.

    Definition: with sorted thresholds :math:`t_1 < \\dots < t_m`, a value :math:`v` gets
    :math:`\\#\\{j : t_j \\le v\\}`: one threshold gives a binary crisp set (0 below it,
    1 from it on), several give a multi-value set 0..m. This is R's QCA
    ``calibrate(type = "crisp")`` (``findInterval``). Missing values stay missing.

    Parameters
    ----------
    values : list, array or pandas Series of numbers
    thresholds : float or list of float
        Distinct finite thresholds (their order does not matter).

    Returns
    -------
    numpy.ndarray or pandas.Series
        Floats 0..m (missing stays NaN); a Series when ``values`` is one.

    Raises
    ------
    sistercity.ArgumentError
        For no threshold, repeated or infinite thresholds.
    sistercity.ArgumentTypeError
        If ``values`` or ``thresholds`` are not numbers.

    Examples
    --------
    Lipset's development (GDP per capita 550 USD; R's ``LC``) and literacy (75 %):

    >>> from sistercity.qca import calibrate_crisp
    >>> calibrate_crisp([390, 550, 1098], 550)
    array([0., 1., 1.])
    >>> calibrate_crisp([390, 720, 1098], [550, 850])   # multi-value, as R's LM
    array([0., 1., 2.])
    """
    raw = [thresholds] if isinstance(thresholds, int | float) and not isinstance(thresholds, bool) else thresholds
    if isinstance(raw, str) or not isinstance(raw, Sequence | np.ndarray):
        raise ArgumentTypeError(f"thresholds must be a number or a list of numbers; got {thresholds!r}")
    ths = sorted(finite_float("thresholds", t) for t in raw)
    if not ths:
        raise ArgumentError("at least one threshold is needed")
    if len(set(ths)) != len(ths):
        raise ArgumentError(f"thresholds must be distinct; got {list(raw)!r}")
    x, series = _values(values)
    out = np.searchsorted(np.asarray(ths), x, side="right").astype(np.float64)
    out[np.isnan(x)] = np.nan
    return _rebuild(out, series)
