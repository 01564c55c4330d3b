"""What the plotting modules share: the level colours, the check of a computed table, labels (private)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pandas as pd

from sistercity._args import axes, is_missing
from sistercity.exceptions import ArgumentError, ArgumentTypeError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

LEVEL_COLORS: dict[int, str] = {0: "#d7301f", 1: "#fc8d59", 2: "#74add1", 3: "#1a9850"}
"""Colour of each implementation level (0 not initiated ... 3 full): red to green."""

LEVEL_NAMES: dict[int, str] = {0: "0 not initiated", 1: "1 minimal", 2: "2 intermediate", 3: "3 full"}
"""Label of each implementation level in legends and colour bars."""

LABEL_WIDTH = 38
"""A row label longer than this many characters is cut, with "…", so the plot keeps its width."""


def shorten(text: object, width: int = LABEL_WIDTH) -> str:
    """``text`` on one line (runs of white space, line breaks included, as one space), cut to ``width``
    characters, the last one "…" when it was longer.
    """
    s = " ".join(str(text).split())
    return s if len(s) <= width else s[: width - 1].rstrip() + "…"


def distinct(texts: Mapping[str, str], width: int = LABEL_WIDTH) -> dict[str, str]:
    """Each id's text as :func:`shorten` gives it; where that gives two ids the same text, each of them
    ends in its id, the text cut to leave room: ``Programme of the Municipal… (c0)``.

    A legend or a row label must tell its groups apart: titles that differ only after the cut
    (or not at all) would not.
    """
    cut = {key: shorten(text, width) for key, text in texts.items()}
    seen = Counter(cut.values())
    out: dict[str, str] = {}
    for key, text in cut.items():
        if seen[text] > 1:
            suffix = f" ({shorten(key, width // 2)})"
            text = shorten(texts[key], max(width - len(suffix), 1)) + suffix
        out[key] = text
    return out


def titles(table: pd.DataFrame, key: str) -> dict[str, str]:
    """Each id of ``table[key]`` mapped to what the case's tables show: its title, or the id when it has none.

    ``table`` is a table of :class:`~sistercity.CaseTables` with a ``title`` column
    (``agreements``, ``commitments``); a missing or blank title leaves the id.
    """
    out: dict[str, str] = {}
    for key_value, title in zip(table[key].astype(str), table["title"], strict=True):
        out[key_value] = ("" if is_missing(title) else str(title)).strip() or key_value
    return out


def frame_with(name: str, value: object, columns: Iterable[str]) -> pd.DataFrame:
    """``value`` if it is a DataFrame with ``columns``; else an error naming what is missing."""
    if not isinstance(value, pd.DataFrame):
        raise ArgumentTypeError(f"{name} must be a pandas DataFrame, got {type(value).__name__}")
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise ArgumentError(f"{name} lacks the column(s) {', '.join(missing)}: pass the table the analysis returns")
    return value


def target_axes(ax: Axes | None) -> Axes:
    """``ax`` itself, or for ``None`` the Axes of a new figure with constrained layout (seaborn's rule).

    A given ``ax`` whose figure has no layout engine (plain ``plt.subplots()``) gets constrained
    layout on its figure; a figure with a layout engine of its own keeps it.

    A new figure each time, never the current Axes: a second plot in a script does not land on the
    previous one. Constrained layout keeps tick labels, titles and legends inside the figure.
    """
    checked = axes(ax, current=False)
    if checked is not None:
        fig = checked.get_figure(root=True)
        if fig is not None and fig.get_layout_engine() is None:
            # a figure from plain plt.subplots(): without a layout engine a plain savefig cuts
            # long tick labels on the left and the legends beside the Axes on the right
            fig.set_layout_engine("constrained")
        return checked
    import matplotlib.pyplot as plt

    fig = plt.figure(layout="constrained")
    return fig.add_subplot()


def literal(text: object) -> str:
    """``text`` as matplotlib shows it literally: each ``$`` escaped, so ``Kota $Bogor$`` is not mathtext
    and ``Kota $x^$`` does not fail to parse (matplotlib draws ``\\$`` as ``$`` outside mathtext).
    """
    return str(text).replace("$", r"\$")
