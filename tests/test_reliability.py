"""Tests of sistercity.reliability: published reference values, properties, the case layer.

Every reference value names its source. Where the source prints fewer digits than a
reference implementation, the test checks both: the printed value to its printed
precision, and the implementation's value to the precision it was recorded with.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sistercity import ArgumentError, ArgumentTypeError, CaseTables, CaseValidationError, datasets
from sistercity import model as m
from sistercity import reliability as rel
from sistercity.dates import PartialDate
from strategies import CODERS, impl_cases, rename_ids, with_observation
from strategies.ratings import column, perfect_ratings, ratings

N = None

# ============================================================================ reference data

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", sec. C: 4 observers (A-D)
# × 12 units with missing values; here one row per unit, one column per observer.
KRIPPENDORFF_2011 = [
    [1, 1, N, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
    [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [N, 5, 5, 5], [N, N, 1, 1], [N, 3, N, N],
]

# Krippendorff (2011), sec. B: two observers, binary data, ten units.
KRIPPENDORFF_2011_B = list(zip([0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0], strict=True))

# The 3 coders × 15 units example of the Wikipedia article "Krippendorff's alpha"; rows = coders here.
_WIKI = [
    [N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3],
    [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
    [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4],
]
WIKIPEDIA = [list(unit) for unit in zip(*_WIKI, strict=True)]

# Hayes & Krippendorff (2007), Table 1: 40 units × 5 observers, ordinal 0-3 ("." = missing).
_HK = """
1 1 2 . 2|1 1 0 1 .|2 3 3 3 .|. 0 0 . 0|0 0 0 . 0|0 0 0 . 0|1 0 2 . 1|1 . 2 0 .|2 2 2 . 2|2 1 1 1 .
. 1 0 0 .|0 0 0 0 .|1 2 2 2 .|3 3 2 2 3|1 1 1 . 1|1 1 1 . 1|2 1 2 . 2|1 2 3 3 .|1 1 0 1 .|0 0 0 . 0
0 0 1 1 .|0 0 . 0 0|2 3 3 3 .|0 0 0 0 .|1 2 . 2 2|0 1 1 1 .|0 0 0 1 0|1 2 1 2 .|1 1 2 2 .|1 1 2 . 2
1 1 0 . 0|2 1 2 1 .|2 2 . 2 2|3 2 2 2 .|2 2 2 . 2|2 2 3 . 2|2 2 2 . 2|2 2 . 1 2|2 2 2 2 .|1 1 1 . 1
"""
HAYES_KRIPPENDORFF_2007 = [[None if v == "." else int(v) for v in unit.split()]
                           for unit in _HK.replace("\n", "|").strip("|").split("|")]

# Fleiss (1971): 30 patients × 6 psychiatrists, 5 diagnoses (R package irr's `diagnoses`,
# as reproduced in statsmodels' tests of fleiss_kappa).
FLEISS_1971 = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
]

# Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, counts per category 1-5.
FLEISS_WIKIPEDIA_COUNTS = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]

# Gwet's R package irrCAC (README, Gwet 2014 framework): `distrib.6raters`, 15 subjects × 6
# raters as counts per category (Depression, Personality Disorder, Schizophrenia, Neurosis, Other).
GWET_6RATERS_COUNTS = [
    [0, 0, 0, 6, 0], [0, 3, 0, 0, 3], [0, 1, 4, 0, 1], [0, 0, 0, 0, 6], [0, 3, 0, 3, 0],
    [2, 0, 4, 0, 0], [0, 0, 4, 0, 2], [2, 0, 3, 1, 0], [2, 0, 0, 4, 0], [0, 0, 0, 0, 6],
    [1, 0, 0, 5, 0], [1, 1, 0, 4, 0], [0, 3, 3, 0, 0], [1, 0, 0, 5, 0], [0, 2, 0, 3, 1],
]

# irrCAC README: `cont3x3abstractors`, two raters' contingency table (rows rater 1: Ectopic, AIU, NIU).
GWET_ABSTRACTORS = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]

# SAS example printed in statsmodels' tests of cohens_kappa (table10: rows rater 1, columns rater 2).
SAS_TABLE = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]

# R package irr's `anxiety` (20 subjects × 3 raters), as reproduced in statsmodels' tests.
ANXIETY = np.array([
    3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3, 3, 6, 4, 6, 2, 4, 2, 4, 3, 3,
    2, 3, 3, 3, 2, 2, 1, 3, 3, 4, 2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2,
]).reshape(20, 3, order="F")


def from_counts(counts: list[list[int]]) -> list[list[int]]:
    """Subjects × categories counts as a subjects × raters table (rater identity is arbitrary)."""
    return [[c for c, n in enumerate(row) for _ in range(n)] for row in counts]


def from_table(table: list[list[int]]) -> tuple[list[int], list[int]]:
    """A two-rater contingency table as the two raters' sequences."""
    cells = [(i, j) for i, row in enumerate(table) for j, n in enumerate(row) for _ in range(n)]
    return [i for i, _ in cells], [j for _, j in cells]


# ============================================================================ published values


@pytest.mark.parametrize(("level", "expected"), [
    ("nominal", 0.743),   # Krippendorff 2011, sec. C
    ("ordinal", 0.815),   # Krippendorff 2011, sec. D; also fast-krippendorff's test_ordinal_metric
    ("interval", 0.849),  # Krippendorff 2011, sec. C
    ("ratio", 0.797),     # Krippendorff 2011; also fast-krippendorff's test_ratio_metric
])
def test_alpha_krippendorff_2011(level: str, expected: float) -> None:
    assert round(rel.krippendorff_alpha(KRIPPENDORFF_2011, level=level), 3) == expected  # type: ignore[arg-type]


def test_alpha_krippendorff_2011_to_the_irrcac_precision() -> None:
    # irrCAC README: krippen.alpha.raw(cac.raw4raters) -> 0.74342 (the same data, Gwet's package)
    assert round(rel.krippendorff_alpha(KRIPPENDORFF_2011), 5) == 0.74342


def test_coincidence_margins_krippendorff_2011() -> None:
    # Krippendorff 2011, sec. C: margins n_1..n_5 = 9, 13, 10, 5, 3 of n.. = 40 pairable values
    o = rel.coincidences(KRIPPENDORFF_2011)
    assert o.sum(axis=1).round(9).tolist() == [9, 13, 10, 5, 3]
    assert o.to_numpy().sum() == pytest.approx(40)
    assert np.allclose(o.to_numpy(), o.to_numpy().T)
    assert o.loc[1, 1] == pytest.approx(7) and o.loc[5, 5] == pytest.approx(3)  # unit 8 adds 2 to o_11


def test_alpha_krippendorff_2011_binary_two_observers() -> None:
    # Krippendorff 2011, sec. B: alpha = 0.095
    assert round(rel.krippendorff_alpha(KRIPPENDORFF_2011_B), 3) == 0.095


def test_alpha_wikipedia_example() -> None:
    # Wikipedia "Krippendorff's alpha", computational example: nominal alpha = 0.691;
    # the reference implementation fast-krippendorff pins 0.691358 (nominal) and 0.810845 (interval)
    assert round(rel.krippendorff_alpha(WIKIPEDIA), 3) == 0.691
    assert round(rel.krippendorff_alpha(WIKIPEDIA), 6) == 0.691358
    assert round(rel.krippendorff_alpha(WIKIPEDIA, level="interval"), 6) == 0.810845


def test_alpha_hayes_krippendorff_2007() -> None:
    # Hayes & Krippendorff 2007, Table 1 data: ordinal alpha = .7598 (their KALPHA output).
    assert len(HAYES_KRIPPENDORFF_2007) == 40
    assert round(rel.krippendorff_alpha(HAYES_KRIPPENDORFF_2007, level="ordinal"), 4) == 0.7598
    # the same data through T. Grill's implementation, recorded in raoulbia/nltk-krippendorff-validation:
    # nominal 0.477, interval 0.757 (a cross-check of the transcription, not a published value)
    assert round(rel.krippendorff_alpha(HAYES_KRIPPENDORFF_2007), 3) == 0.477
    assert round(rel.krippendorff_alpha(HAYES_KRIPPENDORFF_2007, level="interval"), 3) == 0.757


def test_fleiss_1971() -> None:
    # Fleiss 1971: kappa = .430; R irr::kappam.fleiss(diagnoses) = 0.4302445 (statsmodels' tests)
    assert round(rel.fleiss_kappa(FLEISS_1971), 3) == 0.430
    assert round(rel.fleiss_kappa(FLEISS_1971), 7) == 0.4302445


def test_fleiss_wikipedia() -> None:
    # Wikipedia "Fleiss' kappa" worked example (and statsmodels' test_fleiss_kappa): kappa = 0.210
    assert round(rel.fleiss_kappa(from_counts(FLEISS_WIKIPEDIA_COUNTS)), 3) == 0.210


def test_gwet_irrcac_four_raters() -> None:
    # irrCAC README on cac.raw4raters (Krippendorff's data, missing values):
    # pa.coeff.raw 0.8181818; gwet.ac1.raw 0.77544; fleiss.kappa.raw 0.76117
    assert round(rel.percent_agreement(KRIPPENDORFF_2011), 7) == 0.8181818
    assert round(rel.gwet_ac1(KRIPPENDORFF_2011), 5) == 0.77544
    assert round(rel.fleiss_kappa(KRIPPENDORFF_2011), 5) == 0.76117


def test_gwet_irrcac_six_raters() -> None:
    # irrCAC README on distrib.6raters: gwet.ac1.dist 0.4448007, fleiss.kappa.dist 0.4139265,
    # krippen.alpha.dist 0.4204384
    data = from_counts(GWET_6RATERS_COUNTS)
    assert round(rel.gwet_ac1(data, categories=range(5)), 7) == 0.4448007
    assert round(rel.fleiss_kappa(data), 7) == 0.4139265
    assert round(rel.krippendorff_alpha(data), 7) == 0.4204384


def test_irrcac_two_raters_contingency_table() -> None:
    # irrCAC README on cont3x3abstractors: Cohen 0.7964094, AC1 0.8493305, alpha 0.7972585, pa 0.89
    a, b = from_table(GWET_ABSTRACTORS)
    data = list(zip(a, b, strict=True))
    assert round(rel.cohen_kappa(a, b), 7) == 0.7964094
    assert round(rel.gwet_ac1(data), 7) == 0.8493305
    assert round(rel.krippendorff_alpha(data), 7) == 0.7972585
    assert rel.percent_agreement(data) == pytest.approx(0.89)


def test_cohen_sas_example() -> None:
    # SAS printout in statsmodels' tests: simple kappa 0.4842, weighted (Cicchetti-Allison, linear) 0.4701
    a, b = from_table(SAS_TABLE)
    assert round(rel.cohen_kappa(a, b), 4) == 0.4842
    assert round(rel.cohen_kappa(a, b, weights="linear"), 4) == 0.4701


def test_cohen_irr_anxiety() -> None:
    # R irr::kappa2(anxiety[, 2:3]) in statsmodels' tests: unweighted -0.006289308,
    # "equal" (linear) 0.1459075, "squared" (quadratic) 0.2520325
    a, b = ANXIETY[:, 1], ANXIETY[:, 2]
    assert round(rel.cohen_kappa(a, b), 9) == -0.006289308
    assert round(rel.cohen_kappa(a, b, weights="linear"), 7) == 0.1459075
    assert round(rel.cohen_kappa(a, b, weights="quadratic"), 7) == 0.2520325


def test_weighted_kappa_uses_positions_in_categories() -> None:
    # with the default categories an unused value is skipped (as irr and statsmodels do);
    # the whole scale keeps its distances
    a, b = ANXIETY[:, 1], ANXIETY[:, 2]
    used = sorted(set(a) | set(b))
    assert rel.cohen_kappa(a, b, weights="linear", categories=used) == rel.cohen_kappa(a, b, weights="linear")
    full = rel.cohen_kappa(a, b, weights="linear", categories=range(1, 7))
    assert full != pytest.approx(rel.cohen_kappa(a, b, weights="linear"))


# ============================================================================ data forms


def test_the_forms_of_data_agree() -> None:
    long = pd.DataFrame([(u, c, v) for u, row in enumerate(KRIPPENDORFF_2011) for c, v in enumerate(row)
                         if v is not None], columns=["unit", "coder", "value"])
    wide = pd.DataFrame(KRIPPENDORFF_2011, columns=list("ABCD"), dtype="Int64")
    array = np.array(KRIPPENDORFF_2011, dtype=float)
    expected = rel.krippendorff_alpha(KRIPPENDORFF_2011, level="ordinal")
    for form in (long, wide, array, wide.astype(object), wide.astype(float)):
        assert rel.krippendorff_alpha(form, level="ordinal") == pytest.approx(expected)
        assert rel.fleiss_kappa(form) == pytest.approx(rel.fleiss_kappa(KRIPPENDORFF_2011))


def test_labels_for_nominal_and_ordinal() -> None:
    names = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
    labelled = [[names.get(v) for v in row] for row in KRIPPENDORFF_2011]  # type: ignore[arg-type]
    assert rel.krippendorff_alpha(labelled) == pytest.approx(rel.krippendorff_alpha(KRIPPENDORFF_2011))
    order = ["one", "two", "three", "four", "five"]
    assert rel.krippendorff_alpha(labelled, level="ordinal", categories=order) == pytest.approx(
        rel.krippendorff_alpha(KRIPPENDORFF_2011, level="ordinal"))


def test_missing_spellings() -> None:
    data = [[1, 1], [2, np.nan], [pd.NA, 2], [2, 2], [1, 2]]
    assert rel.percent_agreement(data) == pytest.approx(2 / 3)


# ============================================================================ undefined and bad input


@pytest.mark.parametrize("data", [
    [],                                  # empty
    [[1], [2], [3]],                     # one coder
    [[1, None], [None, 2], [3, None]],   # every unit coded once
    np.zeros((0, 3)),
])
@pytest.mark.parametrize("fn", [rel.percent_agreement, rel.krippendorff_alpha, rel.fleiss_kappa, rel.gwet_ac1])
def test_no_pairable_unit_is_an_error(data: Any, fn: Any) -> None:
    with pytest.raises(ArgumentError, match=r"two or more coders|dimension"):
        fn(data)


def test_alpha_undefined_without_variation() -> None:
    with pytest.raises(ArgumentError, match="no variation"):
        rel.krippendorff_alpha([[2, 2], [2, 2], [2, None]])
    with pytest.raises(ArgumentError, match="chance agreement is 1"):
        rel.fleiss_kappa([[2, 2], [2, 2]])
    with pytest.raises(ArgumentError, match="chance agreement is 1"):
        rel.cohen_kappa([2, 2], [2, 2])
    with pytest.raises(ArgumentError, match="two or more possible categories"):
        rel.gwet_ac1([[2, 2], [2, 2]])
    assert rel.gwet_ac1([[2, 2], [2, 2]], categories=[0, 1, 2, 3]) == 1.0  # AC1 is defined here
    assert rel.percent_agreement([[2, 2], [2, 2]]) == 1.0


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: rel.krippendorff_alpha([[1, 2], [1, 9]], categories=[1, 2]), ArgumentError, "not among"),
    (lambda: rel.krippendorff_alpha([["a", "b"], ["a", "a"]], level="interval"), ArgumentError, "numbers"),
    (lambda: rel.krippendorff_alpha([["a", "b"], ["a", "a"]], level="ordinal"), ArgumentError, "categories="),
    (lambda: rel.krippendorff_alpha([[1, 2], [1, 1]], level="ratio", categories=[-1, 1, 2]), ArgumentError,
     "negative"),
    (lambda: rel.krippendorff_alpha([[1, 2], [1, 1]], level="ordinall"), ArgumentError, "level must be"),
    (lambda: rel.krippendorff_alpha([[1, 2], [1]]), ArgumentError, "2-D|same length"),
    (lambda: rel.krippendorff_alpha([[[1, 2]], [[1, 2]]]), ArgumentError, "2-D"),
    (lambda: rel.krippendorff_alpha([1, 2, 3]), ArgumentError, "2-D"),
    (lambda: rel.krippendorff_alpha(np.array([[1.0, np.inf], [1, 2]])), ArgumentError, "finite"),
    (lambda: rel.krippendorff_alpha("12"), ArgumentTypeError, "table"),
    (lambda: rel.krippendorff_alpha(42), ArgumentTypeError, "table"),
    (lambda: rel.krippendorff_alpha(pd.Series([1, 2])), ArgumentTypeError, "table"),
    (lambda: rel.krippendorff_alpha([[[1], [2, 3]], [[1], [2, 3]]]), ArgumentTypeError, "hashable"),
    (lambda: rel.krippendorff_alpha([[1, 2]], categories="12"), ArgumentTypeError, "sequence"),
    (lambda: rel.krippendorff_alpha([[1, 2]], categories=[1, 1, 2]), ArgumentError, "twice"),
    (lambda: rel.krippendorff_alpha([[1, 2]], categories=[]), ArgumentError, "at least one"),
    (lambda: rel.krippendorff_alpha([[1, 2]], categories=[1, None]), ArgumentError, "not missing"),
    (lambda: rel.krippendorff_alpha(pd.DataFrame({"unit": [1, 1], "coder": ["a", "a"], "value": [1, 2]})),
     ArgumentError, "two values from coder"),
    (lambda: rel.krippendorff_alpha(pd.DataFrame({"unit": [1, None], "coder": ["a", "b"], "value": [1, 2]})),
     ArgumentError, "needs a unit"),
    (lambda: rel.cohen_kappa([1, 2, 3], [1, 2]), ArgumentError, "same length"),
    (lambda: rel.cohen_kappa("abc", "abd"), ArgumentTypeError, "sequence"),
    (lambda: rel.cohen_kappa([[1, 2]], [[1, 2]]), ArgumentError, "one-dimensional"),
    (lambda: rel.cohen_kappa([1, None], [None, 2]), ArgumentError, "both coders"),
    (lambda: rel.cohen_kappa([1, 2], [1, 2], weights="cubic"), ArgumentError, "weights must be"),
    (lambda: rel.cohen_kappa(["a", "b"], ["a", "a"], weights="linear"), ArgumentError, "categories="),
])
def test_bad_input_gets_the_library_errors(call: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()


# ============================================================================ properties


@given(perfect_ratings(), st.sampled_from(rel.LEVELS))
def test_alpha_is_one_on_perfect_agreement(data: list[list[Any]], level: str) -> None:
    assert rel.krippendorff_alpha(data, level=level) == pytest.approx(1.0)  # type: ignore[arg-type]
    assert rel.fleiss_kappa(data) == pytest.approx(1.0)
    assert rel.gwet_ac1(data) == pytest.approx(1.0)
    assert rel.percent_agreement(data) == 1.0


@given(ratings(), st.sampled_from(rel.LEVELS), st.randoms())
def test_invariance_under_relabelling_units_and_coders(data: list[list[Any]], level: str, rnd: Any) -> None:
    units = list(range(len(data)))
    coders = list(range(len(data[0])))
    rnd.shuffle(units)
    rnd.shuffle(coders)
    shuffled = [[data[u][c] for c in coders] for u in units]
    assert rel.krippendorff_alpha(shuffled, level=level) == pytest.approx(  # type: ignore[arg-type]
        rel.krippendorff_alpha(data, level=level))  # type: ignore[arg-type]
    for fn in (rel.percent_agreement, rel.fleiss_kappa, rel.gwet_ac1):
        assert fn(shuffled) == pytest.approx(fn(data))


@given(ratings(), st.permutations(["w", "x", "y", "z"]))
def test_nominal_coefficients_ignore_category_labels(data: list[list[Any]], names: list[str]) -> None:
    relabelled = [[None if v is None else names[v] for v in row] for row in data]
    assert rel.krippendorff_alpha(relabelled) == pytest.approx(rel.krippendorff_alpha(data))
    assert rel.fleiss_kappa(relabelled) == pytest.approx(rel.fleiss_kappa(data))
    assert rel.percent_agreement(relabelled) == pytest.approx(rel.percent_agreement(data))
    assert rel.gwet_ac1(relabelled, categories=names) == pytest.approx(rel.gwet_ac1(data, categories=range(4)))


@given(ratings(), st.sampled_from(rel.LEVELS))
def test_bounds(data: list[list[Any]], level: str) -> None:
    assert 0.0 <= rel.percent_agreement(data) <= 1.0
    assert rel.krippendorff_alpha(data, level=level) <= 1.0 + 1e-12  # type: ignore[arg-type]
    assert rel.gwet_ac1(data) <= 1.0 + 1e-12
    assert rel.fleiss_kappa(data) <= 1.0 + 1e-12


@given(ratings(max_coders=2, min_coders=2, missing=False), st.sampled_from([None, "linear", "quadratic"]))
def test_cohen_is_symmetric_and_bounded(data: list[list[Any]], weights: Any) -> None:
    a, b = column(data, 0), column(data, 1)
    cats = range(4)
    kab = rel.cohen_kappa(a, b, weights=weights, categories=cats)
    assert kab == pytest.approx(rel.cohen_kappa(b, a, weights=weights, categories=cats))
    assert kab <= 1.0 + 1e-12
    assert (kab == pytest.approx(1.0)) == (a == b)


@given(ratings(max_coders=2, min_coders=2, missing=False))
def test_two_coders_alpha_and_scott_pi(data: list[list[Any]]) -> None:
    # Krippendorff 2004: with two coders and no missing values, nominal alpha corrects Scott's pi
    # (= Fleiss's kappa for two coders) for sample size: alpha = 1 - (2n - 1)/(2n) (1 - pi)
    n = len(data)
    pi = rel.fleiss_kappa(data)
    assert rel.krippendorff_alpha(data) == pytest.approx(1 - (2 * n - 1) / (2 * n) * (1 - pi))


@given(ratings())
def test_long_and_wide_forms_agree(data: list[list[Any]]) -> None:
    long = pd.DataFrame([(f"u{u}", f"c{c}", v) for u, row in enumerate(data) for c, v in enumerate(row)],
                        columns=["unit", "coder", "value"])
    assert rel.krippendorff_alpha(long, level="interval") == pytest.approx(
        rel.krippendorff_alpha(data, level="interval"))


# ============================================================================ bootstrap


def test_bootstrap_is_reproducible_and_centred() -> None:
    one = rel.alpha_bootstrap(HAYES_KRIPPENDORFF_2007, level="ordinal", n_boot=4000, seed=11)
    two = rel.alpha_bootstrap(HAYES_KRIPPENDORFF_2007, level="ordinal", n_boot=4000, seed=11)
    assert np.array_equal(one.samples, two.samples) and one.low == two.low and one.q == two.q
    assert one.alpha == pytest.approx(0.7598, abs=5e-5)
    assert one.low < one.alpha < one.high
    assert abs(float(one.samples.mean()) - one.alpha) < 0.005  # the resampled disagreement has mean Do
    assert list(one.samples) == sorted(one.samples) and len(one.samples) == 4000
    assert one.n_units == 40 and one.n_values == 159
    frame = one.to_frame()
    assert list(frame.columns) == ["alpha", "low", "high", "ci", "alpha_min", "q", "level", "n_boot", "n_units",
                                   "n_values"]
    other = rel.alpha_bootstrap(HAYES_KRIPPENDORFF_2007, level="ordinal", n_boot=4000, seed=12)
    assert not np.array_equal(one.samples, other.samples)


def test_bootstrap_q_and_interval() -> None:
    gen = np.random.default_rng(5)
    low = rel.alpha_bootstrap(KRIPPENDORFF_2011, n_boot=3000, alpha_min=0.5, seed=gen)
    high = rel.alpha_bootstrap(KRIPPENDORFF_2011, n_boot=3000, alpha_min=0.9, seed=5)
    assert 0.0 <= low.q <= high.q <= 1.0
    assert high.q == pytest.approx(float(np.mean(high.samples < 0.9)))
    wide = rel.alpha_bootstrap(KRIPPENDORFF_2011, n_boot=3000, ci=0.99, seed=5)
    narrow = rel.alpha_bootstrap(KRIPPENDORFF_2011, n_boot=3000, ci=0.5, seed=5)
    assert wide.low <= narrow.low <= narrow.high <= wide.high


def test_bootstrap_counts_a_sample_without_variation_as_zero() -> None:
    # two pairs 0-0 and one 1-1: a sample drawing only one value has no variation
    res = rel.alpha_bootstrap([[0, 0], [0, 0], [1, 1]], n_boot=2000, seed=3)
    assert res.alpha == 1.0
    zeros = float(np.mean(res.samples == 0.0))
    # P(all three draws are 0-0) + P(all are 1-1) = (2/3)^3 + (1/3)^3 = 1/3
    assert zeros == pytest.approx(1 / 3, abs=0.04)
    assert set(np.unique(res.samples)) == {0.0, 1.0}


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"n_boot": 0}, ArgumentError), ({"n_boot": 1.5}, ArgumentTypeError), ({"ci": 1.0}, ArgumentError),
    ({"ci": "95%"}, ArgumentTypeError), ({"alpha_min": 1.5}, ArgumentError), ({"alpha_min": -2}, ArgumentError),
    ({"seed": -1}, ArgumentError), ({"seed": "x"}, ArgumentTypeError), ({"seed": True}, ArgumentTypeError),
])
def test_bootstrap_arguments(kwargs: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        rel.alpha_bootstrap(KRIPPENDORFF_2011, **kwargs)


# ============================================================================ a case's coders


def _tables(rows: list[tuple[str, str, int, str]], commitments: tuple[str, ...] = ("c1", "c2", "c3"),
            ) -> CaseTables:
    obs = pd.DataFrame(rows, columns=["commitment", "date", "level", "coder"])
    com = pd.DataFrame({"commitment": list(commitments), "agreement": "a", "sector": "education",
                        "title": list(commitments)})
    agr = pd.DataFrame({"agreement": ["a"], "kind": ["letter_of_intent"]})
    return CaseTables.from_frames(observations=obs, commitments=com, agreements=agr)


def test_the_bundled_case_has_one_coder() -> None:
    case = datasets.load("bogor-kisarazu")
    res = rel.of_case(case)
    assert res.coders == ("sistercity-codebook",)
    assert "one coder" in res.note and math.isnan(res.alpha)
    assert res.coefficients["value"].isna().all()
    assert (res.coefficients["note"] != "").all()
    assert list(res.coefficients.columns) == list(rel.COEFFICIENT_COLUMNS)
    assert res.disagreements.empty and len(res.table) == len({(o.commitment, o.date.year) for o in
                                                               case.observations})


def test_a_case_without_observations() -> None:
    res = rel.of_case(datasets.load("bandung-suwon"))
    assert res.coders == () and res.table.empty and "no observations" in res.note


def test_of_case_matches_the_coefficients_on_its_table() -> None:
    t = _tables([("c1", "2017", 1, "ana"), ("c1", "2017-06", 2, "budi"), ("c2", "2018", 0, "ana"),
                 ("c2", "2018", 0, "budi"), ("c3", "2018", 3, "ana"), ("c3", "2018-05-01", 1, "budi"),
                 ("c3", "2018-07", 3, "citra"), ("c1", "2018", 2, "ana")])
    res = rel.of_case(t, level="interval")
    assert res.coders == ("ana", "budi", "citra") and res.note == ""
    values = res.coefficients.set_index("coefficient")["value"]
    data = res.table.to_numpy(dtype=float, na_value=np.nan)
    assert values["krippendorff_alpha"] == pytest.approx(rel.krippendorff_alpha(data, level="interval"))
    assert values["gwet_ac1"] == pytest.approx(rel.gwet_ac1(data, categories=[0, 1, 2, 3]))
    assert math.isnan(values["cohen_kappa"])  # three coders
    assert res.disagreements[["commitment", "period", "spread"]].values.tolist() == [
        ["c3", "2018", 2], ["c1", "2017", 1]]
    assert res.disagreements["n_coders"].tolist() == [3, 2]


def test_period_and_unit_rules() -> None:
    t = _tables([("c1", "2017", 1, "ana"), ("c1", "2017-06", 2, "budi"), ("c1", "2017-06-30", 3, "ana"),
                 ("c2", "2018", 0, "ana"), ("c2", "2018", 1, "budi")])
    year = rel.of_case(t)
    # ana's latest in 2017: "2017" counts from its last day, 31 December, after 2017-06-30
    assert year.table.loc[("c1", "2017")].tolist() == [1, 2]
    month = rel.of_case(t, period="month").table
    assert month.index.tolist() == [("c1", "2017"), ("c1", "2017-06"), ("c2", "2018")]
    day = rel.of_case(t, period=None).table  # a date is never made finer than it is
    assert day.index.tolist() == [("c1", "2017"), ("c1", "2017-06"), ("c1", "2017-06-30"), ("c2", "2018")]
    assert rel.of_case(t, period="day").table.equals(day)
    whole = rel.of_case(t, unit="commitment")
    assert whole.table.index.tolist() == ["c1", "c2"] and whole.period is None
    assert rel.of_case(t, within="min").table.loc[("c1", "2017")].tolist() == [1, 2]
    assert rel.of_case(t, within="max").table.loc[("c1", "2017")].tolist() == [3, 2]


def test_of_case_bootstrap_and_two_coders() -> None:
    t = _tables([(c, f"{y}", lv, coder) for c, y, lv, coder in [
        ("c1", 2016, 0, "ana"), ("c1", 2016, 0, "budi"), ("c1", 2017, 1, "ana"), ("c1", 2017, 2, "budi"),
        ("c2", 2016, 1, "ana"), ("c2", 2016, 1, "budi"), ("c2", 2017, 3, "ana"), ("c2", 2017, 3, "budi"),
        ("c3", 2016, 2, "ana"), ("c3", 2016, 2, "budi"), ("c3", 2017, 2, "ana"), ("c3", 2017, 3, "budi")]])
    res = rel.of_case(t, n_boot=500, seed=2)
    row = res.coefficients.set_index("coefficient").loc["krippendorff_alpha"]
    assert res.interval is not None and row["low"] == res.interval.low and row["high"] == res.interval.high
    assert res.interval.alpha == pytest.approx(res.alpha)
    kappa = res.coefficients.set_index("coefficient").loc["cohen_kappa"]
    assert kappa["variant"] == "linear" and kappa["n_units"] == 6
    assert kappa["value"] == pytest.approx(rel.cohen_kappa(
        res.table["ana"].astype(float), res.table["budi"].astype(float), weights="linear", categories=range(4)))
    assert rel.of_case(t, level="nominal").coefficients.set_index("coefficient").loc[
        "cohen_kappa", "variant"] == "unweighted"


@given(impl_cases(max_observations=20), st.sampled_from(["year", "month", None]))
def test_of_case_on_generated_cases(case: m.Case, period: Any) -> None:
    res = rel.of_case(case, period=period)
    assert set(res.coders) <= set(CODERS)
    assert len(res.table) == len(res.table.index.unique())
    for _, row in res.coefficients.iterrows():
        assert (math.isnan(row["value"])) == (row["note"] != "")
        if not math.isnan(row["value"]):
            assert row["value"] <= 1 + 1e-12 and row["n_units"] >= 1
    assert (res.disagreements["spread"] > 0).all() and (res.disagreements["n_coders"] >= 2).all()
    renamed, mapping = rename_ids(case)
    again = rel.of_case(renamed, period=period)
    pd.testing.assert_series_equal(res.coefficients["value"], again.coefficients["value"])
    assert sorted(mapping.get("coder", {}).get(c, c) for c in res.coders) == list(again.coders)


def test_of_case_errors() -> None:
    t = _tables([("c1", "2017", 1, "ana")])
    for kwargs in ({"unit": "sector"}, {"period": "week"}, {"level": "ordinal-ish"}, {"within": "first"},
                   {"n_boot": -1}):
        with pytest.raises(ArgumentError):
            rel.of_case(t, **kwargs)
    with pytest.raises(ArgumentTypeError):
        rel.of_case([1, 2])  # type: ignore[arg-type]
    undated = CaseTables.from_frames(observations=pd.DataFrame({"commitment": ["c1", "c1"], "date": ["2017", None],
                                                                "level": [1, 2], "coder": [None, "ana"]}),
                                     validate=False)
    with pytest.raises(CaseValidationError) as err:
        rel.of_case(undated)
    assert [p.path for p in err.value.problems] == ["observations[1].date", "observations[0].coder"]
    with pytest.raises(CaseValidationError):
        rel.same_date_conflicts(undated)
    obs = t.observations.assign(level=pd.array([None], dtype="Int8"))
    with pytest.raises(CaseValidationError, match="level 0-3"):
        rel.of_case(dataclasses.replace(t, observations=obs))


# ============================================================================ same-date conflicts


def _reference_conflicts(case: m.Case, rule: str) -> set[tuple[str, Any, int]]:
    groups: dict[tuple[str, Any], list[tuple[int, int]]] = {}
    for i, o in enumerate(case.observations):
        groups.setdefault((o.commitment, o.date.point(rule)), []).append((i, int(o.level)))  # type: ignore[arg-type]
    return {(c, day, i) for (c, day), rows in groups.items() if len({lv for _, lv in rows}) > 1 for i, _ in rows}


@given(impl_cases(max_observations=20), st.sampled_from(["end", "start"]))
def test_same_date_conflicts_are_the_ties_with_different_levels(case: m.Case, rule: Any) -> None:
    found = rel.same_date_conflicts(case, date_rule=rule)
    assert list(found.columns) == list(rel.CONFLICT_COLUMNS)
    got = {(r.commitment, r.day.date(), r.observation) for r in found.itertuples()}
    assert got == _reference_conflicts(case, rule)
    assert (found["n_levels"] >= 2).all() and (found["n_observations"] >= found["n_levels"]).all()


def test_same_date_conflicts_example_and_copy() -> None:
    case = datasets.load("bogor-kisarazu")
    # the bundled case's own conflict: the news's online exchange (2) and the thesis's one-week
    # exchange (3), one event, one coder, two sources
    own = rel.same_date_conflicts(case)
    assert own[["commitment", "date", "coder", "level", "source"]].values.tolist() == [
        ["student-exchange", "2017-12-14", "sistercity-codebook", 2, "kotabogor-2017-12-14"],
        ["student-exchange", "2017-12-14", "sistercity-codebook", 3, "thesis"]]
    assert own["n_coders"].tolist() == [1, 1]
    obs = case.observations[2]  # the thesis's level 0 for blueberry, dated 2018
    assert (obs.commitment, str(obs.date), obs.level) == ("blueberry", "2018", 0)
    twin = m.Observation(commitment=obs.commitment, date=PartialDate(2018, 12, 31), level=2, coder="reviewer",
                         evidence=case.observations[0].evidence)
    conflicted = with_observation(case, twin)
    found = rel.same_date_conflicts(conflicted)
    found = found[found["commitment"] == "blueberry"].reset_index(drop=True)
    assert found[["commitment", "date", "coder", "level"]].values.tolist() == [
        ["blueberry", "2018", "sistercity-codebook", 0],
        ["blueberry", "2018-12-31", "reviewer", 2]]
    assert found["n_coders"].tolist() == [2, 2] and found["source"].notna().all()
    found.loc[0, "level"] = 3  # a copy: the cached table is not changed
    again = rel.same_date_conflicts(conflicted)
    assert again.loc[again["commitment"] == "blueberry", "level"].tolist() == [0, 2]
    with pytest.raises(ArgumentError, match="date_rule"):
        rel.same_date_conflicts(case, date_rule="middle")  # type: ignore[arg-type]


def test_public_names() -> None:
    for name in rel.__all__:
        assert getattr(rel, name) is not None
    for fn in (rel.percent_agreement, rel.cohen_kappa, rel.fleiss_kappa, rel.gwet_ac1, rel.krippendorff_alpha,
               rel.alpha_bootstrap, rel.coincidences, rel.of_case, rel.same_date_conflicts):
        doc = fn.__doc__ or ""
        assert all(part in doc for part in ("Parameters", "Returns", "Raises", "Examples")), fn.__name__
    assert list(itertools.chain(rel.LEVELS)) == ["nominal", "ordinal", "interval", "ratio"]


def test_the_documentation_page_runs() -> None:
    """docs/reliability.md: every number in its examples is one the code computes."""
    import doctest
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "docs" / "reliability.md"
    result = doctest.testfile(str(page), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 25
    assert result.failed == 0


def test_one_coders_same_day_readings_reduce_as_status_settles_them() -> None:
    """Two sources read one day differently (news 2, thesis 3): one value, the lower median, as in status."""
    from sistercity import implementation

    case = datasets.load("bogor-kisarazu")
    kept = rel.of_case(case).table.loc[("student-exchange", "2017")].dropna()
    settled = implementation.status(case, at="2017").set_index("commitment").loc["student-exchange", "level"]
    assert kept.tolist() == [int(settled)] == [2]
