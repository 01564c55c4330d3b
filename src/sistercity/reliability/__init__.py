"""Inter-coder reliability: how far the coders of a case agree, and where they do not.

Qualitative coding is reliable when independent coders, following the same
codebook, give the same units the same values. This module measures that
agreement with the coefficients a methods chapter reports, implemented with numpy
alone (no GPL dependency), and applies them to a case's own coders.

The coefficients
----------------
:func:`krippendorff_alpha`
    Any number of coders, missing values, nominal / ordinal / interval / ratio data.
    The one to report (Hayes & Krippendorff 2007); ``level="ordinal"`` for the 0–3
    implementation scale. :func:`alpha_bootstrap` adds a confidence interval and the
    probability that α is below a threshold; :func:`coincidences` shows the
    coincidence matrix it rests on.
:func:`cohen_kappa`
    Two coders, nominal (Cohen 1960) or with linear / quadratic weights (Cohen 1968).
:func:`fleiss_kappa`
    Many coders, nominal categories (Fleiss 1971).
:func:`gwet_ac1`
    Many coders, nominal categories, stable when one category dominates (Gwet 2008).
:func:`percent_agreement`
    The raw share of agreeing pairs of coders, without chance correction.

Reliability data
----------------
Every coefficient but Cohen's κ takes ``data``: a units × coders table — a 2-D
array, a list of rows, or a DataFrame, with rows as units and columns as coders —
in which a missing value (``NaN``, ``None``, ``pd.NA``) means the coder did not code
the unit; or a *long* DataFrame with columns ``unit``, ``coder`` and ``value`` (one
row per value; a DataFrame that has these three columns is read as long, its other
columns ignored). Units with a single value are not pairable: they enter no
coefficient (only the shares of categories of Fleiss's κ and AC1, as in Gwet 2014).
Cohen's κ takes two equal-length sequences.

When a coefficient is undefined for the data — no unit coded by two coders (one
coder, or each unit coded once), or no variation (every pairable value the same:
α = 1 − 0/0) — the function raises :class:`~sistercity.ArgumentError` saying why; it
never returns a made-up number. :func:`of_case`, which computes several coefficients
at once, reports such a coefficient as NaN with the reason in its ``note`` column.

A case's coders
---------------
:func:`of_case` builds the reliability data of a case — a unit is a commitment in a
period, each coder's value their latest level on it — and returns the coefficients,
the units × coders table, and the list of disagreements a research team discusses.
:func:`same_date_conflicts` lists the observations of one commitment on the same day
that give different levels, which the implementation functions would otherwise
settle by row order.

Reading the numbers (Krippendorff 2004, p. 241): rely on data with α ≥ .800; draw
only tentative conclusions from data with .667 ≤ α < .800; none below. For κ,
Landis & Koch's (1977) bands (.41–.60 moderate, .61–.80 substantial, .81–1
almost perfect) are a convention, not a test.

References
----------
Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
Psychological Measurement* 20(1), 37–46.

Cohen, J. (1968). Weighted kappa. *Psychological Bulletin* 70(4), 213–220.

Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
*Psychological Bulletin* 76(5), 378–382.

Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the
presence of high agreement. *British Journal of Mathematical and Statistical
Psychology* 61(1), 29–48.

Hayes, A. F. & Krippendorff, K. (2007). Answering the call for a standard
reliability measure for coding data. *Communication Methods and Measures* 1(1), 77–89.

Krippendorff, K. (2004). *Content Analysis: An Introduction to Its Methodology*
(2nd ed.). Sage.

Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. University of
Pennsylvania. https://repository.upenn.edu/asc_papers/43

Examples
--------
>>> from sistercity import reliability
>>> data = [[0, 0], [1, 1], [2, 3], [3, 3], [1, None], [2, 2]]
>>> round(reliability.krippendorff_alpha(data, level="ordinal"), 3)
0.895
>>> round(reliability.cohen_kappa([r[0] for r in data], [r[1] for r in data]), 3)
0.737
"""

from sistercity.reliability._bootstrap import ALPHA_MIN, AlphaInterval, alpha_bootstrap
from sistercity.reliability._case import (
    COEFFICIENT_COLUMNS,
    CONFLICT_COLUMNS,
    SCALE,
    CaseAgreement,
    Period,
    Unit,
    Within,
    of_case,
    same_date_conflicts,
)
from sistercity.reliability._coefficients import (
    Weights,
    cohen_kappa,
    coincidences,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)
from sistercity.reliability._data import LEVELS, LONG_COLUMNS, Level

__all__ = [
    "ALPHA_MIN",
    "COEFFICIENT_COLUMNS",
    "CONFLICT_COLUMNS",
    "LEVELS",
    "LONG_COLUMNS",
    "SCALE",
    "AlphaInterval",
    "CaseAgreement",
    "Level",
    "Period",
    "Unit",
    "Weights",
    "Within",
    "alpha_bootstrap",
    "cohen_kappa",
    "coincidences",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "of_case",
    "percent_agreement",
    "same_date_conflicts",
]
