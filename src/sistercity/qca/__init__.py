"""Qualitative Comparative Analysis (QCA): crisp and fuzzy sets (Ragin 1987, 2008).

Under which combinations of conditions do commitments get implemented? QCA answers
with set relations: a combination is *sufficient* for the outcome when the cases that
have it are (almost) a subset of those with the outcome, a condition *necessary* when
the cases with the outcome are a subset of those with the condition. This module is the
workflow of R's QCA package (Dusa 2019), checked against the results it prints:

1. :func:`calibrate` (Ragin's direct method, three anchors on the log-odds scale) and
   :func:`calibrate_crisp` turn raw values into membership scores;
2. :func:`truth_table` sorts cases into the configurations of the conditions, with each
   row's consistency, PRI and coverage, contradictions and remainders;
3. :func:`minimize` reduces the positive rows to the shortest sums of products —
   conservative, parsimonious or intermediate (with directional expectations) — and
   reports **every** model when several tie, with consistency and raw and unique
   coverage of each term and model;
4. :func:`necessity` measures necessary conditions (consistency, coverage, relevance);
5. :func:`xy_plot` draws a set relation;
6. :func:`from_cases` builds the data from case files: commitments (or cases) as units,
   conditions from obstacles, mitigations, actors and channels, the outcome from
   implementation.

Notation: ``DEV*~URB*LIT*STB + DEV*LIT*IND*STB`` — ``*`` and, ``+`` or, ``~`` not,
conditions in the order given; R's notation, so results can be checked against it.

Algorithms
----------
Prime implicants are found exactly: every prime implicant covering a positive row
``p`` is the cube ``(F, p & F)`` for some set of conditions ``F``, so the search runs
over the ``2**k`` sets of conditions by size, testing all positive rows at once with
NumPy (no remainder table is built for the parsimonious solution: a cube is an
implicant when no negative row lies in it). This gives the prime implicants of
Quine–McCluskey (McCluskey 1956) in ``O(2**k * n)`` instead of the ``3**k`` cubes of
plain enumeration (``benchmarks/bench_qca.py``). The prime implicant chart is solved
exactly (Petrick 1956): every cover with the fewest implicants, by branch and bound,
never a greedy pick.

Conventions, with R's QCA package
---------------------------------
- A case belongs to the truth table row it is more in than out of (score above 0.5);
  a score of exactly 0.5 places it in no row.
- ``out`` is ``"1"`` when a row's consistency reaches ``incl_cut`` (within 1.5e-8),
  ``"C"`` between two cut-offs given as a pair, ``"0"`` below, ``"?"`` for remainders.
- Terms are ordered by number of literals, then condition by condition (negated,
  present, absent); models with several ties print the terms common to all first and
  the others in brackets.

References
----------
Ragin, C. C. (1987). *The Comparative Method*. University of California Press.
Ragin, C. C. (2008). *Redesigning Social Inquiry: Fuzzy Sets and Beyond*. University of
Chicago Press.
Rihoux, B. & Ragin, C. C. (eds.) (2009). *Configurational Comparative Methods*. Sage.
Schneider, C. Q. & Wagemann, C. (2012). *Set-Theoretic Methods for the Social Sciences*.
Cambridge University Press.
Dusa, A. (2019). *QCA with R: A Comprehensive Resource*. Springer.

Examples
--------
>>> import pandas as pd
>>> from sistercity import qca
>>> data = pd.DataFrame({"A": [1, 1, 0, 0, 1], "B": [1, 0, 1, 0, 1], "Y": [1, 0, 0, 0, 1]})
>>> print(qca.minimize(qca.truth_table(data, outcome="Y")))
M1: A*B
"""

from sistercity.qca._calibrate import calibrate, calibrate_crisp
from sistercity.qca._cases import CONDITIONS, DEFAULT_CONDITIONS, from_cases
from sistercity.qca._data import MAX_CONDITIONS, QCAData
from sistercity.qca._minimize import SOLUTIONS, Solution, minimize
from sistercity.qca._necessity import NECESSITY_COLUMNS, necessity, xy_plot
from sistercity.qca._truth import COMPLETE_UP_TO, OUT_VALUES, TruthTable, truth_table

__all__ = [
    "COMPLETE_UP_TO",
    "CONDITIONS",
    "DEFAULT_CONDITIONS",
    "MAX_CONDITIONS",
    "NECESSITY_COLUMNS",
    "OUT_VALUES",
    "SOLUTIONS",
    "QCAData",
    "Solution",
    "TruthTable",
    "calibrate",
    "calibrate_crisp",
    "from_cases",
    "minimize",
    "necessity",
    "truth_table",
    "xy_plot",
]
