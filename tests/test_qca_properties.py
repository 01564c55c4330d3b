"""Properties of sistercity.qca: solutions are covers, minimal, consistent and invariant."""

from __future__ import annotations

from itertools import combinations, product

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from tests.strategies.qca import crisp_data, full_design, fuzzy_data, sums_of_products

from sistercity import qca
from sistercity.exceptions import ArgumentError


def _cube(term: str, conditions: tuple[str, ...]) -> dict[int, int]:
    out = {}
    for lit in term.split("*"):
        name = lit.lstrip("~")
        out[conditions.index(name)] = 0 if lit.startswith("~") else 1
    return out


def _rows(terms: list[str], conditions: tuple[str, ...]) -> set[int]:
    """Row numbers (1-based, R's) covered by a sum of products."""
    k = len(conditions)
    out = set()
    for code, values in enumerate(product((0, 1), repeat=k)):
        for t in terms:
            if all(values[i] == v for i, v in _cube(t, conditions).items()):
                out.add(code + 1)
    return out


def _model_terms(sol: qca.Solution) -> list[list[str]]:
    return [list(g["term"]) for _, g in sol.terms.groupby(["origin", "model"], sort=False)]


def _solvable(tt: qca.TruthTable, kind: str) -> bool:
    """A positive row to explain, and not every configuration positive (or assumable so)."""
    out = tt.table["out"].astype(str)
    every = (out == "1").sum() == 2 ** len(tt.conditions)
    return bool((out == "1").any() and not every and (kind == "conservative" or out.isin(["0", "C"]).any()))


@given(crisp_data(), st.sampled_from(["conservative", "parsimonious"]))
def test_every_model_covers_the_positive_rows_and_no_negative_row(data: pd.DataFrame, kind: str) -> None:
    tt = qca.truth_table(data, outcome="Y")
    assume(_solvable(tt, kind))
    sol = qca.minimize(tt, solution=kind)
    t = tt.table
    positive = set(t.loc[t.out == "1", "row"])
    negative = set(t.loc[t.out.isin(["0", "C"]), "row"])
    for terms in _model_terms(sol):
        covered = _rows(terms, tt.conditions)
        assert positive <= covered
        assert not covered & negative
        if kind == "conservative":
            assert covered == positive


@given(crisp_data(), st.sampled_from([1.0, 0.75, 0.6]), st.sampled_from(["conservative", "parsimonious"]))
def test_every_term_is_consistent_with_the_rows_it_covers(data: pd.DataFrame, cut: float, kind: str) -> None:
    """With crisp data a term's cases are those of the positive rows it covers, so its
    consistency is at least the lowest of theirs, hence at least incl_cut."""
    tt = qca.truth_table(data, outcome="Y", incl_cut=cut)
    assume(_solvable(tt, kind))
    sol = qca.minimize(tt, solution=kind)
    assert (sol.terms["consistency"] >= cut - 1e-12).all()
    assert (sol.models["consistency"] >= cut - 1e-12).all()


@given(st.one_of(crisp_data(), fuzzy_data()))
def test_parsimonious_is_never_longer_than_conservative(data: pd.DataFrame) -> None:
    tt = qca.truth_table(data, outcome="Y", incl_cut=0.8)
    assume(_solvable(tt, "parsimonious"))
    cons = qca.minimize(tt)
    pars = qca.minimize(tt, solution="parsimonious")
    assert pars.models["n_terms"].max() <= cons.models["n_terms"].min()
    # every conservative prime implicant lies inside some parsimonious one
    for term in cons.prime_implicants["term"]:
        inner = _rows([term], tt.conditions)
        assert any(inner <= _rows([p], tt.conditions) for p in pars.prime_implicants["term"])


@given(crisp_data(max_conditions=4, max_cases=12), st.sampled_from(["conservative", "parsimonious"]))
def test_the_models_are_every_minimum_cover(data: pd.DataFrame, kind: str) -> None:
    tt = qca.truth_table(data, outcome="Y")
    assume(_solvable(tt, kind))
    sol = qca.minimize(tt, solution=kind)
    chart = sol.chart.to_numpy()
    terms = list(sol.chart.index)
    n_pis = len(terms)
    best = min(size for size in range(1, n_pis + 1)
               if any(chart[list(c)].any(axis=0).all() for c in combinations(range(n_pis), size)))
    brute = {frozenset(terms[i] for i in c) for c in combinations(range(n_pis), best)
             if chart[list(c)].any(axis=0).all()}
    assert {frozenset(t) for t in _model_terms(sol)} == brute


def _naive_primes(k: int, allowed: set[int], positive: set[int]) -> set[str]:
    """Every cube of 3**k, kept when all its rows are allowed, it covers a positive row, and no
    cube with one literal fewer is allowed: the textbook enumeration."""
    names = [chr(65 + i) for i in range(k)]

    def rows(cube: tuple[int, ...]) -> set[int]:
        return {code for code, values in enumerate(product((0, 1), repeat=k))
                if all(c == 2 or c == v for c, v in zip(cube, values, strict=True))}

    ok = {cube for cube in product((0, 1, 2), repeat=k) if rows(cube) <= allowed}
    primes = set()
    for cube in ok:
        if not rows(cube) & positive:
            continue
        if any(c != 2 and (*cube[:i], 2, *cube[i + 1:]) in ok for i, c in enumerate(cube)):
            continue
        lits = [n if c == 1 else f"~{n}" for n, c in zip(names, cube, strict=True) if c != 2]
        primes.add("*".join(lits))
    return primes


@given(crisp_data(max_conditions=4), st.sampled_from(["conservative", "parsimonious"]))
def test_prime_implicants_match_the_naive_enumeration(data: pd.DataFrame, kind: str) -> None:
    tt = qca.truth_table(data, outcome="Y")
    assume(_solvable(tt, kind))
    k = len(tt.conditions)
    t = tt.table
    positive = {int(r) - 1 for r in t.loc[t.out == "1", "row"]}
    if kind == "conservative":
        allowed = positive
    else:
        allowed = set(range(2 ** k)) - {int(r) - 1 for r in t.loc[t.out.isin(["0", "C"]), "row"]}
    sol = qca.minimize(tt, solution=kind)
    assert set(sol.prime_implicants["term"]) == _naive_primes(k, allowed, positive)


@given(sums_of_products())
def test_a_known_sum_of_products_comes_back_equivalent(case: tuple[int, list[dict[int, int]]]) -> None:
    k, dnf = case
    data = full_design(k, dnf)
    assume(0 < data["Y"].sum() < len(data))
    tt = qca.truth_table(data, outcome="Y")
    truth = {i + 1 for i, y in enumerate(data["Y"]) if y}
    for kind in ("conservative", "parsimonious"):
        sol = qca.minimize(tt, solution=kind)
        for terms in _model_terms(sol):
            assert _rows(terms, tt.conditions) == truth
            # no more terms than the formula it came from
            assert len(terms) <= len(dnf)


@given(st.one_of(crisp_data(), fuzzy_data()), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_cases(data: pd.DataFrame, rnd: object) -> None:
    tt = qca.truth_table(data, outcome="Y", incl_cut=0.8)
    order = list(range(len(data)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    tt2 = qca.truth_table(data.iloc[order], outcome="Y", incl_cut=0.8)
    cols = ["row", "out", "n_cases", "contradictory"]
    pd.testing.assert_frame_equal(tt.table[cols], tt2.table[cols])
    np.testing.assert_allclose(tt.table[["consistency", "pri", "coverage"]].to_numpy(),
                               tt2.table[["consistency", "pri", "coverage"]].to_numpy(), rtol=1e-12, atol=1e-12)
    assert [set(c.split(",")) for c in tt.table["cases"]] == [set(c.split(",")) for c in tt2.table["cases"]]
    for kind in ("conservative", "parsimonious"):
        if not _solvable(tt, kind):
            continue
        a, b = qca.minimize(tt, solution=kind), qca.minimize(tt2, solution=kind)
        assert a.expressions == b.expressions
        np.testing.assert_allclose(a.terms[["consistency", "pri", "raw_coverage", "unique_coverage"]].to_numpy(),
                                   b.terms[["consistency", "pri", "raw_coverage", "unique_coverage"]].to_numpy(),
                                   rtol=1e-12, atol=1e-12)


@given(fuzzy_data(), st.sampled_from([0.7, 0.8, 0.9]))
def test_intermediate_lies_between_conservative_and_parsimonious(data: pd.DataFrame, cut: float) -> None:
    tt = qca.truth_table(data, outcome="Y", incl_cut=cut)
    assume(_solvable(tt, "parsimonious"))
    conds = tt.conditions
    inter = qca.minimize(tt, solution="intermediate", directional=list(conds))
    pars = qca.minimize(tt, solution="parsimonious")
    t = tt.table
    positive = set(t.loc[t.out == "1", "row"])
    sa = pars.simplifying_assumptions()
    for (origin, _), g in inter.terms.groupby(["origin", "model"], sort=False):
        covered = _rows(list(g["term"]), conds)
        easy = set(inter.easy_counterfactuals.loc[inter.easy_counterfactuals.origin == origin, "row"])
        p = int(origin.split("P")[1])
        assert positive <= covered <= positive | easy
        assert easy <= set(sa.loc[sa.model == f"M{p}", "row"])


@given(st.one_of(crisp_data(), fuzzy_data()))
def test_fit_parameters_lie_in_the_unit_interval(data: pd.DataFrame) -> None:
    tt = qca.truth_table(data, outcome="Y", incl_cut=0.8)
    values = tt.table[["consistency", "pri", "coverage"]].to_numpy()
    seen = values[~np.isnan(values)]
    assert ((seen >= -1e-12) & (seen <= 1 + 1e-12)).all()
    nec = qca.necessity(data, outcome="Y")
    vals = nec[["consistency", "coverage", "relevance"]].to_numpy()
    vals = vals[~np.isnan(vals)]
    assert ((vals >= -1e-12) & (vals <= 1 + 1e-12)).all()


@given(fuzzy_data())
def test_necessity_consistency_is_sufficiency_coverage(data: pd.DataFrame) -> None:
    assume(data["Y"].sum() > 0 and data["A"].sum() > 0)
    nec = qca.necessity(data, outcome="Y", conditions=["A"]).iloc[0]
    both = np.minimum(data["A"], data["Y"]).sum()
    assert nec["consistency"] == pytest.approx(both / data["Y"].sum())
    assert nec["coverage"] == pytest.approx(both / data["A"].sum())


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=30),
       st.tuples(st.floats(-1e3, 1e3), st.floats(0.1, 1e3), st.floats(0.1, 1e3)),
       st.floats(0.51, 0.999))
def test_calibration_is_monotone_and_meets_its_anchors(values: list[float], anchors: tuple[float, float, float],
                                                       degree: float) -> None:
    c, up, down = anchors
    full, non = c + up, c - down
    got = qca.calibrate(values, full=full, crossover=c, non=non, degree=degree)
    order = np.argsort(values, kind="stable")
    assert (np.diff(np.asarray(got)[order]) >= -1e-15).all()
    assert ((got >= 0) & (got <= 1)).all()
    at = qca.calibrate([non, c, full], full=full, crossover=c, non=non, degree=degree)
    assert at == pytest.approx([1 - degree, 0.5, degree])
    mirror = qca.calibrate(values, full=non, crossover=c, non=full, degree=degree)
    assert mirror == pytest.approx(1 - got, abs=1e-12)


def test_a_score_of_one_half_places_a_case_in_no_row() -> None:
    data = pd.DataFrame({"A": [0.5, 0.9], "Y": [1.0, 1.0]}, index=["half", "in"])
    tt = qca.truth_table(data, outcome="Y")
    assert tt.table["n_cases"].tolist() == [0, 1]
    assert tt.table["cases"].tolist() == ["", "in"]


def test_parsimonious_without_negative_rows_is_refused() -> None:
    data = pd.DataFrame({"A": [1, 1], "B": [1, 0], "Y": [1, 1]})
    tt = qca.truth_table(data, outcome="Y")
    with pytest.raises(ArgumentError, match="no truth table row is negative"):
        qca.minimize(tt, solution="parsimonious")
    assert qca.minimize(tt).expressions == ["A"]


def test_a_whole_property_space_of_positive_rows_is_refused() -> None:
    data = pd.DataFrame({"A": [1, 0], "Y": [1, 1]})
    with pytest.raises(ArgumentError, match="every configuration"):
        qca.minimize(qca.truth_table(data, outcome="Y"))
