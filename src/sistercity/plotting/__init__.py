"""Matplotlib figures of computed results.

Every function draws on ``ax`` (default: the current Axes, ``plt.gca()``) and
returns the Axes. Functions take results an analysis has computed (or compute
them once from a case), and never import matplotlib before they are called, so
``import sistercity`` stays free of matplotlib.
"""

from sistercity.plotting._timeline import LEVEL_COLORS, timeline

__all__ = ["LEVEL_COLORS", "timeline"]
