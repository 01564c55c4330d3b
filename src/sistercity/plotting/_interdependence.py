"""Plot of the actor-interdependence graph (Keohane & Nye channels).

Imported by :mod:`sistercity.plotting`; matplotlib is imported inside the function.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sistercity._args import axes, finite_float, flag, positive_int
from sistercity._args import include as check_include
from sistercity._typing import AtLike, CaseData, Include
from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.plotting._common import literal, target_axes

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes

__all__ = ["ACTOR_LEVEL_COLORS", "CHANNEL_STYLES", "interdependence_graph"]

ACTOR_LEVEL_COLORS: dict[str, str] = {
    "national": "#b2182b",
    "subnational": "#2166ac",
    "nonstate": "#1b7837",
}
"""Node colour by actor level (colour-blind-safe; also told apart by marker shape)."""

LEVEL_MARKERS: dict[str, str] = {"national": "s", "subnational": "o", "nonstate": "^"}

CHANNEL_STYLES: dict[str, dict[str, Any]] = {
    "interstate": {"color": "#4d4d4d", "linestyle": "-", "base_width": 2.4},
    "transgovernmental": {"color": "#2166ac", "linestyle": "--", "base_width": 1.6},
    "transnational": {"color": "#1b7837", "linestyle": ":", "base_width": 1.8},
    "domestic": {"color": "#999999", "linestyle": "-.", "base_width": 1.0},
}
"""Tie style by channel: colour, line style and base width (width grows with the number of ties)."""

_LEVEL_ORDER = ("national", "subnational", "nonstate")
_STYLE_KEYS = ("color", "linestyle", "base_width")
_LINESTYLES = ("-", "--", "-.", ":", "solid", "dashed", "dashdot", "dotted", "None", "none", " ", "")


def _color(name: str, value: object) -> str | tuple[float, ...]:
    from matplotlib.colors import is_color_like

    if not is_color_like(value):
        raise ArgumentError(f"{name} must be a matplotlib colour (a name like 'red', a hex code like '#2166ac' or "
                            f"an RGB(A) tuple); got {value!r}")
    return value  # type: ignore[return-value]


def _linestyle(name: str, value: object) -> object:
    if isinstance(value, str) and value in _LINESTYLES:
        return value
    if (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], int | float)
            and isinstance(value[1], tuple | list) and len(value[1]) % 2 == 0
            and all(isinstance(x, int | float) and x >= 0 for x in value[1])):
        return value
    raise ArgumentError(f"{name} must be a matplotlib line style ({', '.join(repr(x) for x in _LINESTYLES[:8])}, "
                        f"or (offset, (on, off, ...))); got {value!r}")


def _styles(channel_styles: object) -> dict[str, dict[str, Any]]:
    styles = {k: dict(v) for k, v in CHANNEL_STYLES.items()}
    if channel_styles is None:
        return styles
    if not isinstance(channel_styles, Mapping):
        raise ArgumentTypeError(f"channel_styles must be a mapping of channel to style; got {channel_styles!r}")
    for channel, style in channel_styles.items():
        if channel not in CHANNEL_STYLES:
            raise ArgumentError(f"channel_styles keys must be channels ({', '.join(map(repr, CHANNEL_STYLES))}); "
                                f"got {channel!r}")
        if not isinstance(style, Mapping):
            raise ArgumentTypeError(f"channel_styles[{channel!r}] must be a mapping with some of "
                                    f"{', '.join(map(repr, _STYLE_KEYS))}; got {style!r}")
        for key, value in style.items():
            where = f"channel_styles[{channel!r}][{key!r}]"
            if key == "color":
                value = _color(where, value)
            elif key == "linestyle":
                value = _linestyle(where, value)
            elif key == "base_width":
                value = finite_float(where, value, minimum=0.0)
            else:
                raise ArgumentError(f"channel_styles[{channel!r}] keys must be some of "
                                    f"{', '.join(map(repr, _STYLE_KEYS))}; got {key!r}")
            styles[channel][key] = value
    return styles


def _colors(level_colors: object) -> dict[str, Any]:
    colors: dict[str, Any] = dict(ACTOR_LEVEL_COLORS)
    if level_colors is None:
        return colors
    if not isinstance(level_colors, Mapping):
        raise ArgumentTypeError(f"level_colors must be a mapping of actor level to colour; got {level_colors!r}")
    for level, value in level_colors.items():
        if level not in ACTOR_LEVEL_COLORS:
            raise ArgumentError(f"level_colors keys must be actor levels ({', '.join(map(repr, _LEVEL_ORDER))}); "
                                f"got {level!r}")
        colors[level] = _color(f"level_colors[{level!r}]", value)
    return colors


def _layout(g: nx.Graph) -> tuple[dict[Any, tuple[float, float]], list[str]]:
    """Countries as columns (most actors first), levels top to bottom within each column."""
    by_country: dict[str, list[Any]] = {}
    for node, d in g.nodes(data=True):
        by_country.setdefault(str(d.get("country", "?")), []).append(node)
    countries = sorted(by_country, key=lambda c: (-len(by_country[c]), c))
    pos: dict[Any, tuple[float, float]] = {}
    for x, country in enumerate(countries):
        nodes = sorted(
            by_country[country],
            key=lambda n: (
                _LEVEL_ORDER.index(g.nodes[n].get("level")) if g.nodes[n].get("level") in _LEVEL_ORDER else 3,
                -g.degree(n),
                str(g.nodes[n].get("name", n)),
            ),
        )
        k = len(nodes)
        for i, node in enumerate(nodes):
            y = 1.0 - (i + 0.5) / k if k else 0.5
            pos[node] = (float(x), y)
    return pos, countries


def interdependence_graph(
    data: CaseData | nx.Graph,
    *,
    ax: Axes | None = None,
    at: AtLike = None,
    label: str | None = "name",
    label_width: int = 28,
    hide_isolates: bool = True,
    legend: bool = True,
    channel_styles: Mapping[str, Mapping[str, Any]] | None = None,
    level_colors: Mapping[str, str] | None = None,
    include: Include = ("agreed",),
) -> Axes:
    """Draw the actors and their ties: placed by country, coloured by level, ties styled by channel.

    Each country is a column (the country with most actors first, its code on
    top); within it actors stand from national (top) to sub-national to non-state
    (bottom), coloured and shaped by level. Each pair of tied actors is one line,
    styled by its channel (interstate solid, transgovernmental dashed,
    transnational dotted, domestic dash-dot) and thicker the more ties join them
    (width grows with the logarithm of the count); same-country lines are drawn
    as arcs so they do not hide each other; an arrow head points from provider to
    beneficiary where a commitment's provision joins the pair.

    Parameters
    ----------
    data : Case, CaseTables or networkx graph
        A case (its :func:`sistercity.interdependence.graph` is built once), or a
        graph from that function.
    ax : matplotlib Axes, optional
        Where to draw; default a new figure (constrained layout).
    at, include
        As in :func:`sistercity.interdependence.graph`, when ``data`` is a case:
        the ties formed by ``at``, from agreed commitments only by default.
    label : {"name", "id"} or None
        Label actors by name (wrapped at ``label_width`` characters), by id, or not at all.
        Labels never overlap: the font shrinks from 7 to 4 points to fit a column's
        actors, lines wrap before the next column, and when a column holds more actors
        than 4-point lines fit, only every k-th of them (top to bottom) is labelled.
    hide_isolates : bool
        Leave out actors without a tie.
    legend : bool
        Add legends for levels and channels.
    channel_styles : mapping, optional
        Override :data:`CHANNEL_STYLES`: channel → some of ``color`` (a
        matplotlib colour), ``linestyle`` and ``base_width`` (a number ≥ 0).
    level_colors : mapping, optional
        Override :data:`ACTOR_LEVEL_COLORS`: actor level → matplotlib colour.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    sistercity.ArgumentError
        For a ``label`` other than "name", "id" or None, a ``label_width`` below
        1, an unknown channel or level, or a colour or line style matplotlib does
        not know (checked before anything is drawn).
    sistercity.ArgumentTypeError
        For an ``ax`` that is not a matplotlib Axes, or ``data`` that is neither a
        case nor a graph.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> from sistercity import datasets
    >>> from sistercity.plotting import interdependence_graph
    >>> fig, ax = plt.subplots()
    >>> ax = interdependence_graph(datasets.load("bogor-kisarazu"), ax=ax, at="2016-10")
    >>> ax.get_title()
    'Actors and ties by channel at 2016-10'
    >>> sorted(t.get_text() for t in ax.texts if t.get_text() in ("ID", "JP"))
    ['ID', 'JP']
    >>> plt.close(fig)
    """
    import networkx as nx

    from sistercity.dates import parse_at

    if label is not None and label not in ("name", "id"):
        raise ArgumentError(f"label must be 'name', 'id' or None; got {label!r}")
    label_width = positive_int("label_width", label_width, minimum=1)
    hide_isolates = flag("hide_isolates", hide_isolates)
    legend = flag("legend", legend)
    axes(ax, current=False)  # before anything is drawn
    styles = _styles(channel_styles)
    colors = _colors(level_colors)
    if isinstance(data, nx.Graph):
        parse_at(at)
        check_include(include)
        g = data
    else:
        from sistercity.interdependence import graph

        g = graph(data, at=at, include=include)
    ax = target_axes(ax)
    if hide_isolates:
        g = g.subgraph([n for n in g.nodes if g.degree(n) > 0])
    pos, countries = _layout(g)
    pairs = _tie_pairs(g)
    _draw_ties(ax, pairs, pos, styles)
    _draw_actors(ax, g, pos, colors)
    ax.set_xlim(-0.5, max(len(countries) - 1, 0) + 0.9)
    ax.set_ylim(-0.05, 1.12)
    for x, country in enumerate(countries):
        ax.text(x, 1.04, literal(country), ha="center", va="bottom", fontsize=10, fontweight="bold")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    if legend:
        _legends(ax, {str(r["channel"]) for r in pairs.values()}, styles, colors)
    ax.set_title("Actors and ties by channel" + (f" at {at}" if at is not None else ""), fontsize=10)
    if label is not None:
        _draw_labels(ax, g, pos, label, label_width)
    return ax


def _tie_pairs(g: nx.Graph) -> dict[tuple[Any, Any], dict[str, Any]]:
    """One record per pair of tied actors: its ties counted, its channel, the provision directions."""
    pairs: dict[tuple[Any, Any], dict[str, Any]] = {}
    for u, v, d in g.edges(data=True):
        key = (u, v) if str(u) <= str(v) else (v, u)
        rec = pairs.setdefault(key, {"count": 0, "channel": d.get("channel", "domestic"), "forward": False,
                                     "backward": False})
        rec["count"] += 1
        if d.get("directed"):
            if d.get("provider") == key[0]:
                rec["forward"] = True
            else:
                rec["backward"] = True
    return pairs


def _draw_ties(ax: Axes, pairs: dict[tuple[Any, Any], dict[str, Any]], pos: dict[Any, tuple[float, float]],
               styles: dict[str, dict[str, Any]]) -> None:
    """One line per pair, styled by channel, wider with more ties, arrow heads from provider to beneficiary."""
    from matplotlib.patches import FancyArrowPatch

    for (u, v), rec in sorted(pairs.items(), key=lambda kv: str(kv[0])):
        st = styles.get(str(rec["channel"]), styles["domestic"])
        same_column = pos[u][0] == pos[v][0]
        arrow = "-"
        if rec["forward"] and rec["backward"]:
            arrow = "<|-|>"
        elif rec["forward"]:
            arrow = "-|>"
        elif rec["backward"]:
            arrow = "<|-"
        patch = FancyArrowPatch(
            pos[u], pos[v], arrowstyle=arrow, mutation_scale=9,
            connectionstyle=f"arc3,rad={0.35 if same_column else 0.0}",
            color=st.get("color", "#999999"), linestyle=st.get("linestyle", "-"),
            linewidth=float(st.get("base_width", 1.0)) * (1.0 + math.log(rec["count"])),
            alpha=0.75, shrinkA=7, shrinkB=7, zorder=1,
        )
        patch.set_gid(f"tie:{u}|{v}")
        # add_artist, not add_patch: the limits are set from the layout below, and add_patch would
        # clip every curved arrow in display space only to update them (12 of 15 s at 11,000 ties)
        ax.add_artist(patch)


def _draw_actors(ax: Axes, g: nx.Graph, pos: dict[Any, tuple[float, float]], colors: dict[str, Any]) -> None:
    """The actors, coloured and shaped by level (one scatter per level)."""
    for level in (*_LEVEL_ORDER, None):
        if level is None:
            nodes = [n for n in g.nodes if g.nodes[n].get("level") not in _LEVEL_ORDER]
        else:
            nodes = [n for n in g.nodes if g.nodes[n].get("level") == level]
        if not nodes:
            continue
        xs = [pos[n][0] for n in nodes]
        ys = [pos[n][1] for n in nodes]
        ax.scatter(xs, ys, s=70, c=colors.get(str(level), "#777777"),
                   marker=LEVEL_MARKERS.get(str(level), "o"), edgecolors="white", linewidths=0.8, zorder=3,
                   label=str(level) if level else "other")


def _draw_labels(ax: Axes, g: nx.Graph, pos: dict[Any, tuple[float, float]], label: str, width: int) -> None:
    """Each actor's name (wrapped at ``width`` characters) or id, right of its mark, sized not to overlap.

    Labels never overlap one another. Vertically, in each country column the font shrinks
    (7 to 4 points) so that a label's lines fit the space of one actor; when even one line
    at 4 points does not fit, only every k-th actor of the column (top to bottom) is
    labelled, k the smallest step that fits. Horizontally, lines are wrapped at the
    characters that fit before the next column (or the right edge), ``width`` at most;
    a label with more lines than fit is cut, ending in "…".
    """
    fig = ax.get_figure(root=True)
    engine = fig.get_layout_engine() if fig is not None else None
    if fig is not None and engine is not None:  # place the axes where the layout will put them first
        engine.execute(fig)
    box = ax.get_position()
    fig_w, fig_h = (fig.get_figwidth(), fig.get_figheight()) if fig is not None else (6.4, 4.8)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    pt_per_y = box.height * fig_h * 72.0 / max(abs(y1 - y0), 1e-9)
    pt_per_x = box.width * fig_w * 72.0 / max(abs(x1 - x0), 1e-9)
    columns: dict[float, list[Any]] = {}
    for n in g.nodes:
        columns.setdefault(pos[n][0], []).append(n)
    xs = sorted(columns)
    for ci, x in enumerate(xs):
        nodes = sorted(columns[x], key=lambda n: -pos[n][1])  # top to bottom
        row_pt = pt_per_y / max(len(nodes), 1)
        step = max(1, math.ceil(_LINE_SPACING * _MIN_FONT / row_pt - 1e-9))
        shown = nodes[::step]
        row_pt *= step
        room_pt = ((xs[ci + 1] if ci + 1 < len(xs) else x1) - x) * pt_per_x - _OFFSET_PT - _GAP_PT
        raw = {n: str(n) if label == "id" else str(g.nodes[n].get("name", n)) for n in shown}
        lines = max((len(_wrap(t, _chars(room_pt, _MAX_FONT, width))) for t in raw.values()), default=1)
        size = max(_MIN_FONT, min(_MAX_FONT, row_pt / (_LINE_SPACING * lines)))
        fit = max(1, int(row_pt // (_LINE_SPACING * size)))
        chars = _chars(room_pt, size, width)
        for n in shown:
            wrapped = _wrap(raw[n], chars)
            if len(wrapped) > fit:
                wrapped = [*wrapped[: fit - 1], wrapped[fit - 1].rstrip(" ,.;:") + "…"]
                if len(wrapped[-1]) > chars:
                    wrapped[-1] = wrapped[-1][: chars - 1] + "…"
            ax.annotate(literal("\n".join(wrapped)), pos[n], xytext=(_OFFSET_PT, 0), textcoords="offset points",
                        fontsize=size, va="center", ha="left", zorder=4, linespacing=1.0)


def _chars(room_pt: float, size: float, width: int) -> int:
    """Characters of a label line that fit ``room_pt`` points at ``size`` points (``width`` at most)."""
    return max(1, min(width, int(room_pt // (_CHAR_WIDTH * size))))


def _wrap(text: str, chars: int) -> list[str]:
    """``text`` in lines of at most ``chars`` characters, words kept whole where they fit."""
    lines = textwrap.wrap(text, chars, break_long_words=False)
    if any(len(line) > chars for line in lines):
        lines = textwrap.wrap(text, chars)
    return lines or [text[:chars]]


_MAX_FONT = 7.0
_MIN_FONT = 4.0
_LINE_SPACING = 1.5
"""Points of height a line of text takes per point of font size (with a small gap between labels)."""
_CHAR_WIDTH = 0.62
"""Points of width a character takes per point of font size (DejaVu Sans: about 0.55 on average; kept wide)."""
_OFFSET_PT = 6.0
_GAP_PT = 4.0


def _legends(ax: Axes, used: set[str], styles: dict[str, dict[str, Any]], colors: dict[str, Any]) -> None:
    """A legend of actor levels (top right) and one of the channels drawn (bottom right)."""
    from matplotlib.lines import Line2D

    level_handles = [Line2D([], [], linestyle="", marker=LEVEL_MARKERS[lv], color=colors[lv], markersize=7,
                            label=lv) for lv in _LEVEL_ORDER]
    channel_handles = [Line2D([], [], color=styles[c]["color"], linestyle=styles[c]["linestyle"],
                              linewidth=float(styles[c]["base_width"]), label=c)
                       for c in CHANNEL_STYLES if c in used or not used]
    first = ax.legend(handles=level_handles, title="actor level", loc="upper left",
                      bbox_to_anchor=(1.0, 1.0), fontsize=7, title_fontsize=8, frameon=False)
    ax.add_artist(first)
    ax.legend(handles=channel_handles, title="channel", loc="lower left", bbox_to_anchor=(1.0, 0.0),
              fontsize=7, title_fontsize=8, frameon=False)
