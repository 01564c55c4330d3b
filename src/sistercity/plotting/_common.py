"""Shared checks for the plotting functions (private)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from sistercity.exceptions import ArgumentError, ArgumentTypeError


def axes(ax: object) -> Any:
    """``ax`` if it is a matplotlib Axes, the current Axes for ``None``, else ArgumentTypeError."""
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    if ax is None:
        return plt.gca()
    if not isinstance(ax, Axes):
        raise ArgumentTypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax


def frame_with(name: str, value: object, columns: Iterable[str]) -> pd.DataFrame:
    """``value`` if it is a DataFrame with ``columns``; else an error naming what is missing."""
    if not isinstance(value, pd.DataFrame):
        raise ArgumentTypeError(f"{name} must be a pandas DataFrame, got {type(value).__name__}")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise ArgumentError(f"{name} lacks the column(s) {', '.join(missing)}: pass the table the analysis returns")
    return value
