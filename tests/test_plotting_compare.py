"""The comparison figures: implementation over agreement age, and the sector × case matrix."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from sistercity import model
from sistercity.cases import CaseSet
from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.plotting import MATRIX_STYLES, plot_age_trajectory, plot_coverage_matrix

SEED = ["bogor-kisarazu", "bandung-suwon", "baubau-seoul", "surabaya-kochi"]


def _case(cid: str, title: str, signed: str | None, levels: list[tuple[str, int]],
          sectors: tuple[str, ...] = ("education", "culture", "tourism")) -> model.Case:
    """A case whose first commitment is observed at ``levels`` (date, level); one commitment per sector."""
    return model.Case(
        id=cid, title=title,
        actors=[dict(id="a", name="A", level="subnational", kind="government", country="ID"),
                dict(id="b", name="B", level="subnational", kind="government", country="JP")],
        agreements=[dict(id="agr", kind="memorandum_of_understanding", parties=["a", "b"], signed=signed,
                         sectors=list(sectors))],
        commitments=[dict(id=f"c-{s}", agreement="agr", sector=s, title=s) for s in sectors[:-1]],
        observations=[dict(commitment=f"c-{sectors[0]}", date=d, level=lv) for d, lv in levels],
    )


def _many() -> CaseSet:
    cases = [
        _case("old", "An agreement of 2010", "2010-03", [("2011", 1), ("2013", 3)]),
        _case("new", "An agreement of 2016", "2016-11-18", [("2018-01", 2)], ("health", "tourism")),
        _case("year", "Signed some time in 2012", "2012", [("2012-06", 0), ("2015", 2)]),
        _case("unsigned", "No signing date on record", None, [("2014", 3)]),
    ]
    return CaseSet(cases)


def _long() -> CaseSet:
    title = "A partnership with a very long title that goes on " * 3
    return CaseSet({"long": _case("long", title, "2015", [("2016", 2)],
                                  ("science_technology", "environment", "education"))})


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path


def _save(ax: object, path: Path) -> None:
    fig = ax.get_figure()  # type: ignore[attr-defined]
    fig.savefig(path, dpi=80)
    assert path.stat().st_size > 2000


def test_age_trajectory_draws_each_case_and_leaves_no_data_undrawn(out_dir: Path) -> None:
    cs = _many()
    ax = plot_age_trajectory(cs, ages=[0, 1, 2, 3, 4, 5])
    _save(ax, out_dir / "age_many.png")
    solid = [ln for ln in ax.get_lines() if ln.get_linestyle() == "-"]
    assert len(solid) == 3  # the unsigned case has no line
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "No signing date on record (no data)" in texts
    # no data is a gap, never 0: the 2010 case has nothing observed in its first year
    old = solid[0]
    y = np.asarray(old.get_ydata(), dtype=float)
    assert np.isnan(y[0]) and np.isnan(y[1]) and y[2] == pytest.approx(1 / 3)  # level 1 of the one observed commitment
    frame = cs.compare(age=[0, 1, 2, 3, 4, 5])
    rates = frame[frame["case"] == "old"]["rate"].to_numpy()
    np.testing.assert_array_equal(y, rates)


def test_age_trajectory_with_one_case_with_seed_cases_and_long_labels(out_dir: Path) -> None:
    _save(plot_age_trajectory(CaseSet.from_datasets(["bogor-kisarazu"]), ages=[0, 0.5, 1, 1.5, 2, 2.5]),
          out_dir / "age_one.png")
    ax = plot_age_trajectory(CaseSet.from_datasets(SEED), ages=[0, 1, 2, 3])
    _save(ax, out_dir / "age_seed.png")
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert sum(t.endswith("(no data)") for t in texts) == 3
    ax = plot_age_trajectory(_long(), ages=[0, 1, 2])
    _save(ax, out_dir / "age_long.png")
    assert all(len(line) <= 46 for t in ax.get_legend().get_texts() for line in t.get_text().splitlines())


def test_age_trajectory_takes_the_compare_table_and_refuses_other_things() -> None:
    cs = _many()
    table = cs.compare(age=[0, 1, 2])
    ax = plot_age_trajectory(table)
    assert len([ln for ln in ax.get_lines() if ln.get_linestyle() == "-"]) == 3
    with pytest.raises(ArgumentTypeError):
        plot_age_trajectory([1, 2])  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="lacks the column"):
        plot_age_trajectory(table.drop(columns="observed_share"))
    with pytest.raises(ArgumentError, match="whole months"):
        plot_age_trajectory(cs, ages=[0.1])


def test_coverage_matrix_states_are_told_apart(out_dir: Path) -> None:
    cs = CaseSet.from_datasets(SEED)
    ax = plot_coverage_matrix(cs, at="2018")
    _save(ax, out_dir / "matrix_seed.png")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["implemented", "below threshold", "no data", "gap (agreed, no commitment)", "not agreed"]
    faces = {(round(p.get_x() + 0.5), round(p.get_y() + 0.5)): (p.get_facecolor(), p.get_hatch())
             for p in ax.patches}
    styles = {(f, h) for f, h in faces.values()}
    assert len(styles) == 5  # five states, five looks
    m = cs.sector_matrix(at="2018")
    assert [t.get_text() for t in ax.get_yticklabels()] == list(dict.fromkeys(m["label"]))
    assert next(t.get_text().replace("\n", " ") for t in ax.get_xticklabels()).startswith("Bogor–Kisarazu")
    assert MATRIX_STYLES["no_data"][2] == "..."


def test_coverage_matrix_one_case_many_cases_long_labels_and_age(out_dir: Path) -> None:
    _save(plot_coverage_matrix(CaseSet.from_datasets(["bogor-kisarazu"])), out_dir / "matrix_one.png")
    ax = plot_coverage_matrix(_many(), age=2)
    _save(ax, out_dir / "matrix_many.png")
    assert ax.get_title() == "Sector coverage by case at 2 years after signing"
    texts = [t.get_text() for t in ax.texts]
    assert "?/1" in texts  # the unsigned case: its commitments' level at two years is unknown
    ax = plot_coverage_matrix(_long(), at="2020")
    _save(ax, out_dir / "matrix_long.png")
    assert max(len(line) for t in ax.get_xticklabels() for line in t.get_text().splitlines()) <= 40
    with pytest.raises(ArgumentTypeError):
        plot_coverage_matrix("bogor-kisarazu")  # type: ignore[arg-type]
    _, given = plt.subplots()
    assert plot_coverage_matrix(cs := _many(), ax=given) is given
    assert len(given.patches) == len(cs.sector_matrix())
