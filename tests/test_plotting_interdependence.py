"""The interdependence graph plot: placed by country, coloured by level, ties styled by channel."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import FancyArrowPatch

from sistercity import ArgumentError, ArgumentTypeError, datasets
from sistercity import interdependence as idp
from sistercity.plotting import ACTOR_LEVEL_COLORS, CHANNEL_STYLES, interdependence_graph


def _ties(ax: plt.Axes) -> list[FancyArrowPatch]:
    return [p for p in ax.patches if isinstance(p, FancyArrowPatch)]


def test_draws_on_the_given_axes_and_returns_it() -> None:
    _fig, ax = plt.subplots()
    out = interdependence_graph(datasets.load("demo-interdependence"), ax=ax)
    assert out is ax
    # one line per pair of tied actors (demo case: 10 pairs)
    assert len(_ties(ax)) == 10
    labels = {t.get_text() for t in ax.texts}
    assert {"ID", "JP", "Kisarazu City", "Kelompok tani Bogor"} <= labels


def test_ax_none_makes_a_new_figure() -> None:
    _fig, ax = plt.subplots()
    new = interdependence_graph(datasets.load("demo-interdependence"))
    assert new is not ax and new.figure is not ax.figure and not ax.texts


def test_levels_coloured_and_channels_styled() -> None:
    _fig, ax = plt.subplots()
    interdependence_graph(datasets.load("demo-interdependence"), ax=ax)
    colours = {to_hex(c.get_facecolors()[0]) for c in ax.collections}
    assert colours == {ACTOR_LEVEL_COLORS[lv] for lv in ("national", "subnational", "nonstate")}
    styles = {(to_hex(p.get_edgecolor()), p.get_linestyle()) for p in _ties(ax)}
    expected = {(CHANNEL_STYLES[c]["color"], CHANNEL_STYLES[c]["linestyle"])
                for c in ("transgovernmental", "transnational", "domestic")}
    # matplotlib reports dash styles by name
    names = {"-": "solid", "--": "dashed", ":": "dotted", "-.": "dashdot"}
    assert {(c, names.get(s, s)) for c, s in expected} == {(c, names.get(s, s)) for c, s in styles}
    legend_texts = {t.get_text() for leg in (ax.get_legend(), *ax.artists) if leg is not None
                    for t in getattr(leg, "get_texts", list)()}
    assert {"national", "subnational", "nonstate", "transgovernmental", "transnational", "domestic"} <= legend_texts


def test_options_and_graph_input() -> None:
    _fig, ax = plt.subplots()
    g = idp.graph(datasets.load("bogor-kisarazu"))
    interdependence_graph(g, ax=ax, label=None, legend=False)
    assert ax.get_legend() is None
    assert not any(t.get_text() == "Pemerintah Kota Bogor" for t in ax.texts)
    _fig, ax = plt.subplots()
    interdependence_graph(datasets.load("bogor-kisarazu"), ax=ax, label="id", hide_isolates=False, at="2016-10")
    assert "bogor" in {t.get_text() for t in ax.texts}
    assert "2016-10" in ax.get_title()
    with pytest.raises(ArgumentError, match="label must be 'name', 'id' or None; got 'full'"):
        interdependence_graph(datasets.load("demo-interdependence"), label="full")


@pytest.mark.parametrize(("kw", "error", "match"), [
    (dict(label_width=0), ArgumentError, "label_width must be at least 1; got 0"),
    (dict(label_width="wide"), ArgumentTypeError, "label_width must be a whole number"),
    (dict(level_colors={"national": "notacolor"}), ArgumentError,
     r"level_colors\['national'\] must be a matplotlib colour.*'notacolor'"),
    (dict(level_colors={"regional": "red"}), ArgumentError, "level_colors keys must be actor levels"),
    (dict(level_colors="red"), ArgumentTypeError, "level_colors must be a mapping"),
    (dict(channel_styles={"domestic": {"color": "nope"}}), ArgumentError,
     r"channel_styles\['domestic'\]\['color'\] must be a matplotlib colour"),
    (dict(channel_styles={"domestic": {"linestyle": "wiggly"}}), ArgumentError, "must be a matplotlib line style"),
    (dict(channel_styles={"domestic": {"base_width": -1}}), ArgumentError, "base_width.* at least 0"),
    (dict(channel_styles={"domestic": {"width": 1}}), ArgumentError, "keys must be some of 'color'"),
    (dict(channel_styles={"martial": {}}), ArgumentError, "channel_styles keys must be channels"),
    (dict(ax="x"), ArgumentTypeError, "ax must be a matplotlib Axes or None; got str"),
    (dict(at="2018-13"), ArgumentError, "^at must be"),
    (dict(legend="yes"), ArgumentTypeError, "legend must be True or False"),
])
def test_bad_arguments_are_argument_errors(kw: dict, error: type, match: str) -> None:
    _fig, ax = plt.subplots()
    kw.setdefault("ax", ax)
    with pytest.raises(error, match=match):
        interdependence_graph(datasets.load("demo-interdependence"), **kw)
    assert not ax.patches and not ax.collections  # checked before anything is drawn


def test_overrides_are_applied() -> None:
    _fig, ax = plt.subplots()
    interdependence_graph(datasets.load("demo-interdependence"), ax=ax, level_colors={"national": "black"},
                          channel_styles={"domestic": {"color": "orange", "linestyle": ":", "base_width": 0.5}})
    colours = {to_hex(c.get_facecolors()[0]) for c in ax.collections}
    assert "#000000" in colours
    assert "#ffa500" in {to_hex(p.get_edgecolor()) for p in _ties(ax)}


def test_only_agreed_commitments_are_drawn_by_default() -> None:
    bk = datasets.load("bogor-kisarazu")
    _fig, ax = plt.subplots()
    interdependence_graph(bk, ax=ax, label=None, legend=False)
    agreed = {p.get_gid() for p in _ties(ax)}
    _fig, ax = plt.subplots()
    interdependence_graph(bk, ax=ax, label=None, legend=False, include="all")
    every = {p.get_gid() for p in _ties(ax)}
    assert agreed < every
    assert "tie:kelompok-tani-bogor|kisarazu" in every - agreed  # the proposed internship
    with pytest.raises(ArgumentError, match="include must be"):
        interdependence_graph(idp.graph(bk), ax=ax, include="maybe")


@pytest.mark.parametrize("extra", [0, 24])
def test_labels_do_not_overlap_at_9_by_6_inches(extra: int) -> None:
    import itertools

    from sistercity import model as m

    d = datasets.load("bogor-kisarazu").model_dump(mode="json", exclude_none=True)
    d["actors"] += [dict(id=f"group-{i:02d}", name=f"Kelompok Tani Number {i} of the Bogor Farmers Association",
                         level="nonstate", kind="community_group", country="ID") for i in range(extra)]
    d["commitments"][0]["participants"] = [f"group-{i:02d}" for i in range(extra)]
    fig, ax = plt.subplots(figsize=(9, 6))
    try:
        interdependence_graph(m.Case.model_validate(d), ax=ax)
        fig.canvas.draw()
        boxes = [t.get_window_extent() for t in ax.texts if "\n" in t.get_text() or t.get_fontsize() < 10]
        assert len(boxes) > 10
        overlapping = [(a, b) for a, b in itertools.combinations(boxes, 2)
                       if a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1]
        assert not overlapping
    finally:
        plt.close(fig)


def _crowded(extra: int, countries: list[str]) -> Any:
    from sistercity import model as m

    d = datasets.load("bogor-kisarazu").model_dump(mode="json", exclude_none=True)
    d["actors"] += [dict(id=f"group-{i:03d}", level="nonstate", kind="community_group",
                         name=f"Kelompok Tani Number {i} of the Bogor Farmers Association and its Friends",
                         country=countries[i % len(countries)]) for i in range(extra)]
    d["commitments"][0]["participants"] = [f"group-{i:03d}" for i in range(extra)]
    return m.Case.model_validate(d)


@pytest.mark.parametrize(("extra", "countries", "size", "own_axes"), [
    (150, ["ID"], (9, 6), True),
    (60, ["ID", "KR", "TH", "MY", "SG", "PH"], (9, 6), True),
    (60, ["ID", "KR", "TH", "MY", "SG", "PH"], (6.4, 4.8), False),
])
def test_many_actors_with_long_labels_do_not_overlap(extra: int, countries: list[str], size: tuple[float, float],
                                                     own_axes: bool) -> None:
    import itertools

    case = _crowded(extra, countries)
    if own_axes:
        fig, ax = plt.subplots(figsize=size)
        interdependence_graph(case, ax=ax)
    else:
        ax = interdependence_graph(case)
        fig = ax.get_figure(root=True)
    try:
        for tie in _ties(ax):  # the labels are placed already; drawing thousands of curved ties moves none
            tie.set_visible(False)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        labels = [t for t in ax.texts if t.get_fontsize() < 10]
        boxes = [t.get_window_extent(renderer) for t in labels]
        assert len(boxes) > 20
        overlapping = [(a, b) for a, b in itertools.combinations(boxes, 2)
                       if a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1]
        assert not overlapping
        # no label reaches the next column's marks, nor the right edge of the axes
        n_columns = len(countries) + 1
        right = ax.get_window_extent(renderer).x1
        for t, b in zip(labels, boxes, strict=True):
            x = float(t.xy[0])  # type: ignore[attr-defined]
            limit = ax.transData.transform((x + 1, 0))[0] if x + 1 < n_columns else right
            assert b.x1 <= limit + 0.5
        assert min(t.get_fontsize() for t in labels) >= 4.0
    finally:
        plt.close(fig)
