"""sistercity.qca reproduces the results R's QCA package prints for the textbook data.

Every expected value names its source. The sources are R's QCA package (Adrian Dusa):

- [TT] its test snapshot ``tests/testthat/_snaps/truthTable.md`` (github.com/dusadrian/QCA,
  commit ee9fd13), the truth tables as R prints them;
- [MIN] its test snapshot ``tests/testthat/_snaps/minimize.md`` (same commit), the solutions
  with ``details = TRUE`` (inclS, PRI, covS, covU, cases), for the calls of
  ``tests/testthat/test-minimize.R``;
- [DOC] the example output of its documentation, ``inst/staticdocs/minimize.html``
  (github.com/cran/QCA, commit 00df4c3, QCA 3.x), for ``incl.cut = 0.8``;
- [POF] its test snapshot ``tests/testthat/_snaps/pof.md`` (dusadrian/QCA, commit ee9fd13),
  the necessity figures (inclN, RoN, covN);
- [CAL] its test snapshot ``tests/testthat/_snaps/calibrate.md`` with the inputs of
  ``tests/testthat/test-calibrate.R`` (dusadrian/QCA, commit ee9fd13).

R prints three decimals (calibration: ten significant digits), so the comparisons are
to printed precision. The conservative LC solution is also the one Rihoux & De Meur
(2009, p. 57) print, as R's ``?minimize`` notes.
"""

from __future__ import annotations

import random
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from sistercity import qca

DATA = Path(__file__).resolve().parent / "data" / "qca"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, comment="#", index_col="case")


LF = _read("lipset_fuzzy.csv")
LC = _read("lipset_crisp.csv")
KROOK = _read("krook_represent.csv")


def _by_term(frame: pd.DataFrame, cols: list[str]) -> dict[str, list[object]]:
    return dict(zip(frame["term"], _rounded(frame, cols), strict=True))


def _rounded(frame: pd.DataFrame, cols: list[str]) -> list[list[object]]:
    return [[round(v, 3) if isinstance(v, float) else v for v in row] for row in frame[cols].itertuples(index=False)]


# ------------------------------------------------------------------ Lipset, crisp (LC)


def test_lc_truth_table_as_r_prints_it() -> None:
    # [TT] print(ttLC, show.cases = TRUE): row, OUT, n, incl, cases
    tt = qca.truth_table(LC, outcome="SURV")
    seen = tt.table[tt.table.n_cases > 0]
    assert _rounded(seen, ["row", "out", "n_cases", "consistency", "cases"]) == [
        [1, "0", 3, 0.0, "GR,PT,ES"], [2, "0", 2, 0.0, "IT,RO"], [5, "0", 2, 0.0, "HU,PL"],
        [6, "0", 1, 0.0, "EE"], [22, "1", 2, 1.0, "FI,IE"], [23, "0", 1, 0.0, "AU"],
        [24, "1", 2, 1.0, "FR,SE"], [31, "0", 1, 0.0, "DE"], [32, "1", 4, 1.0, "BE,CZ,NL,UK"]]
    # [TT] truthTable(LC, SURV, complete = TRUE): 32 rows, the other 23 are remainders "?"
    assert len(tt.table) == 32
    assert (tt.table.loc[tt.table.n_cases == 0, "out"] == "?").sum() == 23


def test_lc_conservative() -> None:
    # [MIN] minimize(ttLC, details = TRUE, show.cases = TRUE)
    sol = qca.minimize(qca.truth_table(LC, outcome="SURV"))
    assert str(sol) == "M1: DEV*~URB*LIT*STB + DEV*LIT*IND*STB"
    assert _rounded(sol.terms, ["term", "consistency", "pri", "raw_coverage", "unique_coverage", "cases"]) == [
        ["DEV*~URB*LIT*STB", 1.0, 1.0, 0.5, 0.25, "FI,IE; FR,SE"],
        ["DEV*LIT*IND*STB", 1.0, 1.0, 0.75, 0.5, "FR,SE; BE,CZ,NL,UK"]]
    assert _rounded(sol.models, ["consistency", "pri", "coverage"]) == [[1.0, 1.0, 1.0]]


def test_lc_parsimonious_and_its_simplifying_assumptions() -> None:
    # [MIN] pLC: M1: DEV*STB, inclS 1.000 PRI 1.000 covS 1.000; pLC$SA rows 18, 20, 26, 28, 30
    sol = qca.minimize(qca.truth_table(LC, outcome="SURV"), solution="parsimonious")
    assert sol.expressions == ["DEV*STB"]
    assert _rounded(sol.terms, ["consistency", "pri", "raw_coverage", "cases"]) == [
        [1.0, 1.0, 1.0, "FI,IE; FR,SE; BE,CZ,NL,UK"]]
    sa = sol.simplifying_assumptions()
    assert sa["row"].tolist() == [18, 20, 26, 28, 30]
    assert sa[["DEV", "URB", "LIT", "IND", "STB"]].values.tolist() == [
        [1, 0, 0, 0, 1], [1, 0, 0, 1, 1], [1, 1, 0, 0, 1], [1, 1, 0, 1, 1], [1, 1, 1, 0, 1]]


def test_lc_negated_outcome() -> None:
    # [MIN] minimize(ttLCn): M1: ~DEV*~URB*~IND + DEV*LIT*IND*~STB
    tt = qca.truth_table(LC, outcome="~SURV")
    assert qca.minimize(tt).expressions == ["~DEV*~URB*~IND + DEV*LIT*IND*~STB"]
    # [MIN] minimize(ttLCn, include = "?"): ~DEV + ~STB, covS 0.800 / 0.700, covU 0.300 / 0.200
    sol = qca.minimize(tt, solution="parsimonious")
    assert sol.expressions == ["~DEV + ~STB"]
    assert _rounded(sol.terms, ["consistency", "raw_coverage", "unique_coverage", "cases"]) == [
        [1.0, 0.8, 0.3, "GR,PT,ES; IT,RO; HU,PL; EE"], [1.0, 0.7, 0.2, "GR,PT,ES; HU,PL; AU; DE"]]


# ------------------------------------------------------------------ Lipset, fuzzy (LF)


def test_lf_at_incl_cut_0_7() -> None:
    # [MIN] ttLF <- truthTable(LF, SURV, incl.cut = 0.7); minimize(ttLF, details = TRUE)
    tt = qca.truth_table(LF, outcome="SURV", incl_cut=0.7)
    sol = qca.minimize(tt)
    assert sol.expressions == ["DEV*~URB*LIT*STB + DEV*LIT*IND*STB"]
    assert _rounded(sol.terms, ["consistency", "pri", "raw_coverage", "unique_coverage", "cases"]) == [
        [0.809, 0.761, 0.433, 0.196, "FI,IE; FR,SE"], [0.843, 0.821, 0.622, 0.385, "FR,SE; BE,CZ,NL,UK"]]
    assert _rounded(sol.models, ["consistency", "pri", "coverage"]) == [[0.871, 0.851, 0.818]]
    # [MIN] minimize(ttLF, include = "?"): DEV*STB 0.869 0.848 0.824
    par = qca.minimize(tt, solution="parsimonious")
    assert par.expressions == ["DEV*STB"]
    assert _rounded(par.models, ["consistency", "pri", "coverage"]) == [[0.869, 0.848, 0.824]]
    # [MIN] minimize(ttLF, include = "?", dir.exp = "1,1,1,1,1"): From C1P1: DEV*LIT*STB 0.869 0.848 0.824
    inter = qca.minimize(tt, solution="intermediate", directional=["DEV", "URB", "LIT", "IND", "STB"])
    assert str(inter) == "From C1P1:\nM1: DEV*LIT*STB"
    assert _rounded(inter.terms, ["consistency", "pri", "raw_coverage", "cases"]) == [
        [0.869, 0.848, 0.824, "FI,IE; FR,SE; BE,CZ,NL,UK"]]


def test_lf_at_incl_cut_0_8() -> None:
    # [DOC] ttLF <- truthTable(LF, "SURV", incl.cut = 0.8): "n OUT = 1/0/C: 6/12/0"
    tt = qca.truth_table(LF, outcome="SURV", incl_cut=0.8)
    seen = tt.table[tt.table.n_cases > 0]
    assert seen.loc[seen.out == "1", "n_cases"].sum() == 6
    assert seen.loc[seen.out == "0", "n_cases"].sum() == 12
    # [DOC] minimize(ttLF, details = TRUE). That QCA version printed, of two terms of equal
    # length, the one with a present condition first (DEV*URB*... before DEV*~URB*...); the
    # current one, whose order [MIN] shows and this module follows, the negated one first.
    sol = qca.minimize(tt)
    assert sol.expressions == ["DEV*~URB*LIT*~IND*STB + DEV*URB*LIT*IND*STB"]
    assert _by_term(sol.terms, ["consistency", "pri", "raw_coverage", "unique_coverage", "cases"]) == {
        "DEV*URB*LIT*IND*STB": [0.904, 0.886, 0.454, 0.393, "BE,CZ,NL,UK"],
        "DEV*~URB*LIT*~IND*STB": [0.804, 0.719, 0.265, 0.204, "FI,IE"]}
    assert _rounded(sol.models, ["consistency", "pri", "coverage"]) == [[0.870, 0.843, 0.658]]
    # [DOC] minimize(ttLF, include = "?", details = TRUE)
    par = qca.minimize(tt, solution="parsimonious")
    assert par.expressions == ["DEV*~IND + URB*STB"]
    assert _rounded(par.terms, ["consistency", "pri", "raw_coverage", "unique_coverage"]) == [
        [0.815, 0.721, 0.284, 0.194], [0.874, 0.845, 0.520, 0.430]]
    assert _rounded(par.models, ["consistency", "pri", "coverage"]) == [[0.850, 0.819, 0.714]]
    # [DOC] minimize(ttLF, include = "?", dir.exp = "DEV, URB, LIT, IND, STB")
    inter = qca.minimize(tt, solution="intermediate", directional={c: 1 for c in ["DEV", "URB", "LIT", "IND", "STB"]})
    assert inter.expressions == ["DEV*URB*LIT*STB + DEV*LIT*~IND*STB"]
    assert _rounded(inter.terms, ["consistency", "pri", "raw_coverage", "unique_coverage", "cases"]) == [
        [0.901, 0.879, 0.468, 0.378, "BE,CZ,NL,UK"], [0.814, 0.721, 0.282, 0.191, "FI,IE"]]
    assert _rounded(inter.models, ["consistency", "pri", "coverage"]) == [[0.866, 0.839, 0.660]]


def test_lf_intermediate_keeps_literals_without_expectation() -> None:
    # [DOC] dir.exp = "DEV, STB, ~LIT*IND" gives DEV*URB*STB + DEV*~IND*STB with the same fit;
    # the conjunctural expectation ~LIT*IND is R's extension, so here only DEV and STB are
    # given and LIT, IND, URB are left without expectation: the literals on them stay.
    tt = qca.truth_table(LF, outcome="SURV", incl_cut=0.8)
    inter = qca.minimize(tt, solution="intermediate", directional={"DEV": 1, "STB": 1})
    assert inter.expressions == ["DEV*~URB*LIT*~IND*STB + DEV*URB*LIT*IND*STB"]


# ------------------------------------------------------------------ Krook, crisp (d.represent)


def test_krook_conservative() -> None:
    # [MIN] Kro.sc <- minimize(truthTable(d.represent, outcome = WNP))
    sol = qca.minimize(qca.truth_table(KROOK, outcome="WNP"))
    assert sol.expressions == ["~ES*~WS*WM*LP + ES*QU*~WS*WM + ES*QU*~WS*LP + ES*WS*~WM*~LP + ES*WS*WM*LP"]


def test_krook_parsimonious_has_two_tied_models() -> None:
    # [MIN] Kro.sp <- minimize(d.represent, outcome = "WNP", include = "?", details = TRUE)
    sol = qca.minimize(qca.truth_table(KROOK, outcome="WNP"), solution="parsimonious")
    assert str(sol) == ("M1: WS + ES*WM + QU*LP + (~ES*LP)\n"
                        "M2: WS + ES*WM + QU*LP + (WM*LP)")
    pis = sol.prime_implicants
    # [MIN] Kro.sp$PIchart: the seven prime implicants in R's order, and what each covers
    assert pis["term"].tolist() == ["WS", "~ES*LP", "ES*WM", "QU*LP", "WM*LP", "ES*~QU*~LP", "~QU*~WM*~LP"]
    assert list(sol.chart.columns) == [4, 12, 21, 24, 26, 27, 28, 29, 32]
    assert ["".join("x" if v else "-" for v in row) for row in sol.chart.to_numpy()] == [
        "--xx---xx", "xx-------", "---x-xx-x", "-x--x-x-x", "xx-x--x-x", "--x------", "--x------"]
    # [MIN] inclS, PRI, covS and covU (against every implicant in some model) of the five used
    used = pis[pis.n_models > 0]
    assert _rounded(used, ["term", "consistency", "pri", "raw_coverage", "unique_coverage"]) == [
        ["WS", 1.0, 1.0, 0.455, 0.182], ["~ES*LP", 1.0, 1.0, 0.182, 0.0], ["ES*WM", 1.0, 1.0, 0.545, 0.091],
        ["QU*LP", 1.0, 1.0, 0.545, 0.091], ["WM*LP", 1.0, 1.0, 0.636, 0.0]]
    # [MIN] the (M1) and (M2) columns: unique coverage within each model
    within = sol.terms.pivot(index="term", columns="model", values="unique_coverage").round(3)
    assert within.loc["WS"].tolist() == [0.182, 0.182]
    assert within.loc["ES*WM"].tolist() == [0.091, 0.091]
    assert within.loc["~ES*LP", "M1"] == 0.091 and within.loc["WM*LP", "M2"] == 0.091
    assert _rounded(sol.models, ["consistency", "pri", "coverage"]) == [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]


def test_krook_necessity() -> None:
    # [POF] pof(x, WNP): inclN, RoN, covN for ES QU WS WM LP
    got = qca.necessity(KROOK, outcome="WNP", conditions=["ES", "QU", "WS", "WM", "LP"])
    assert _rounded(got, ["consistency", "relevance", "coverage"]) == [
        [0.818, 0.692, 0.692], [0.727, 0.429, 0.5], [0.455, 1.0, 1.0], [0.727, 0.571, 0.571], [0.727, 0.929, 0.889]]
    # [POF] pof(1 - x, WNP)
    got = qca.necessity(KROOK, outcome="WNP", conditions=["~ES", "~QU", "~WS", "~WM", "~LP"])
    assert _rounded(got, ["consistency", "relevance", "coverage"]) == [
        [0.182, 0.65, 0.222], [0.273, 0.842, 0.5], [0.545, 0.312, 0.353], [0.273, 0.737, 0.375],
        [0.273, 0.474, 0.231]]
    # [POF] pof(x, 1 - WNP) and pof(1 - x, 1 - WNP)
    got = qca.necessity(KROOK, outcome="~WNP", conditions=["ES", "QU", "WS", "WM", "LP"])
    assert _rounded(got, ["consistency", "relevance", "coverage"]) == [
        [0.364, 0.5, 0.308], [0.727, 0.429, 0.5], [0.0, 0.773, 0.0], [0.545, 0.5, 0.429], [0.091, 0.619, 0.111]]
    got = qca.necessity(KROOK, outcome="~WNP", conditions=["~ES", "~QU", "~WS", "~WM", "~LP"])
    assert _rounded(got, ["consistency", "relevance", "coverage"]) == [
        [0.636, 0.867, 0.778], [0.273, 0.842, 0.5], [1.0, 0.455, 0.647], [0.455, 0.824, 0.625],
        [0.909, 0.75, 0.769]]


# ------------------------------------------------------------------ calibration


def _r_rnorm(seed: int, n: int, mean: float = 0.0, sd: float = 1.0) -> list[float]:
    """R's ``set.seed(seed); rnorm(n, mean, sd)`` (Mersenne-Twister, inversion; R >= 3.6)."""
    s = seed & 0xFFFFFFFF
    for _ in range(50):  # R's initial scrambling (RNG.c, RNG_Init)
        s = (69069 * s + 1) & 0xFFFFFFFF
    state = []
    for _ in range(625):
        s = (69069 * s + 1) & 0xFFFFFFFF
        state.append(s)
    rng = random.Random()
    rng.setstate((3, (*state[1:], 624), None))
    big = 134217728  # 2**27, as R's norm_rand (INVERSION)
    out = []
    for _ in range(n):
        u = rng.getrandbits(32) * 2.3283064365386963e-10
        u = int(big * u) + rng.getrandbits(32) * 2.3283064365386963e-10
        out.append(mean + sd * NormalDist().inv_cdf(u / big))
    return out


def test_the_r_random_numbers_are_reproduced() -> None:
    # the first values of set.seed(12345); rnorm(3), as R prints them (7 digits)
    assert [round(v, 7) for v in _r_rnorm(12345, 3)] == [0.5855288, 0.7094660, -0.1093033]


def test_calibrate_matches_r_on_heights() -> None:
    # [CAL] set.seed(12345); y <- rnorm(100, 175, 10); calibrate(y, thresholds = "e=165, c=175, i=185")
    y = np.array(_r_rnorm(12345, 100, 175, 10))
    got = qca.calibrate(y, full=185, crossover=175, non=165)
    assert got[:10] == pytest.approx([0.8486502644, 0.8898274110, 0.4202281368, 0.2082848994, 0.8561899153,
                                      0.0047122780, 0.8647466321, 0.3072074727, 0.3022321494, 0.0625681594],
                                     abs=1e-10)
    assert got[95:] == pytest.approx([0.8832741318, 0.1843619389, 0.9982619889, 0.1460320773, 0.1145534714],
                                     abs=1e-10)
    # [CAL] the decreasing set, thresholds = "i=165, c=175, e=185"
    short = qca.calibrate(y, full=165, crossover=175, non=185)
    assert short[:6] == pytest.approx([0.151349736, 0.110172589, 0.579771863, 0.791715101, 0.143810085,
                                       0.995287722], abs=1e-9)
    # [CAL] crisp: calibrate(y, type = "crisp", thresholds = 175) and c(170, 180)
    assert qca.calibrate_crisp(y, 175)[:12].tolist() == [1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1]
    assert qca.calibrate_crisp(y, [170, 180])[:12].tolist() == [2, 2, 1, 1, 2, 0, 2, 1, 1, 0, 1, 2]


def test_calibrate_matches_r_with_another_degree_and_asymmetric_anchors() -> None:
    # [CAL] set.seed(30); x <- rnorm(30); th <- quantile(x, seq(0.1, 0.9, length = 5))
    x = np.array(_r_rnorm(30, 30))
    th = np.quantile(x, np.linspace(0.1, 0.9, 5))  # R's default quantile type 7
    # calibrate(x, type = "fuzzy", thresholds = c(th[1], th[3], th[5]), idm = 0.99)
    up = qca.calibrate(x, full=th[4], crossover=th[2], non=th[0], degree=0.99)
    assert up[:6] == pytest.approx([0.020288733, 0.636282022, 0.501320982, 0.996739141, 0.999434666,
                                    0.006653074], abs=1e-9)
    # calibrate(x, type = "fuzzy", thresholds = c(th[5], th[3], th[1]), idm = 0.99)
    down = qca.calibrate(x, full=th[0], crossover=th[2], non=th[4], degree=0.99)
    assert down[:5] == pytest.approx([0.9797112671, 0.3637179783, 0.4986790179, 0.0032608587, 0.0005653343],
                                     abs=1e-10)
    # calibrate(x, type = "crisp", thresholds = th[3])
    assert qca.calibrate_crisp(x, th[2])[:10].tolist() == [0, 1, 1, 1, 1, 0, 1, 0, 0, 1]
