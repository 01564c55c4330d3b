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
