"""Tests of the implementation and obstacle plots."""

from __future__ import annotations

import itertools
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from sistercity import ArgumentError, ArgumentTypeError, datasets
from sistercity import model as m
from sistercity import plotting as plots
from sistercity.implementation import sector_coverage, trajectory
from sistercity.obstacles import obstacle_counts


@pytest.fixture(scope="module")
def bogor() -> m.Case:
    return datasets.load("bogor-kisarazu")


def test_importing_the_plots_does_not_import_matplotlib() -> None:
    code = "import sys, sistercity.plotting._implementation; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_sector_coverage_plot(bogor: m.Case) -> None:
    cov = sector_coverage(bogor, at="2018")
    _fig, ax = plt.subplots()
    assert plots.plot_sector_coverage(cov, ax=ax) is ax
    assert ax.get_title() == "Agreed vs implemented sectors: 1 of 5 implemented"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Education", "Culture", "Tourism", "Agriculture",
                                                            "Health"]  # labels, as the tables show
    ids = plots.plot_sector_coverage(cov, ax=plt.subplots()[1], labels=False)
    assert [t.get_text() for t in ids.get_yticklabels()][:2] == ["education", "culture"]
    # one bar per sector, coloured by its coverage: a gap is told from a sector below the threshold
    drawn = {(round(p.get_y() + p.get_height() / 2), c.get_label())
             for c in ax.containers for p in c.patches if p.get_width() > 0}
    assert sorted(drawn) == [(0, "implemented"), (1, "gap (no commitment)"), (2, "below threshold"),
                             (3, "below threshold"), (4, "below threshold")]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "implemented", "below threshold", "gap (no commitment)"]
    assert ax.get_xlabel() == "agreements that name the sector"
    assert ax.get_xlim() == (0.0, 1.0)
    # at the end of 2017 nothing counts yet under the end rule except the December exchange (level 2)
    assert plots.plot_sector_coverage(bogor, at="2017", threshold=3).get_title().endswith("0 of 5 implemented")


def test_trajectory_plot(bogor: m.Case) -> None:
    traj = trajectory(bogor, by="sector")
    ax = plots.plot_trajectory(traj)
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == traj["group"].unique().tolist()
    education = lines[0]
    # the exchange's two sources disagree on 2017-12-14 (2 and 3): settled at 2 in both years
    assert list(education.get_ydata()) == pytest.approx([2 / 3, 2 / 3])
    other = plots.plot_trajectory(bogor, by="case", freq="QE", ax=plt.subplots()[1])
    assert [ln.get_label() for ln in other.get_lines()] == ["all"]


def test_status_heatmap(bogor: m.Case) -> None:
    # every commitment, whatever its status (by default only agreed ones are drawn)
    traj = trajectory(bogor, by="commitment", freq="QE", include="all")
    _fig, ax = plt.subplots()
    plots.plot_status_heatmap(traj, ax=ax)
    image = ax.get_images()[0]
    data = image.get_array()
    assert data.shape == (len(bogor.commitments), traj["date"].nunique())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "student-exchange"
    row = data[0]
    assert int(row[0]) == 2 and int(row[-1]) == 2  # the December 2017 exchange (sources disagree: 2 and 3)
    assert np.ma.getmaskarray(data)[labels.index("website-link")].all()  # never observed: no data


def test_obstacles_plot(bogor: m.Case) -> None:
    counts = obstacle_counts(bogor, at="2018")
    _fig, ax = plt.subplots()
    plots.plot_obstacles(counts, ax=ax, value="n_blocked")
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Geographic or climatic", "Capacity or supply", "Unspecified", "Cultural or linguistic"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Agriculture", "Health"]
    ids = plots.plot_obstacles(counts, ax=plt.subplots()[1], labels=False)
    assert [t.get_text() for t in ids.get_xticklabels()] == ["agriculture", "health"]
    assert sorted(t.get_text() for t in ax.texts) == ["1", "1", "1"]  # the challenge blocks nothing
    bar = ax.figure.axes[-1]  # the colour bar: counts 0 and 1, one colour each, integer ticks only
    assert [t.get_text() for t in bar.get_yticklabels()] == ["0", "1"]
    assert ax.get_images()[0].cmap.N == 2
    only = plots.plot_obstacles(bogor, kind="challenge", ax=plt.subplots()[1])
    assert [t.get_text() for t in only.get_yticklabels()] == ["Cultural or linguistic"]
    assert only.get_title().endswith("(challenges only)")


@pytest.mark.parametrize(("plot", "analysis", "compute"), [
    (plots.plot_sector_coverage, "sector_coverage", lambda c: sector_coverage(c)),
    (plots.plot_trajectory, "trajectory", lambda c: trajectory(c)),
    (plots.plot_status_heatmap, "trajectory", lambda c: trajectory(c, by="commitment")),
    (plots.plot_obstacles, "obstacle_counts", lambda c: obstacle_counts(c)),
])
def test_plots_compute_once_and_never_recompute(bogor: m.Case, monkeypatch: pytest.MonkeyPatch, plot: Any,
                                                analysis: str, compute: Callable[[m.Case], pd.DataFrame]) -> None:
    result = compute(bogor)
    calls: list[Any] = []
    module = sys.modules[plot.__module__]  # where the plot looks the analysis up
    original = getattr(module, analysis)

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, analysis, counting)
    plot(result, ax=plt.subplots()[1])
    assert calls == []  # a computed result is drawn as it is
    plot(bogor, ax=plt.subplots()[1])
    plot(bogor.tables, ax=plt.subplots()[1])
    assert len(calls) == 2  # once per call from a case or its tables


def test_plot_errors(bogor: m.Case) -> None:
    cov = sector_coverage(bogor)
    with pytest.raises(ArgumentError, match="lacks the column"):
        plots.plot_trajectory(cov)
    with pytest.raises(ArgumentError, match="apply only when computing sector_coverage"):
        plots.plot_sector_coverage(cov, at="2018")
    with pytest.raises(ArgumentTypeError, match="data must be a Case, CaseTables or the DataFrame"):
        plots.plot_obstacles([1, 2])
    with pytest.raises(ArgumentError, match="value must be one of"):
        plots.plot_obstacles(bogor, value="n")
    with pytest.raises(ArgumentError, match="kind must be None, 'obstacle' or 'challenge'; got 'risk'"):
        plots.plot_obstacles(bogor, kind="risk")
    with pytest.raises(ArgumentError, match="freq must be a pandas frequency"):
        plots.plot_trajectory(bogor, freq="h")
    with pytest.raises(ArgumentError, match="threshold must be a level"):
        plots.plot_sector_coverage(bogor, threshold=7)


@pytest.mark.parametrize("plot", [plots.plot_sector_coverage, plots.plot_trajectory, plots.plot_status_heatmap,
                                  plots.plot_obstacles])
@pytest.mark.parametrize("ax", ["x", [1], plt])
def test_an_ax_that_is_not_an_axes_is_a_type_error(bogor: m.Case, plot: Any, ax: Any) -> None:
    for data in (bogor, m.Case(id="e", title="Empty")):  # also where nothing is drawn
        with pytest.raises(ArgumentTypeError, match="ax must be a matplotlib Axes or None; got "):
            plot(data, ax=ax)


def test_empty_results_still_draw() -> None:
    empty = m.Case(id="e", title="Empty")
    for plot in (plots.plot_sector_coverage, plots.plot_trajectory, plots.plot_obstacles,
                 plots.plot_status_heatmap):
        ax = plot(empty, ax=plt.subplots()[1])
        assert ax.get_title()


def test_trajectory_places_a_reading_at_its_period_and_says_what_it_rests_on(bogor: m.Case) -> None:
    traj = trajectory(bogor, by="sector")
    ax = plots.plot_trajectory(traj)
    fmt = ax.xaxis.get_major_formatter()
    education = ax.get_lines()[0]
    assert [fmt(round(x), 0) for x in education.get_xdata()] == ["2017", "2018"]
    # each drawn point is annotated with k observed of n commitments
    assert sorted(t.get_text() for t in ax.texts) == sorted(
        f"{k}/{n}" for k, n, r in traj[["n_observed", "n_commitments", "rate"]].itertuples(index=False)
        if pd.notna(r))
    plt.close(ax.figure)


def test_trajectory_ticks_do_not_run_together(bogor: m.Case) -> None:
    traj = trajectory(bogor, by="case", freq="ME")
    ax = plots.plot_trajectory(traj)
    fig = ax.figure
    fig.canvas.draw()
    low, high = ax.get_xlim()
    shown = [t for t in ax.get_xticklabels() if t.get_text() and low <= t.get_position()[0] <= high]
    assert 2 <= len(shown) <= 8
    boxes = sorted((t.get_window_extent() for t in shown), key=lambda b: b.x0)
    assert all(a.x1 < b.x0 for a, b in itertools.pairwise(boxes))
    assert all(len(t.get_text()) == len("2017-01") for t in shown)
    plt.close(fig)


def _drawn(ax: Any) -> tuple[list[Any], np.ndarray, Any]:
    """After drawing: the k/n labels' boxes, the drawn markers' centres (pixels), the Axes' box."""
    ax.figure.canvas.draw()
    boxes = [t.get_window_extent() for t in ax.texts]
    centres = []
    for line in ax.get_lines():
        xy = ax.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]))
        every = line.get_markevery()
        keep = np.isfinite(xy).all(axis=1)
        if every is not None:
            chosen = np.zeros(len(xy), bool)
            chosen[list(every)] = True
            keep &= chosen
        centres.append(xy[keep])
    return boxes, np.vstack(centres) if centres else np.empty((0, 2)), ax.get_window_extent()


def _six_groups_meeting() -> m.Case:
    # six commitments in six sectors, every one at level 1 in 2017 and 2018: six lines on one another
    sectors = ["education", "culture", "tourism", "agriculture", "health", "environment"]
    return m.Case(
        id="meet", title="Meet",
        actors=[dict(id="a", name="A", level="subnational", country="ID"),
                dict(id="b", name="B", level="subnational", country="JP")],
        agreements=[dict(id="loi", kind="letter_of_intent", parties=["a", "b"], sectors=sectors)],
        commitments=[dict(id=s, agreement="loi", sector=s, title=s) for s in sectors],
        observations=[dict(commitment=s, date=y, level=1) for s in sectors for y in ("2017", "2018")],
    )


@pytest.mark.parametrize(("source", "options"), [
    ("bogor", {"by": "sector"}),
    ("bogor", {"by": "agreement", "freq": "ME"}),
    ("bogor", {"by": "sector", "freq": "W"}),
    ("meet", {"by": "sector"}),
])
def test_trajectory_labels_overlap_no_label_marker_or_edge(bogor: m.Case, source: str,
                                                           options: dict[str, str]) -> None:
    case = bogor if source == "bogor" else _six_groups_meeting()
    traj = trajectory(case, **options)  # type: ignore[arg-type]
    ax = plots.plot_trajectory(traj)  # the default figure size
    boxes, centres, frame = _drawn(ax)
    assert boxes  # something is said of what each line rests on
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)
    r = 3.0 * ax.figure.dpi / 72  # a 6-point marker's radius
    for box in boxes:
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        inside = ((centres[:, 0] > box.x0 - r) & (centres[:, 0] < box.x1 + r)
                  & (centres[:, 1] > box.y0 - r) & (centres[:, 1] < box.y1 + r))
        assert not inside.any()
    # the first reading of each line, and each change of k/n, is labelled when there is room
    drawn = traj[traj["rate"].notna()]
    if options.get("freq") is None:
        assert len(ax.texts) == len(drawn)
    plt.close(ax.figure)


def test_lines_that_meet_are_drawn_side_by_side_within_their_period() -> None:
    ax = plots.plot_trajectory(_six_groups_meeting(), by="sector")
    xs = np.array([line.get_xdata() for line in ax.get_lines()], dtype=float)  # 6 lines x 2 periods
    assert len({tuple(x) for x in xs}) == 6  # no two lines share a position
    assert (np.abs(xs - np.round(xs)) <= 0.25).all() and (np.round(xs) == [0, 1]).all()
    _boxes, centres, _ = _drawn(ax)
    gaps = np.diff(np.sort(centres[:, 0].reshape(6, 2), axis=0), axis=0)
    assert (gaps >= 6.0 * ax.figure.dpi / 72).all()  # markers 6 points wide do not cover each other
    plt.close(ax.figure)


def test_status_heatmap_labels_periods_and_keeps_them_apart(bogor: m.Case) -> None:
    yearly = plots.plot_status_heatmap(bogor)
    assert [t.get_text() for t in yearly.get_xticklabels()] == ["2017", "2018"]  # year-end readings
    plt.close(yearly.figure)
    ax = plots.plot_status_heatmap(trajectory(bogor, by="commitment", freq="W"))
    ax.figure.canvas.draw()
    shown = [t for t in ax.get_xticklabels() if t.get_text()]
    assert 2 <= len(shown) <= 16
    boxes = sorted((t.get_window_extent() for t in shown), key=lambda b: b.x0)
    assert all(a.x1 < b.x0 for a, b in itertools.pairwise(boxes))
    plt.close(ax.figure)


def _long_many_one(bogor: m.Case, kind: str) -> m.Case:
    """The bundled case, with long titles, with many commitments (14, in two sectors), or with one."""
    from test_plotting_figures import _variant
    from test_report import _many

    if kind == "bundled":
        return bogor
    if kind == "long":
        return _variant(bogor, "long")
    if kind == "many":
        return _many(14)
    d = _many(1).to_dict()  # one commitment, observed in 2017 and 2018, with the exchange's title
    d["commitments"][0]["title"] = bogor.commitments[0].title
    return m.Case.model_validate(d)


def _expected(case: m.Case, by: str, group: str) -> str:
    """What the tables show for a group: the title or the sector label, one line, cut to 38 characters."""
    if by == "sector":
        return case.sector_vocabulary[group].label
    items = case.agreements if by == "agreement" else case.commitments
    title = next(x.title for x in items if x.id == group)
    text = " ".join((title or group).split())
    return text if len(text) <= 38 else text[:37].rstrip() + "…"


@pytest.mark.parametrize("kind", ["bundled", "long", "many", "one"])
@pytest.mark.parametrize("by", ["agreement", "sector", "commitment"])
def test_trajectory_legend_names_groups_as_the_tables_do(bogor: m.Case, kind: str, by: str) -> None:
    case = _long_many_one(bogor, kind)
    groups = trajectory(case, by=by)["group"].unique().tolist()  # type: ignore[arg-type]
    for data in (case, case.tables):
        ax = plots.plot_trajectory(data, by=by)
        shown = [ln.get_label() for ln in ax.get_lines()]
        assert shown == [_expected(case, by, g) for g in groups]
        if len(groups) <= 12:
            assert [t.get_text() for t in ax.get_legend().get_texts()] == shown
        assert all("\n" not in s and len(s) <= 38 for s in shown)
        if by != "sector" or kind == "long":  # the bundled sector labels differ from ids only in case
            assert not set(shown) & set(groups), shown
        plt.close(ax.figure)
    ids = plots.plot_trajectory(case, by=by, labels=False)
    assert [ln.get_label() for ln in ids.get_lines()] == groups
    plt.close(ids.figure)
    # a computed trajectory does not say which case its groups come from: drawn as they are
    drawn = plots.plot_trajectory(trajectory(case, by=by))  # type: ignore[arg-type]
    assert [ln.get_label() for ln in drawn.get_lines()] == groups
    plt.close(drawn.figure)


@pytest.mark.parametrize("kind", ["bundled", "long", "many", "one"])
def test_status_heatmap_rows_are_commitment_titles(bogor: m.Case, kind: str) -> None:
    case = _long_many_one(bogor, kind)
    groups = trajectory(case, by="commitment")["group"].unique().tolist()
    for data in (case, case.tables):
        ax = plots.plot_status_heatmap(data)
        assert [t.get_text() for t in ax.get_yticklabels()] == [_expected(case, "commitment", g) for g in groups]
        plt.close(ax.figure)
    ids = plots.plot_status_heatmap(case, labels=False)
    assert [t.get_text() for t in ids.get_yticklabels()] == groups
    plt.close(ids.figure)
    with pytest.raises(ArgumentTypeError, match="labels"):
        plots.plot_status_heatmap(case, labels="yes")  # type: ignore[arg-type]


@pytest.mark.parametrize("n", [1, 14, 40, 90])
def test_status_heatmap_row_labels_do_not_overlap_at_the_default_size(n: int) -> None:
    from test_report import _many

    ax = plots.plot_status_heatmap(_many(n))
    ax.figure.canvas.draw()
    shown = [t for t in ax.get_yticklabels() if t.get_text()]
    boxes = sorted((t.get_window_extent() for t in shown), key=lambda b: b.y0)
    assert all(a.y1 <= b.y0 for a, b in itertools.pairwise(boxes))
    assert all(t.get_fontsize() >= 6 for t in shown)  # readable: smaller, then every k-th row
    assert len(shown) == n if n <= 40 else n // 3 <= len(shown) < n
    for box in boxes:
        assert box.y0 >= 0 and box.y1 <= ax.figure.bbox.y1
    plt.close(ax.figure)


@pytest.mark.parametrize(("kind", "by"), [
    ("bundled", "commitment"), ("long", "commitment"), ("long", "agreement"), ("many", "sector"),
    ("one", "commitment"), ("one", "agreement"),
])
def test_trajectory_k_of_n_marks_keep_clear_of_titles_legend_and_markers(bogor: m.Case, kind: str,
                                                                          by: str) -> None:
    case = _long_many_one(bogor, kind)
    ax = plots.plot_trajectory(case, by=by)  # the default figure size, titles in the legend
    boxes, centres, frame = _drawn(ax)
    assert boxes
    legend = ax.get_legend().get_window_extent()
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)
    r = 3.0 * ax.figure.dpi / 72
    for box in boxes:
        assert not box.overlaps(legend)
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        inside = ((centres[:, 0] > box.x0 - r) & (centres[:, 0] < box.x1 + r)
                  & (centres[:, 1] > box.y0 - r) & (centres[:, 1] < box.y1 + r))
        assert not inside.any()
    plt.close(ax.figure)


def test_titles_the_cut_leaves_alike_end_in_their_ids() -> None:
    from test_report import _many

    d = _many(4).to_dict()
    for c in d["commitments"][:3]:  # alike in their first 38 characters
        c["title"] = f"Programme of the Municipal Cooperation and International Partnerships Office {c['id']}"
    d["commitments"][3]["title"] = d["commitments"][2]["title"]  # one title twice
    case = m.Case.model_validate(d)
    expected = ["Programme of the Municipal Coope… (c0)", "Programme of the Municipal Coope… (c1)",
                "Programme of the Municipal Coope… (c2)", "Programme of the Municipal Coope… (c3)"]
    ax = plots.plot_trajectory(case, by="commitment")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == expected
    heat = plots.plot_status_heatmap(case)
    assert [t.get_text() for t in heat.get_yticklabels()] == expected
    assert all(len(s) == 38 for s in expected)
    plt.close(ax.figure)
    plt.close(heat.figure)


def test_a_long_sector_label_of_the_case_is_cut_on_one_line() -> None:
    from test_report import _many

    d = _many(2).to_dict()
    label = "Mangrove care and\ncoastal protection with the fishing communities of both cities"
    d["vocabulary"] = {"sectors": [{"id": "mangrove", "label": label, "group": "other"}]}
    d["commitments"][1]["sector"] = "mangrove"
    d["agreements"][0]["sectors"] = [*d["agreements"][0].get("sectors", []), "mangrove"]
    case = m.Case.model_validate(d)
    cut = "Mangrove care and coastal protection…"
    for data in (case, case.tables):
        ax = plots.plot_trajectory(data, by="sector")
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Education", cut]
        cov = plots.plot_sector_coverage(data)
        assert cut in [t.get_text() for t in cov.get_yticklabels()]
        plt.close(ax.figure)
        plt.close(cov.figure)
