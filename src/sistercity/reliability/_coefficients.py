"""The agreement coefficients (private to :mod:`sistercity.reliability`; import them from there)."""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity._args import choice
from sistercity.exceptions import ArgumentError
from sistercity.reliability._data import LEVELS, FloatArray, Level, Ratings, pair, read

Weights = Literal["linear", "quadratic"]
"""Cohen's (1968) disagreement weights on the category positions ``i``, ``j``: ``|i - j|`` or ``(i - j)²``."""

Counts = npt.NDArray[np.int64]


def check_level(level: object) -> Level:
    return choice("level", level, LEVELS)


def _pairable(counts: Counts, what: str) -> tuple[Counts, npt.NDArray[np.int64]]:
    """The rows of units with values from two or more coders, and their numbers of values."""
    m = counts.sum(axis=1)
    keep = m >= 2
    if not keep.any():
        raise ArgumentError(
            f"{what} is undefined for these data: no unit has values from two or more coders "
            f"({len(counts)} unit(s); a unit coded once, or a single coder, cannot show agreement)")
    return counts[keep], m[keep]


def _observed(counts: Counts, what: str) -> float:
    """Mean share of agreeing pairs of coders over the units coded at least twice (Fleiss's P̄)."""
    c, m = _pairable(counts, what)
    return float(np.mean((c * (c - 1)).sum(axis=1) / (m * (m - 1))))


def _shares(counts: Counts) -> FloatArray:
    """π_c: the mean, over units coded at least once, of each unit's share of category c."""
    m = counts.sum(axis=1)
    coded = m >= 1
    shares: FloatArray = (counts[coded] / m[coded, None]).mean(axis=0)
    return shares


def percent_agreement(data: object, *, categories: object = None) -> float:
    """Share of agreeing pairs of coders, averaged over the units (raw agreement, no chance correction).

    Parameters
    ----------
    data
        Reliability data: a units × coders table (a 2-D array, a list of rows or a
        DataFrame; rows are units, columns coders, missing values ``NaN``/``None``),
        or a long DataFrame with ``unit``, ``coder`` and ``value`` columns.
    categories : sequence, optional
        The possible values; a value outside them is an error.

    Returns
    -------
    float
        In [0, 1].

    Raises
    ------
    sistercity.ArgumentError
        If no unit has values from two coders (the share is then undefined), or a
        value is outside ``categories``.
    sistercity.ArgumentTypeError
        If ``data`` is not a table.

    Notes
    -----
    For unit :math:`u` with :math:`m_u \\ge 2` values, of which :math:`n_{uc}` are
    category :math:`c`, the share of agreeing pairs of coders is
    :math:`P_u = \\sum_c n_{uc}(n_{uc}-1) / (m_u(m_u-1))`; percent agreement is the
    mean of :math:`P_u` over those units (Fleiss's 1971 :math:`\\bar P`; with two
    coders, the share of units on which they agree). Units coded once are left out.

    Raw agreement does not correct for agreement expected by chance: with few
    categories or one dominant category it is high whatever the coders do. Report it
    beside a chance-corrected coefficient (:func:`krippendorff_alpha`), never alone.

    Examples
    --------
    >>> from sistercity import reliability
    >>> reliability.percent_agreement([[1, 1], [2, 2], [3, 2], [1, None]])
    0.6666666666666666
    """
    return _observed(read(data, categories=categories).counts(), "percent agreement")


def coincidences(data: object, *, categories: object = None) -> pd.DataFrame:
    """Krippendorff's coincidence matrix: how often each pair of values meets within a unit.

    Parameters
    ----------
    data
        Reliability data, as for :func:`krippendorff_alpha`.
    categories : sequence, optional
        The possible values, in order (rows and columns of the result).

    Returns
    -------
    DataFrame
        Rows and columns are the categories; cell ``(c, k)`` is
        :math:`o_{ck} = \\sum_u \\#\\{(c, k)\\ \\text{pairs in } u\\} / (m_u - 1)`, over
        the units with :math:`m_u \\ge 2` values, counting ordered pairs of values
        from different coders. Each row sums to :math:`n_c`, the number of pairable
        values ``c``; the whole matrix to :math:`n_{..}`.

    Raises
    ------
    sistercity.ArgumentError, sistercity.ArgumentTypeError
        As :func:`percent_agreement`.

    Examples
    --------
    >>> from sistercity import reliability
    >>> reliability.coincidences([["a", "a"], ["a", "b"], ["b", "b"], ["b", None]])
         a    b
    a  2.0  1.0
    b  1.0  2.0
    """
    r = read(data, categories=categories)
    o = _coincidence(r.counts(), "the coincidence matrix")
    return pd.DataFrame(o, index=pd.Index(r.categories), columns=pd.Index(r.categories))


def _coincidence(counts: Counts, what: str) -> FloatArray:
    c, m = _pairable(counts, what)
    w = c / (m - 1)[:, None]
    o: FloatArray = w.T @ c
    o[np.diag_indices_from(o)] -= w.sum(axis=0)
    return o


def _delta(level: Level, n_c: FloatArray, values: FloatArray | None) -> FloatArray:
    """Krippendorff's squared difference function δ²(c, k) for ``level``."""
    size = len(n_c)
    if level == "nominal":
        return 1.0 - np.eye(size)
    if level == "ordinal":
        mid = np.cumsum(n_c) - n_c / 2.0  # the rank of each category's middle value
        ranks: FloatArray = (mid[:, None] - mid[None, :]) ** 2
        return ranks
    assert values is not None  # read() refused non-numbers for interval and ratio
    diff = values[:, None] - values[None, :]
    if level == "interval":
        squares: FloatArray = diff**2
        return squares
    total = values[:, None] + values[None, :]
    ratio: FloatArray = np.divide(diff, total, out=np.zeros_like(diff), where=total != 0) ** 2
    return ratio


def alpha_parts(r: Ratings, level: Level) -> tuple[FloatArray, FloatArray, float, float]:
    """Coincidences, δ², observed and expected disagreement (α = 1 − Do/De)."""
    o = _coincidence(r.counts(), "Krippendorff's alpha")
    n_c = o.sum(axis=1)
    n = float(n_c.sum())
    delta = _delta(level, n_c, r.values)
    used = np.flatnonzero(n_c > 0)
    if len(used) < 2:
        only = r.categories[int(used[0])]
        raise ArgumentError(
            f"Krippendorff's alpha is undefined for these data: every pairable value is {only!r}, so there is "
            "no variation and the expected disagreement is 0 (alpha = 1 - 0/0); agreement on a single value "
            "shows nothing about the coding's reliability")
    d_o = float((o * delta).sum()) / n
    d_e = float((n_c[:, None] * n_c[None, :] * delta).sum()) / (n * (n - 1))
    return o, delta, d_o, d_e


def krippendorff_alpha(data: object, *, level: Level = "nominal", categories: object = None) -> float:
    """Krippendorff's α: agreement of any number of coders, with missing values, at any level of measurement.

    Parameters
    ----------
    data
        Reliability data: a units × coders table (a 2-D array, a list of rows or a
        DataFrame; rows are units, columns coders, missing values ``NaN``/``None``),
        or a long DataFrame with ``unit``, ``coder`` and ``value`` columns. Labels
        may be any hashable values for ``nominal``; ``interval`` and ``ratio`` need
        numbers (``ratio``: not negative).
    level : {"nominal", "ordinal", "interval", "ratio"}, default "nominal"
        The level of measurement, which chooses the difference function δ².
        Use ``"ordinal"`` for the 0–3 implementation scale.
    categories : sequence, optional
        The possible values, in order. Needed for ``ordinal`` labels that are not
        numbers (``["low", "mid", "high"]``); a value outside them is an error.

    Returns
    -------
    float
        At most 1.

    Raises
    ------
    sistercity.ArgumentError
        If α is undefined for the data — no unit has values from two coders (no
        pairable values: one coder, or each unit coded once), or all pairable values
        are the same (no variation: :math:`D_e = 0`) — or for a bad ``level``, a
        value outside ``categories``, or non-numbers at a level that needs numbers.
        α is never returned as NaN.
    sistercity.ArgumentTypeError
        If ``data`` is not a table.

    Notes
    -----
    Definition (Krippendorff 2004, ch. 11; 2011). Only *pairable* values count: those
    of units with :math:`m_u \\ge 2` values. The coincidence matrix (:func:`coincidences`)
    is :math:`o_{ck} = \\sum_u \\frac{1}{m_u - 1}\\#\\{\\text{ordered pairs } (c, k)
    \\text{ of values of different coders in } u\\}`, with margins :math:`n_c` and total
    :math:`n`. Then

    .. math::

        \\alpha = 1 - \\frac{D_o}{D_e} = 1 - (n - 1)\\,
        \\frac{\\sum_{c,k} o_{ck}\\,\\delta^2_{ck}}{\\sum_{c,k} n_c n_k\\,\\delta^2_{ck}}

    with the difference function of the level: nominal :math:`\\delta^2_{ck} = [c \\ne k]`;
    ordinal :math:`\\delta^2_{ck} = (\\sum_{g=c}^{k} n_g - (n_c + n_k)/2)^2` (ranks
    from the coincidence margins, so only the order of the values matters); interval
    :math:`(c - k)^2`; ratio :math:`((c - k)/(c + k))^2`.

    Scale and reading: α = 1 is perfect agreement, α = 0 agreement no better than
    chance (the values paired at random), α < 0 systematic disagreement. Krippendorff
    (2004, p. 241) advises relying on data with α ≥ .800, and on data with
    .667 ≤ α < .800 only for tentative conclusions; below .667, not at all. These are
    thresholds for the *data*, so report the lower end of a confidence interval too
    (:func:`alpha_bootstrap`).

    References
    ----------
    Krippendorff, K. (2004). *Content Analysis: An Introduction to Its Methodology*
    (2nd ed.). Sage.

    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg
    School for Communication, University of Pennsylvania.
    https://repository.upenn.edu/asc_papers/43

    Hayes, A. F. & Krippendorff, K. (2007). Answering the call for a standard
    reliability measure for coding data. *Communication Methods and Measures* 1(1), 77–89.

    Examples
    --------
    Krippendorff's (2011) example: four coders, twelve units, missing values.

    >>> from sistercity import reliability
    >>> data = [[1, 1, None, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
    ...         [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [None, 5, 5, 5], [None, None, 1, 1],
    ...         [None, 3, None, None]]
    >>> round(reliability.krippendorff_alpha(data), 3)
    0.743
    >>> [round(reliability.krippendorff_alpha(data, level=lv), 3) for lv in ("ordinal", "interval", "ratio")]
    [0.815, 0.849, 0.797]
    """
    lv = check_level(level)
    _, _, d_o, d_e = alpha_parts(read(data, level=lv, categories=categories), lv)
    return 1.0 - d_o / d_e


def fleiss_kappa(data: object, *, categories: object = None) -> float:
    """Fleiss's κ: chance-corrected agreement of many coders on nominal categories.

    Parameters
    ----------
    data
        Reliability data (see :func:`percent_agreement`). Coders need not be the same
        for every unit; units may have different numbers of values.
    categories : sequence, optional
        The possible values; a value outside them is an error.

    Returns
    -------
    float
        At most 1.

    Raises
    ------
    sistercity.ArgumentError
        If κ is undefined: no unit has values from two coders, or every value is the
        same category (:math:`P_e = 1`).
    sistercity.ArgumentTypeError
        If ``data`` is not a table.

    Notes
    -----
    Definition (Fleiss 1971): :math:`\\kappa = (\\bar P - P_e) / (1 - P_e)` with
    :math:`\\bar P` the mean share of agreeing pairs of coders per unit (see
    :func:`percent_agreement`) and :math:`P_e = \\sum_c \\pi_c^2`, where
    :math:`\\pi_c` is the mean over units of the share of the unit's values that are
    :math:`c`. With missing values, :math:`\\bar P` is taken over the units with two
    or more values and :math:`\\pi_c` over the units with at least one (Gwet 2014,
    ch. 2); with complete data this is Fleiss's formula exactly.

    Scale and reading: 1 perfect agreement, 0 chance agreement, below 0 worse than
    chance. A common convention (Landis & Koch 1977, for κ) calls .00–.20 slight,
    .21–.40 fair, .41–.60 moderate, .61–.80 substantial and .81–1.00 almost perfect
    agreement; it is a convention, not a test. κ is nominal: a near miss on an
    ordinal scale counts as a full disagreement (use :func:`krippendorff_alpha`
    with ``level="ordinal"``).

    References
    ----------
    Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
    *Psychological Bulletin* 76(5), 378–382.

    Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability* (4th ed.). Advanced Analytics.

    Landis, J. R. & Koch, G. G. (1977). The measurement of observer agreement for
    categorical data. *Biometrics* 33(1), 159–174.

    Examples
    --------
    >>> from sistercity import reliability
    >>> round(reliability.fleiss_kappa([[1, 1, 1], [1, 2, 2], [2, 2, 2], [3, 3, 1]]), 4)
    0.4667
    """
    counts = read(data, categories=categories).counts()
    p_bar = _observed(counts, "Fleiss's kappa")
    p_e = float((_shares(counts) ** 2).sum())
    if p_e >= 1.0:
        raise ArgumentError("Fleiss's kappa is undefined for these data: every value is the same category, so "
                            "chance agreement is 1 (kappa = 0/0)")
    return (p_bar - p_e) / (1.0 - p_e)


def gwet_ac1(data: object, *, categories: object = None) -> float:
    """Gwet's AC1: chance-corrected agreement of many coders that stays stable when one category dominates.

    Parameters
    ----------
    data
        Reliability data (see :func:`percent_agreement`).
    categories : sequence, optional
        The possible values. AC1 depends on their number :math:`q`: give the whole
        scale (``[0, 1, 2, 3]`` for implementation levels); by default :math:`q` is
        the number of distinct values in the data.

    Returns
    -------
    float
        At most 1.

    Raises
    ------
    sistercity.ArgumentError
        If no unit has values from two coders, or :math:`q < 2` (AC1 needs two or
        more possible categories: pass ``categories``).
    sistercity.ArgumentTypeError
        If ``data`` is not a table.

    Notes
    -----
    Definition (Gwet 2008; 2014, ch. 4):
    :math:`AC_1 = (p_a - p_e) / (1 - p_e)`, with :math:`p_a = \\bar P` as in
    :func:`fleiss_kappa` and :math:`p_e = \\frac{1}{q-1}\\sum_c \\pi_c (1 - \\pi_c)`,
    :math:`\\pi_c` the mean share of category :math:`c` over units coded at least once.

    Scale and reading as for κ (1 perfect, 0 chance, below 0 worse). Where κ and α
    collapse although coders almost always agree — one category is very common, the
    "kappa paradox" — AC1 does not, because its chance agreement shrinks as the
    prevalence of one category grows. That is its purpose and its limit: it says less
    about the rare category. Report it beside α, not instead of it.

    References
    ----------
    Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the
    presence of high agreement. *British Journal of Mathematical and Statistical
    Psychology* 61(1), 29–48.

    Gwet, K. L. (2014). *Handbook of Inter-Rater Reliability* (4th ed.). Advanced Analytics.

    Examples
    --------
    Nine units on level 0 and one disputed: α is low, AC1 stays high.

    >>> from sistercity import reliability
    >>> data = [[0, 0]] * 9 + [[0, 1]]
    >>> round(reliability.krippendorff_alpha(data), 3), round(reliability.gwet_ac1(data), 3)
    (0.0, 0.89)
    """
    r = read(data, categories=categories)
    counts = r.counts()
    p_a = _observed(counts, "Gwet's AC1")
    q = len(r.categories)
    if q < 2:
        raise ArgumentError(f"Gwet's AC1 needs two or more possible categories; the data hold only "
                            f"{r.categories!r}: pass categories=[...] with the whole scale")
    pi = _shares(counts)
    p_e = float((pi * (1.0 - pi)).sum()) / (q - 1)
    return (p_a - p_e) / (1.0 - p_e)


def cohen_kappa(a: object, b: object, *, weights: Weights | None = None, categories: object = None) -> float:
    """Cohen's κ for two coders, unweighted (Cohen 1960) or weighted (Cohen 1968).

    Parameters
    ----------
    a, b : sequence
        The two coders' values, one per unit, in the same order and of the same
        length; a unit where either is missing (``None``/``NaN``) is left out.
    weights : {None, "linear", "quadratic"}, default None
        ``None``: every disagreement counts fully (nominal κ). ``"linear"`` and
        ``"quadratic"``: a disagreement between categories at positions :math:`i`
        and :math:`j` of the ordered categories weighs :math:`|i-j|` or
        :math:`(i-j)^2` (Cohen 1968).
    categories : sequence, optional
        The possible values, in order. Weights use *positions* in this list; by
        default the categories are the distinct values of ``a`` and ``b`` (numbers in
        numeric order), so an unused middle value is skipped — pass the whole scale
        (``[0, 1, 2, 3]``) to keep its distances. Labels that are not numbers need it
        for weighted κ.

    Returns
    -------
    float
        At most 1.

    Raises
    ------
    sistercity.ArgumentError
        If ``a`` and ``b`` differ in length, no unit has both values, κ is undefined
        (both coders used one and the same category: chance agreement is 1), or for
        a bad ``weights``.
    sistercity.ArgumentTypeError
        If ``a`` or ``b`` is not a sequence.

    Notes
    -----
    Definition. With :math:`p_{ij}` the share of units coded :math:`i` by ``a`` and
    :math:`j` by ``b``, :math:`p_{i.}`, :math:`p_{.j}` its margins and disagreement
    weights :math:`v_{ij}` (:math:`[i \\ne j]`, :math:`|i-j|` or :math:`(i-j)^2`),

    .. math::

        \\kappa_w = 1 - \\frac{\\sum_{ij} v_{ij}\\,p_{ij}}{\\sum_{ij} v_{ij}\\,p_{i.}\\,p_{.j}},

    which for :math:`v_{ij} = [i \\ne j]` is Cohen's (1960)
    :math:`\\kappa = (p_o - p_e)/(1 - p_e)`. Chance agreement uses each coder's own
    margins (unlike Scott's π, Fleiss's κ and α, which pool them). Quadratic
    weighted κ approximates an intraclass correlation.

    Scale and reading: 1 perfect, 0 chance, below 0 worse than chance; Landis & Koch's
    (1977) bands (.21–.40 fair, .41–.60 moderate, .61–.80 substantial, .81–1.00 almost
    perfect) are a convention for κ, not a test. κ cannot handle a third coder or a
    missing value beyond dropping the unit; :func:`krippendorff_alpha` can.

    References
    ----------
    Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
    Psychological Measurement* 20(1), 37–46.

    Cohen, J. (1968). Weighted kappa: nominal scale agreement with provision for
    scaled disagreement or partial credit. *Psychological Bulletin* 70(4), 213–220.

    Landis, J. R. & Koch, G. G. (1977). The measurement of observer agreement for
    categorical data. *Biometrics* 33(1), 159–174.

    Examples
    --------
    >>> from sistercity import reliability
    >>> a = [0, 1, 2, 3, 3, 2, 1, 0]
    >>> b = [0, 1, 2, 2, 3, 3, 1, 1]
    >>> round(reliability.cohen_kappa(a, b), 3), round(reliability.cohen_kappa(a, b, weights="linear"), 3)
    (0.5, 0.684)
    """
    if weights is not None:
        choice("weights", weights, ("linear", "quadratic"))
    r = pair(a, b, level="nominal" if weights is None else "ordinal", categories=categories)
    both = (r.codes >= 0).all(axis=1)
    if not both.any():
        raise ArgumentError("Cohen's kappa is undefined for these data: no unit has values from both coders")
    ca, cb = r.codes[both, 0], r.codes[both, 1]
    k = len(r.categories)
    p = np.bincount(ca * k + cb, minlength=k * k).reshape(k, k) / len(ca)
    i = np.arange(k, dtype=np.float64)
    v = {None: 1.0 - np.eye(k), "linear": np.abs(i[:, None] - i[None, :]),
         "quadratic": (i[:, None] - i[None, :]) ** 2}[weights]
    expected = float((v * np.outer(p.sum(axis=1), p.sum(axis=0))).sum())
    if expected == 0.0:
        raise ArgumentError("Cohen's kappa is undefined for these data: both coders used only "
                            f"{r.categories[int(ca[0])]!r}, so chance agreement is 1 (kappa = 0/0)")
    return 1.0 - float((v * p).sum()) / expected
