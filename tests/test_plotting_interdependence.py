"""The interdependence graph plot: placed by country, coloured by level, ties styled by channel."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import FancyArrowPatch

from sistercity import CaseValidationError, datasets
from sistercity import interdependence as idp
from sistercity.plotting._interdependence import ACTOR_LEVEL_COLORS, CHANNEL_STYLES, interdependence_graph


def _ties(ax: plt.Axes) -> list[FancyArrowPatch]:
    return [p for p in ax.patches if isinstance(p, FancyArrowPatch)]


def test_draws_on_the_given_axes_and_returns_it() -> None:
    _fig, ax = plt.subplots()
    out = interdependence_graph(idp.demo_case(), ax=ax)
    assert out is ax
    # one line per pair of tied actors (demo case: 10 pairs)
    assert len(_ties(ax)) == 10
    labels = {t.get_text() for t in ax.texts}
    assert {"ID", "JP", "Kisarazu City", "Kelompok tani Bogor"} <= labels


def test_ax_none_uses_the_current_axes() -> None:
    _fig, ax = plt.subplots()
    assert interdependence_graph(idp.demo_case()) is plt.gca() is ax


def test_levels_coloured_and_channels_styled() -> None:
    _fig, ax = plt.subplots()
    interdependence_graph(idp.demo_case(), ax=ax)
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
    with pytest.raises(CaseValidationError):
        interdependence_graph(idp.demo_case(), label="full")
