"""Bootstrapped distribution of Krippendorff's α (private to :mod:`sistercity.reliability`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity._args import finite_float, positive_int
from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.reliability._coefficients import alpha_parts, check_level
from sistercity.reliability._data import FloatArray, Level, read

ALPHA_MIN = 0.667
"""The default smallest acceptable α: Krippendorff's (2004) floor for tentative conclusions."""


@dataclass(frozen=True, eq=False)
class AlphaInterval:
    """Krippendorff's α with its bootstrapped confidence interval (what :func:`alpha_bootstrap` returns).

    Attributes
    ----------
    alpha : float
        α of the data (as :func:`krippendorff_alpha`).
    low, high : float
        The percentile confidence interval: the ``(1 - ci)/2`` and ``(1 + ci)/2``
        quantiles of the bootstrapped α.
    q : float
        :math:`q(\\alpha < \\alpha_{min})`: the share of bootstrapped α below ``alpha_min``,
        the probability of failing to reach it (Hayes & Krippendorff 2007).
    alpha_min, ci : float
        The threshold and the confidence level asked for.
    level : str
        The level of measurement.
    n_boot : int
        Bootstrap samples drawn.
    n_units : int
        Units with values from two or more coders (the pairable units).
    n_values : int
        Pairable values (:math:`n_{..}`).
    samples : numpy.ndarray
        The bootstrapped α, sorted (for a histogram).

    Examples
    --------
    >>> from sistercity import reliability
    >>> res = reliability.alpha_bootstrap([[0, 0], [1, 1], [2, 2], [1, 2], [3, 3]], level="ordinal",
    ...                                   n_boot=2000, seed=1)
    >>> res.to_frame()[["alpha", "low", "high", "alpha_min", "q"]].round(3)
       alpha    low  high  alpha_min      q
    0  0.895  0.686   1.0      0.667  0.009
    """

    alpha: float
    low: float
    high: float
    q: float
    alpha_min: float
    ci: float
    level: str
    n_boot: int
    n_units: int
    n_values: int
    samples: npt.NDArray[np.float64] = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        """The result as a one-row DataFrame (every attribute but ``samples``).

        Returns
        -------
        DataFrame
            Columns ``alpha``, ``low``, ``high``, ``ci``, ``alpha_min``, ``q``, ``level``,
            ``n_boot``, ``n_units``, ``n_values``.
        """
        return pd.DataFrame([{
            "alpha": self.alpha, "low": self.low, "high": self.high, "ci": self.ci,
            "alpha_min": self.alpha_min, "q": self.q, "level": self.level, "n_boot": self.n_boot,
            "n_units": self.n_units, "n_values": self.n_values,
        }])


def generator(seed: object) -> np.random.Generator:
    if seed is None or isinstance(seed, np.random.Generator):
        return seed if seed is not None else np.random.default_rng()
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise ArgumentTypeError(f"seed must be None, a whole number or a numpy Generator; got {seed!r}")
    return np.random.default_rng(positive_int("seed", int(seed), minimum=0))


def interval_options(ci: object, alpha_min: object) -> tuple[float, float]:
    """``ci`` in (0, 1) and ``alpha_min`` in [-1, 1], checked."""
    level = finite_float("ci", ci)
    if not 0.0 < level < 1.0:
        raise ArgumentError(f"ci must be a confidence level between 0 and 1; got {ci!r}")
    floor = finite_float("alpha_min", alpha_min, minimum=-1.0)
    if floor > 1.0:
        raise ArgumentError(f"alpha_min must be at most 1 (the largest alpha); got {alpha_min!r}")
    return level, floor


def alpha_bootstrap(
    data: object,
    *,
    level: Level = "nominal",
    categories: object = None,
    n_boot: int = 5000,
    ci: float = 0.95,
    alpha_min: float = ALPHA_MIN,
    seed: int | np.random.Generator | None = None,
) -> AlphaInterval:
    """Krippendorff's α with a bootstrapped confidence interval and the probability of missing a threshold.

    Parameters
    ----------
    data
        Reliability data, as for :func:`krippendorff_alpha`.
    level : {"nominal", "ordinal", "interval", "ratio"}, default "nominal"
        The level of measurement.
    categories : sequence, optional
        The possible values, in order (see :func:`krippendorff_alpha`).
    n_boot : int, default 5000
        Bootstrap samples (Hayes & Krippendorff advise at least 1,000; more for
        stable tails).
    ci : float, default 0.95
        Confidence level of the interval, in (0, 1).
    alpha_min : float, default 0.667
        The smallest acceptable α; ``q`` is the share of bootstrapped α below it.
        Krippendorff's guidance: .800 to rely on the data, .667 for tentative
        conclusions.
    seed : int, numpy.random.Generator or None, default None
        Source of randomness: the same seed gives the same result. ``None`` draws
        fresh entropy (results then vary from call to call).

    Returns
    -------
    AlphaInterval
        ``alpha``, ``low``, ``high``, ``q`` and the bootstrapped samples.

    Raises
    ------
    sistercity.ArgumentError
        When α is undefined (see :func:`krippendorff_alpha`), or for an ``n_boot``
        below 1, a ``ci`` outside (0, 1) or an ``alpha_min`` outside [-1, 1].
    sistercity.ArgumentTypeError
        For arguments of the wrong type.

    Notes
    -----
    The resampling is Krippendorff's bootstrap algorithm (2006, revised 2011), which
    Hayes & Krippendorff (2007) use: it keeps the expected disagreement :math:`D_e` of
    the data and resamples the observed *coincidences*. Each draw picks a pair of
    values :math:`(c, k)` with probability :math:`o_{ck}/n_{..}` (see
    :func:`coincidences`); a sample of :math:`M` draws gives
    :math:`\\alpha^* = 1 - \\sum_{draws} \\delta^2_{ck} / (M D_e)`, whose mean is α.
    :math:`M` is the number of pairs of values in the data,
    :math:`\\sum_u m_u(m_u - 1)/2` (Krippendorff caps it at a practical limit; the draws
    are made here as multinomial counts over the cells, so no cap is needed and the
    cost does not grow with the data). A sample whose every draw is one and the same
    value has no variation, so its α is undefined; Krippendorff's algorithm corrects
    the distribution for such samples, and here each counts as :math:`\\alpha^* = 0`
    (such data would not show reliability).
    :math:`\\alpha^*` is not truncated. The interval is the percentile interval of the
    :math:`\\alpha^*` (numpy's linear quantiles) and
    :math:`q = \\#\\{\\alpha^* < \\alpha_{min}\\} / n_{boot}`.

    References
    ----------
    Hayes, A. F. & Krippendorff, K. (2007). Answering the call for a standard
    reliability measure for coding data. *Communication Methods and Measures* 1(1), 77–89.

    Krippendorff, K. (2004). *Content Analysis: An Introduction to Its Methodology*
    (2nd ed.). Sage, ch. 11.

    Krippendorff, K. (2006, rev. 2011). *Algorithm for bootstrapping a distribution of
    α*. Manuscript, Annenberg School for Communication, University of Pennsylvania.

    Examples
    --------
    >>> from sistercity import reliability
    >>> data = [[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
    ...         [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1],
    ...         [None, 3, None, None]]
    >>> res = reliability.alpha_bootstrap(data, n_boot=2000, alpha_min=0.8, seed=7)
    >>> round(res.alpha, 3), round(res.low, 3), round(res.high, 3), round(res.q, 3)
    (0.743, 0.603, 0.86, 0.798)
    """
    lv = check_level(level)
    n_boot = positive_int("n_boot", n_boot)
    ci, alpha_min = interval_options(ci, alpha_min)
    rng = generator(seed)
    r = read(data, level=lv, categories=categories)
    o, delta, d_o, d_e = alpha_parts(r, lv)
    m = r.counts().sum(axis=1)
    keep = m >= 2
    n_pairs = int((m[keep] * (m[keep] - 1) // 2).sum())
    samples = _resample(o, delta, d_e, n_pairs, n_boot, rng)
    samples.sort()
    low, high = np.quantile(samples, [(1.0 - ci) / 2.0, (1.0 + ci) / 2.0])
    return AlphaInterval(
        alpha=1.0 - d_o / d_e, low=float(low), high=float(high), q=float(np.mean(samples < alpha_min)),
        alpha_min=alpha_min, ci=ci, level=lv, n_boot=n_boot, n_units=int(keep.sum()), n_values=round(float(o.sum())),
        samples=samples,
    )


def _resample(o: FloatArray, delta: FloatArray, d_e: float, n_pairs: int, n_boot: int,
              rng: np.random.Generator) -> FloatArray:
    """``n_boot`` bootstrapped α: ``n_pairs`` draws each from the coincidences ``o`` (Krippendorff 2006)."""
    upper = np.triu_indices(o.shape[0])
    same = upper[0] == upper[1]
    cells = np.where(same, 1.0, 2.0) * o[upper]  # o_ck + o_kc off the diagonal
    draws = rng.multinomial(n_pairs, cells / cells.sum(), size=n_boot)
    alpha: FloatArray = 1.0 - draws @ delta[upper] / (n_pairs * d_e)
    alpha[draws[:, same].max(axis=1) == n_pairs] = 0.0  # one value only: no variation, alpha undefined
    return alpha
