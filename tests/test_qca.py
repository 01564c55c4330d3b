"""sistercity.qca: the public API's behaviour, its output columns and its errors."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from sistercity import qca
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError

DATA = pd.DataFrame({"A": [1, 1, 0, 0, 1], "B": [1, 0, 1, 0, 1], "C": [0, 1, 1, 0, 0], "Y": [1, 0, 0, 0, 1]},
                    index=["p", "q", "r", "s", "t"])


def test_public_names_exist_and_are_documented() -> None:
    for name in qca.__all__:
        assert (getattr(qca, name).__doc__ or "").strip(), name


def test_importing_qca_does_not_import_matplotlib() -> None:
    code = "import sys, sistercity.qca; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_truth_table_columns_and_remainders() -> None:
    tt = qca.truth_table(DATA, outcome="Y")
    assert list(tt.table.columns) == ["row", "A", "B", "C", "out", "n_cases", "consistency", "pri", "coverage",
                                      "contradictory", "cases"]
    assert tt.table["row"].tolist() == list(range(1, 9))
    assert list(tt.table["out"].cat.categories) == list(qca.OUT_VALUES)
    remainders = tt.table[tt.table.n_cases == 0]
    assert (remainders["out"] == "?").all() and remainders["consistency"].isna().all()
    assert tt.conditions == ("A", "B", "C") and not tt.fuzzy
    assert tt.table.loc[tt.table.row == 7, "cases"].item() == "p,t"
    assert "p,t" in str(tt)


def test_only_observed_rows_are_listed_beyond_twelve_conditions() -> None:
    rng = np.random.default_rng(3)
    wide = pd.DataFrame(rng.integers(0, 2, size=(30, 14)), columns=[f"X{i}" for i in range(13)] + ["Y"])
    tt = qca.truth_table(wide, outcome="Y", incl_cut=0.5)
    assert qca.COMPLETE_UP_TO == 12
    assert (tt.table["n_cases"] > 0).all() and tt.table["n_cases"].sum() == 30


def test_n_cut_and_the_two_cut_offs() -> None:
    data = pd.DataFrame({"A": [1, 1, 1, 0, 0], "Y": [1, 1, 0, 0, 0]})
    tt = qca.truth_table(data, outcome="Y", incl_cut=(0.9, 0.5))
    assert tt.table["out"].tolist() == ["0", "C"]
    assert tt.table["contradictory"].tolist() == [False, True]
    assert qca.truth_table(data, outcome="Y", incl_cut=0.6).table["out"].tolist() == ["0", "1"]
    assert qca.truth_table(data, outcome="Y", incl_cut=0.6, n_cut=4).table["out"].tolist() == ["?", "?"]
    assert qca.truth_table(data, outcome="Y", incl_cut=0.6, pri_cut=0.9).table["out"].tolist() == ["0", "0"]


def test_bad_data_is_reported_cell_by_cell() -> None:
    bad = pd.DataFrame({"A": [0.2, 1.4, np.nan], "B": ["x", 0.5, 1], "Y": [1, 0, 1]})
    with pytest.raises(CaseValidationError) as err:
        qca.truth_table(bad, outcome="Y")
    paths = [p.path for p in err.value.problems]
    assert paths == ["data[2].A", "data[1].A", "data[0].B"]
    assert "no data is not 0" in str(err.value)


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"outcome": "Z"}, ArgumentError, "no column 'Z'"),
    ({"outcome": "Y", "conditions": ["A", "A"]}, ArgumentError, "distinct"),
    ({"outcome": "Y", "conditions": ["Y", "A"]}, ArgumentError, "cannot also be a condition"),
    ({"outcome": "Y", "conditions": "A"}, ArgumentTypeError, "list of column names"),
    ({"outcome": "Y", "incl_cut": 1.5}, ArgumentError, r"\[0, 1\]"),
    ({"outcome": "Y", "incl_cut": (0.5, 0.8)}, ArgumentError, "must not exceed"),
    ({"outcome": "Y", "n_cut": 0}, ArgumentError, "n_cut"),
    ({"outcome": 3}, ArgumentTypeError, "outcome"),
    ({}, ArgumentError, "outcome is required"),
])
def test_truth_table_argument_errors(kwargs: dict[str, object], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        qca.truth_table(DATA, **kwargs)  # type: ignore[arg-type]


def test_names_must_fit_the_notation() -> None:
    with pytest.raises(ArgumentError, match="without spaces"):
        qca.truth_table(DATA.rename(columns={"A": "A B"}), outcome="Y")
    with pytest.raises(ArgumentTypeError, match="DataFrame"):
        qca.truth_table([[1, 0]], outcome="Y")
    with pytest.raises(ArgumentError, match="no rows"):
        qca.truth_table(DATA.iloc[:0], outcome="Y")


def test_minimize_output_frames() -> None:
    sol = qca.minimize(qca.truth_table(DATA, outcome="Y"))
    assert str(sol) == "M1: A*B*~C"
    assert list(sol.models.columns) == ["origin", "model", "expression", "n_terms", "consistency", "pri", "coverage"]
    assert list(sol.terms.columns) == ["origin", "model", "term", "essential", "consistency", "pri", "raw_coverage",
                                       "unique_coverage", "cases"]
    assert list(sol.prime_implicants.columns) == ["term", "n_literals", "consistency", "pri", "raw_coverage",
                                                  "unique_coverage", "essential", "n_models"]
    assert sol.chart.index.tolist() == ["A*B*~C"] and sol.chart.columns.tolist() == [7]
    assert sol.simplifying_assumptions().empty and sol.easy_counterfactuals.empty
    par = qca.minimize(qca.truth_table(DATA, outcome="Y"), solution="parsimonious")
    # three one-term models tie; no term is in all of them, so each is bracketed (R's layout)
    assert par.expressions == ["(A*B)", "(A*~C)", "(B*~C)"]
    assert par.terms["term"].tolist() == ["A*B", "A*~C", "B*~C"] and not par.terms["essential"].any()
    assert par.simplifying_assumptions()["row"].tolist() == [8, 5, 3]


def test_minimize_errors() -> None:
    tt = qca.truth_table(DATA, outcome="Y")
    with pytest.raises(ArgumentTypeError, match="TruthTable"):
        qca.minimize(DATA)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="solution"):
        qca.minimize(tt, solution="complex")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="intermediate solution only"):
        qca.minimize(tt, directional=["A"])
    with pytest.raises(ArgumentError, match="needs directional"):
        qca.minimize(tt, solution="intermediate")
    with pytest.raises(ArgumentError, match="unknown condition"):
        qca.minimize(tt, solution="intermediate", directional=["D"])
    with pytest.raises(ArgumentError, match="two expectations"):
        qca.minimize(tt, solution="intermediate", directional=["A", "~A"])
    with pytest.raises(ArgumentError, match="1 \\(presence\\)"):
        qca.minimize(tt, solution="intermediate", directional={"A": 2})
    with pytest.raises(ArgumentTypeError):
        qca.minimize(tt, solution="intermediate", directional="A")
    none = qca.truth_table(DATA.assign(Y=0), outcome="Y")
    with pytest.raises(ArgumentError, match="no positive row"):
        qca.minimize(none)


def test_directional_forms_agree() -> None:
    tt = qca.truth_table(DATA, outcome="Y")
    a = qca.minimize(tt, solution="intermediate", directional=["A", "B", "~C"])
    b = qca.minimize(tt, solution="intermediate", directional={"A": 1, "B": "1", "C": 0})
    c = qca.minimize(tt, solution="intermediate", directional={"A": 1, "B": 1, "C": None})
    assert a.expressions == b.expressions
    assert c.models["origin"].tolist() == ["C1P1", "C1P2", "C1P3"]


def test_calibrate_keeps_series_and_missing_values() -> None:
    s = pd.Series([100.0, None, 900.0], index=["x", "y", "z"], name="gdp")
    got = qca.calibrate(s, full=900, crossover=550, non=350)
    assert isinstance(got, pd.Series) and got.index.tolist() == ["x", "y", "z"] and got.name == "gdp"
    assert np.isnan(got["y"]) and got["z"] == pytest.approx(0.95)
    crisp = qca.calibrate_crisp(s, 550)
    assert np.isnan(crisp["y"]) and crisp[["x", "z"]].tolist() == [0.0, 1.0]


@pytest.mark.parametrize(("call", "error"), [
    (lambda: qca.calibrate([1, 2], full=1, crossover=5, non=3), ArgumentError),
    (lambda: qca.calibrate([1, 2], full=5, crossover=3, non=1, degree=0.5), ArgumentError),
    (lambda: qca.calibrate("12", full=5, crossover=3, non=1), ArgumentTypeError),
    (lambda: qca.calibrate(["a"], full=5, crossover=3, non=1), ArgumentTypeError),
    (lambda: qca.calibrate([True], full=5, crossover=3, non=1), ArgumentTypeError),
    (lambda: qca.calibrate([float("inf")], full=5, crossover=3, non=1), ArgumentError),
    (lambda: qca.calibrate([1], full="5", crossover=3, non=1), ArgumentTypeError),
    (lambda: qca.calibrate_crisp([1, 2], []), ArgumentError),
    (lambda: qca.calibrate_crisp([1, 2], [3, 3]), ArgumentError),
    (lambda: qca.calibrate_crisp([1, 2], "3"), ArgumentTypeError),
])
def test_calibration_errors(call: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        call()  # type: ignore[operator]


def test_necessity_default_conditions_and_products() -> None:
    got = qca.necessity(DATA, outcome="Y")
    assert got["condition"].tolist() == ["A", "B", "C"]
    both = qca.necessity(DATA, outcome="Y", conditions=["A*B", "~C"])
    assert both["consistency"].tolist() == [1.0, 1.0]
    with pytest.raises(ArgumentError, match="no column 'D'"):
        qca.necessity(DATA, outcome="Y", conditions=["D"])
    with pytest.raises(ArgumentTypeError):
        qca.necessity(DATA, outcome="Y", conditions="A")
    with pytest.raises(ArgumentError, match="outcome is required"):
        qca.necessity(DATA)


def test_fit_of_an_empty_set_is_undefined_not_zero() -> None:
    data = pd.DataFrame({"A": [0, 0], "Y": [0, 0]})
    got = qca.necessity(data, outcome="Y").iloc[0]
    assert np.isnan(got["consistency"]) and np.isnan(got["coverage"])
