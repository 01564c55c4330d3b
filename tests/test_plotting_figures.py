"""Properties every figure of :mod:`sistercity.plotting` shares: a new figure per call, all text inside it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import matplotlib.pyplot as plt
import pytest

from sistercity import datasets
from sistercity import model as m
from sistercity import plotting as plots

PLOTS: list[Callable[..., Any]] = [
    plots.plot_sector_coverage, plots.plot_trajectory, plots.plot_status_heatmap, plots.plot_obstacles,
    plots.timeline, plots.interdependence_graph,
]


@pytest.fixture(scope="module")
def bogor() -> m.Case:
    return datasets.load("bogor-kisarazu")


@pytest.mark.parametrize("plot", PLOTS, ids=lambda p: p.__name__)
def test_two_calls_without_ax_give_two_figures(bogor: m.Case, plot: Callable[..., Any]) -> None:
    first = plot(bogor)
    second = plot(bogor)
    try:
        assert first.figure is not second.figure
        assert first.figure.get_layout_engine() is not None  # constrained layout
    finally:
        plt.close(first.figure)
        plt.close(second.figure)


def _variant(case: m.Case, kind: str) -> m.Case:
    """The bundled case with long names and titles, many actors, or a single actor."""
    d = case.model_dump(mode="json", exclude_none=True)
    if kind == "long":
        long = " of the Municipal Cooperation and International Partnerships Office"
        for a in d["actors"]:
            a["name"] += long
        for c in d["commitments"]:
            c["title"] += long
        for ag in d["agreements"]:
            ag["title"] = (ag.get("title") or ag["id"]) + long
    elif kind == "many":
        extra = [dict(id=f"actor-{i:02d}", name=f"Kelurahan Number {i} Community Group", level="nonstate",
                      kind="community_group", country="ID" if i % 2 else "JP") for i in range(40)]
        d["actors"] += extra
        for i, c in enumerate(d["commitments"]):
            c["participants"] = list(c.get("participants", [])) + [e["id"] for e in extra[i::len(d["commitments"])]]
    elif kind == "one":  # one actor per side: a case needs an agreement, an agreement two parties
        keep = set(d["agreements"][0]["parties"])
        d["actors"] = [a for a in d["actors"] if a["id"] in keep]
        d["agreements"] = d["agreements"][:1]
        for ag in d["agreements"]:
            ag.pop("signatories", None)
        for c in d["commitments"]:
            for role in ("providers", "beneficiaries", "participants"):
                c[role] = [a for a in c.get(role, []) if a in keep]
        for e in d.get("events", []):
            e["participants"] = [a for a in e.get("participants", []) if a in keep]
        for o in d.get("obstacles", []):
            for mit in o.get("mitigations", []):
                mit["proposed_by"] = [a for a in mit.get("proposed_by", []) if a in keep]
    return m.Case.model_validate(d)


@pytest.fixture(scope="module", params=["bundled", "long", "many", "one"])
def variant(request: pytest.FixtureRequest, bogor: m.Case) -> m.Case:
    return bogor if request.param == "bundled" else _variant(bogor, request.param)


def _shown(axis: Any, at: float) -> bool:
    low, high = sorted(axis.get_view_interval())
    return bool(low - 1e-9 <= at <= high + 1e-9)


def _inside(fig: Any, box: Any, what: str) -> None:
    whole = fig.bbox
    tol = 1.0
    assert box.x0 >= whole.x0 - tol and box.x1 <= whole.x1 + tol, what
    assert box.y0 >= whole.y0 - tol and box.y1 <= whole.y1 + tol, what


@pytest.mark.parametrize("plot", PLOTS, ids=lambda p: p.__name__)
def test_legends_and_labels_stay_inside_a_plain_subplots_figure(variant: m.Case, plot: Callable[..., Any]) -> None:
    fig, ax = plt.subplots()
    try:
        plot(variant, ax=ax)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        for axes in fig.axes:
            labels = [t for axis, i in ((axes.xaxis, 0), (axes.yaxis, 1)) for t in axis.get_ticklabels()
                      if t.get_visible() and t.get_text() and _shown(axis, t.get_position()[i])]
            for t in labels:
                _inside(fig, t.get_window_extent(renderer), f"tick label {t.get_text()!r}")
            for legend in [*axes.findobj(lambda a: type(a).__name__ == "Legend")]:
                _inside(fig, legend.get_window_extent(renderer), "legend")
    finally:
        plt.close(fig)


@pytest.mark.parametrize("hostile", ["Kota $Bogor$", "Kota $x^$"])
@pytest.mark.parametrize("plot", PLOTS, ids=lambda p: p.__name__)
def test_case_text_is_drawn_literally(bogor: m.Case, plot: Callable[..., Any], hostile: str) -> None:
    from matplotlib import cbook
    from matplotlib.text import Text

    d = bogor.model_dump(mode="json", exclude_none=True)
    for a in d["actors"]:
        a["name"] = f"{hostile} {a['name']}"
    for c in d["commitments"]:
        c["title"] = f"{hostile} {c['title']}"
    for ag in d["agreements"]:
        ag["title"] = f"{hostile} {ag.get('title') or ag['id']}"
    case = m.Case.model_validate(d)
    ax = plot(case)
    fig = ax.figure
    try:
        fig.canvas.draw()  # "Kota $x^$" as mathtext would raise here
        for t in fig.findobj(Text):
            s = t.get_text()
            assert not (t.get_parse_math() and cbook.is_math_text(s)), s
    finally:
        plt.close(fig)
