"""qca.xy_plot: condition against outcome membership, with the diagonal and the fit in the title."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import sistercity
from sistercity import qca
from sistercity.exceptions import ArgumentError, ArgumentTypeError

DATA = pd.DataFrame({"A": [0.9, 0.2, 0.7], "B": [0.8, 0.9, 0.1], "Y": [1.0, 0.3, 0.6]}, index=["p", "q", "r"])


def test_draws_points_the_diagonal_and_the_fit() -> None:
    ax = qca.xy_plot(DATA, "A", "Y")
    assert ax.get_title() == "A → Y (sufficiency): consistency 0.944, coverage 0.895"
    assert ax.get_xlabel() == "A" and ax.get_ylabel() == "Y"
    assert len(ax.collections[0].get_offsets()) == 3
    assert ax.lines[0].get_xydata().tolist() == [[0.0, 0.0], [1.0, 1.0]]


def test_necessity_products_negations_and_labels() -> None:
    nec = qca.necessity(DATA, outcome="Y", conditions=["A*~B"]).iloc[0]
    ax = qca.xy_plot(DATA, "A*~B", "Y", relation="necessity", labels=True)
    assert ax.get_title() == (f"A*~B ← Y (necessity): consistency {nec['consistency']:.3f}, "
                              f"coverage {nec['coverage']:.3f}")
    assert [t.get_text() for t in ax.texts] == ["p", "q", "r"]


def test_uses_the_given_axes_or_a_new_figure() -> None:
    fig, ax = plt.subplots()
    assert qca.xy_plot(DATA, "A", "~Y", ax=ax) is ax
    other = qca.xy_plot(DATA, "A", "Y")
    assert other.figure is not fig


def test_accepts_qca_data() -> None:
    d = qca.from_cases(sistercity.datasets.load("bogor-kisarazu"), at="2018")
    ax = qca.xy_plot(d, "~obstacle", "implemented", relation="necessity")
    assert ax.get_title().startswith("~obstacle ← implemented (necessity): consistency 1.000")


def test_errors() -> None:
    with pytest.raises(ArgumentTypeError, match="Axes"):
        qca.xy_plot(DATA, "A", "Y", ax="left")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="relation"):
        qca.xy_plot(DATA, "A", "Y", relation="both")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="no column 'Z'"):
        qca.xy_plot(DATA, "Z", "Y")
    with pytest.raises(ArgumentTypeError, match="DataFrame"):
        qca.xy_plot([1, 2], "A", "Y")
