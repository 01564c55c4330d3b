"""Matplotlib figures of computed results.

Every function draws on ``ax`` (default: a new figure with constrained layout) and
returns the Axes. Functions take results an analysis has computed (or compute
them once from a case), and never import matplotlib before they are called, so
``import sistercity`` stays free of matplotlib. :func:`timeline`,
:func:`plot_sector_coverage`, :func:`plot_obstacles`, and — given a case or its
tables — :func:`plot_trajectory` (its legend) and :func:`plot_status_heatmap` (its
rows) label as the tables do (agreement and commitment titles, vocabulary labels;
``labels=False`` gives ids).
"""

from sistercity.plotting._common import LEVEL_COLORS
from sistercity.plotting._compare import MATRIX_STYLES, plot_age_trajectory, plot_coverage_matrix
from sistercity.plotting._implementation import (
    plot_obstacles,
    plot_sector_coverage,
    plot_status_heatmap,
    plot_trajectory,
)
from sistercity.plotting._interdependence import ACTOR_LEVEL_COLORS, CHANNEL_STYLES, interdependence_graph
from sistercity.plotting._timeline import timeline

__all__ = [
    "ACTOR_LEVEL_COLORS",
    "CHANNEL_STYLES",
    "LEVEL_COLORS",
    "MATRIX_STYLES",
    "interdependence_graph",
    "plot_age_trajectory",
    "plot_coverage_matrix",
    "plot_obstacles",
    "plot_sector_coverage",
    "plot_status_heatmap",
    "plot_trajectory",
    "timeline",
]
