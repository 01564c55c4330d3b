"""Parameters of fit of set relations (private).

With membership scores :math:`x_i` in a set :math:`X` and :math:`y_i` in the outcome
:math:`Y` (crisp scores are 0 or 1), for cases :math:`i = 1..n`:

Sufficiency (:math:`X \\subseteq Y`; Ragin 2006, 2008 ch. 3)
    consistency (inclusion) :math:`\\sum \\min(x_i, y_i) / \\sum x_i`;
    coverage :math:`\\sum \\min(x_i, y_i) / \\sum y_i`;
    PRI, the proportional reduction in inconsistency,
    :math:`(\\sum \\min(x_i, y_i) - \\sum \\min(x_i, y_i, 1 - y_i)) /
    (\\sum x_i - \\sum \\min(x_i, y_i, 1 - y_i))`.
Necessity (:math:`Y \\subseteq X`; Ragin 2006; Schneider & Wagemann 2012 ch. 9)
    consistency :math:`\\sum \\min(x_i, y_i) / \\sum y_i`;
    coverage :math:`\\sum \\min(x_i, y_i) / \\sum x_i`;
    relevance of necessity (RoN) :math:`\\sum (1 - x_i) / \\sum (1 - \\min(x_i, y_i))`.

Scale: every parameter lies in [0, 1]. A ratio whose denominator is 0 is undefined and
returned as ``NaN`` (an empty set is not a subset of anything *in the data*; this is not
0). These are the formulas of R's QCA package (``pof``), which prints them rounded to
three decimals.

References
----------
Ragin, C. C. (2006). Set relations in social research: evaluating their consistency and
coverage. *Political Analysis* 14(3), 291–310.

Schneider, C. Q. & Wagemann, C. (2012). *Set-Theoretic Methods for the Social Sciences*.
Cambridge University Press.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den > 0 else float("nan")


def sufficiency(x: FloatArray, y: FloatArray) -> tuple[float, float, float]:
    """Consistency, PRI and coverage of ``x`` as sufficient for ``y``."""
    both = np.minimum(x, y)
    overlap = float(both.sum())
    contra = float(np.minimum(both, 1.0 - y).sum())
    return (_ratio(overlap, float(x.sum())), _ratio(overlap - contra, float(x.sum()) - contra),
            _ratio(overlap, float(y.sum())))


def necessity_fit(x: FloatArray, y: FloatArray) -> tuple[float, float, float]:
    """Consistency, coverage and relevance of ``x`` as necessary for ``y``."""
    overlap = float(np.minimum(x, y).sum())
    return (_ratio(overlap, float(y.sum())), _ratio(overlap, float(x.sum())),
            _ratio(float((1.0 - x).sum()), float((1.0 - np.minimum(x, y)).sum())))


def term_membership(x: FloatArray, mask: int, value: int) -> FloatArray:
    """Membership of each case (rows of ``x``, one column per condition) in a product term.

    The fuzzy intersection (minimum) of the term's literals: :math:`x_j` for a present
    condition, :math:`1 - x_j` for a negated one; 1 for the empty term.
    """
    k = x.shape[1]
    out = np.ones(x.shape[0], dtype=np.float64)
    for j in range(k):
        bit = 1 << (k - 1 - j)
        if mask & bit:
            out = np.minimum(out, x[:, j] if value & bit else 1.0 - x[:, j])
    return out
