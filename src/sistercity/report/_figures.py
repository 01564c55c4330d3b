"""The report's figures: drawn by :mod:`sistercity.plotting`, labelled in the report's language, embedded as PNG.

Each figure is sized to what it shows (a height per row, within bounds) and
rendered with matplotlib's Agg backend, without pyplot and with ``text.usetex``
off whatever the user's settings, so case text never reaches LaTeX.

Labels. After a plotting function has drawn, the report replaces, by exact match,
the texts it knows: ids of sectors, obstacle categories, agreements and
commitments by their labels and titles (what the tables show), and the fixed
words the plotting functions draw today (legend entries, level names) by their
translation. Titles and axis labels the report sets itself. A text the report
puts in a figure is shown as it is: mathtext is off for it (``$`` stays a
dollar sign), and any other text that would be read as mathtext (an even number
of unescaped ``$``) is shown as it is too.
"""

from __future__ import annotations

import base64
import io
import re
import warnings
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import pandas as pd

from sistercity.report._doc import THRESHOLD, Doc

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["MAX_ROWS", "graph", "obstacles", "sector_coverage", "status_over_time", "timeline"]

MAX_ROWS = 40
"""A per-commitment figure (timeline rows, heatmap) is drawn for at most this many commitments;
a larger case gets the rate by sector over time instead (the tables list every commitment)."""

DPI = 100
_SHORT = 38
_UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")


def _short(text: str, width: int = _SHORT) -> str:
    """``text`` on one line, cut to ``width`` characters (as :mod:`sistercity.plotting` cuts row labels)."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _words(doc: Doc) -> dict[str, str]:
    """The fixed words the plotting functions draw, in the report's language."""
    t = doc.terms
    lang = doc.lang
    words = {
        "in force": lang.pgettext("figure", "in force"),
        "renewal window": lang.pgettext("figure", "renewal window"),
        "date known to month/year": lang.pgettext("figure", "date known to month/year"),
        "events": lang.pgettext("figure", "events"),
        "agreed": lang.pgettext("figure", "agreed"),
        "implemented": lang.pgettext("figure", "implemented"),
        "below threshold": lang.pgettext("figure", "below threshold"),
        "no data": lang.pgettext("figure", "no data"),
        "gap (no commitment)": lang.pgettext("figure", "gap (no commitment)"),
        "actor level": lang.pgettext("figure", "actor level"),
        "channel": lang.pgettext("figure", "channel"),
        "nothing to show": lang.pgettext("figure", "nothing to show"),
        "(none)": lang.pgettext("figure", "(no sector)"),
        "no dated agreements, events or observations": lang.pgettext(
            "figure", "no dated agreements, events or observations"),
        "other": lang.pgettext("actor level", "other"),
        **t["actor level"], **t["channel"],
    }
    words.update({k.replace("_", " "): v for k, v in t["event kind"].items() if k != "other"})
    english = ("not initiated", "minimal", "intermediate", "full")
    for n in range(4):
        name = f"{n} {doc.level_name(n)}"
        words[f"{n} {english[n]}"] = name
        words[f"level {n} {english[n]}"] = doc.lang.gettext("level %(level)s") % {"level": name}
    return words


def _ids(doc: Doc, *, sectors: bool = False, categories: bool = False, commitments: bool = False
         ) -> dict[str, str]:
    """Ids as the figures draw them, mapped to what the tables show."""
    out: dict[str, str] = {}
    if commitments:
        out.update({c.id: _short(c.title) for c in doc.case.commitments})
    if categories:
        out.update({t: doc.category(t) for t in doc.case.category_vocabulary})
    if sectors:
        out.update({t: doc.sector(t) for t in doc.case.sector_vocabulary})
    return out


def _tick_text(words: Mapping[str, str], text: str) -> str:
    """A tick label: replaced by ``words`` (its ``$`` escaped), else kept with any mathtext ``$`` escaped."""
    from matplotlib import cbook

    if text in words:
        return words[text].replace("$", r"\$")
    return _UNESCAPED_DOLLAR.sub(r"\\$", text) if cbook.is_math_text(text) else text


def _mathtext_off(fig: Figure, words: Mapping[str, str]) -> None:
    """Replace known texts by ``words`` and make sure no text is read as mathtext.

    Tick labels are made by the axis formatter at draw time, so a categorical axis
    (labels given as a list: a ``FixedFormatter``, or the ``FuncFormatter`` recent
    matplotlib uses for them) gets a formatter that passes its labels through
    :func:`_tick_text`; number and date axes are left as they are.
    """
    from matplotlib import cbook
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            fmt = axis.get_major_formatter()
            if isinstance(fmt, FixedFormatter | FuncFormatter):
                axis.set_major_formatter(FuncFormatter(
                    lambda x, pos, f=fmt: _tick_text(words, str(f(x, pos)))))
    for text in fig.findobj(Text):
        s = text.get_text()
        if s in words:
            text.set_text(words[s])
            text.set_parse_math(False)
        elif cbook.is_math_text(s):
            text.set_parse_math(False)


def _render(draw: Callable[[Axes], object], caption: str, size: tuple[float, float], words: Mapping[str, str],
            *, title: str | None = None) -> dict[str, str]:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"text.usetex": False}), warnings.catch_warnings():
        # a name in a script the font lacks is drawn as a box; the report says nothing about it
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
        fig = Figure(figsize=size, layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        draw(ax)
        if title is not None:
            ax.set_title(title, fontsize=10)
            ax.title.set_parse_math(False)
        _mathtext_off(fig, words)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=DPI)
    return {"data": base64.b64encode(buf.getvalue()).decode("ascii"), "caption": caption,
            "width": str(round(size[0] * DPI)), "height": str(round(size[1] * DPI))}


def _height(rows: int, per_row: float, base: float, low: float, high: float = 14.0) -> float:
    return min(high, max(low, per_row * rows + base))


def timeline(doc: Doc, life: pd.DataFrame) -> dict[str, str]:
    """Agreements with their renewal windows, events and (for a case of at most MAX_ROWS commitments) observations."""
    from sistercity.plotting import timeline as draw_timeline

    case, lang = doc.case, doc.lang
    observed = len({o.commitment for o in case.observations})
    per_commitment = observed <= MAX_ROWS
    rows = len(case.agreements) + (1 if case.events else 0) + (observed if per_commitment else 0)
    caption = lang.gettext("Timeline: each agreement from its start to its expiry, its renewal window at the end; "
                           "events; each observation coloured by its level. A date known only to the year is drawn "
                           "over the whole year, marked at its last day (from which it counts).")
    if not per_commitment:
        caption = lang.gettext("Timeline: each agreement from its start to its expiry, its renewal window at the end, "
                               "and the events. The %(n)s observed commitments are too many to draw one row each: "
                               "their levels over time are in the next figures and the tables.") % {
                                   "n": lang.integer(observed)}

    def draw(ax: Axes) -> object:
        return draw_timeline(case, at=doc.status_at, lifecycle_table=life, observations=per_commitment, ax=ax)

    return _render(draw, caption, (10.0, _height(rows, 0.36, 1.6, 3.0)), _words(doc))


def sector_coverage(doc: Doc, coverage: pd.DataFrame) -> dict[str, str]:
    """Agreed sectors and whether each is implemented."""
    from sistercity.plotting import plot_sector_coverage

    lang = doc.lang
    agreed = coverage[coverage["agreed"].astype(bool)]
    n_sectors = agreed["sector"].astype(str).nunique()
    n_impl, n_agreed = int(agreed["implemented"].sum()), len(agreed)
    caption = lang.gettext("Agreed sectors and whether each is implemented (best level at or above %(level)s), "
                           "at %(at)s.") % {"level": int(THRESHOLD), "at": doc.at_text}
    title = lang.gettext("Agreed vs implemented sectors: %(k)s of %(n)s implemented") % {
        "k": lang.integer(n_impl), "n": lang.integer(n_agreed)}

    def draw(ax: Axes) -> object:
        out = plot_sector_coverage(coverage, ax=ax, labels=False)
        ax.set_xlabel(lang.gettext("agreements"))
        return out

    return _render(draw, caption, (7.5, _height(n_sectors, 0.45, 1.4, 2.4)), {**_words(doc), **_ids(doc, sectors=True)},
                   title=title)


def status_over_time(doc: Doc, traj: pd.DataFrame) -> dict[str, str]:
    """Each commitment's level at each year's end; for many commitments, the rate by sector instead."""
    from sistercity import implementation
    from sistercity.plotting import plot_status_heatmap, plot_trajectory

    lang = doc.lang
    n_rows = traj["group"].nunique()
    if n_rows <= MAX_ROWS:
        caption = lang.gettext("Each commitment's level at the end of each year, agreed, proposed or wished alike "
                               "(pale: no data — a commitment with no observation is never counted as 0).")

        def heat(ax: Axes) -> object:
            return plot_status_heatmap(traj, ax=ax)

        return _render(heat, caption, (8.0, _height(n_rows, 0.34, 1.9, 2.6)),
                       {**_words(doc), **_ids(doc, commitments=True)},
                       title=lang.gettext("Implementation level by commitment (pale: no data)"))
    by_sector = implementation.trajectory(doc.case, by="sector")
    caption = lang.gettext("The implementation rate of each sector's agreed commitments at the end of each year "
                           "(the mean level of those observed by then, divided by 3); one line per sector. The "
                           "%(n)s commitments are too many for a row each.") % {"n": lang.integer(n_rows)}

    def lines(ax: Axes) -> object:
        out = plot_trajectory(by_sector, ax=ax)  # places the k/n marks where none overlaps (or leaves one out)
        thinned = "thinned" in ax.get_xlabel()
        ax.set_ylabel(lang.gettext("implementation rate (level / 3)"))
        ax.set_xlabel(lang.gettext("end of year (k/n: commitments observed / in the sector; some left out to fit)")
                      if thinned else lang.gettext("end of year (k/n: commitments observed / in the sector)"))
        return out

    return _render(lines, caption, (9.0, 4.5), {**_words(doc), **_ids(doc, sectors=True)},
                   title=lang.gettext("Implementation rate by sector over time"))


def obstacles(doc: Doc) -> dict[str, str]:
    """Obstacles and challenges by category and sector."""
    from sistercity.obstacles import obstacle_counts
    from sistercity.plotting import plot_obstacles

    lang = doc.lang
    counts = obstacle_counts(doc.case, at=doc.status_at)
    n_cat = counts["category"].astype(str).nunique()
    caption = lang.gettext("Obstacles and challenges by category and sector of the commitments they affect.")

    def draw(ax: Axes) -> object:
        out = plot_obstacles(counts, ax=ax, labels=False)
        if len(ax.figure.axes) > 1:  # the colour bar
            ax.figure.axes[-1].set_ylabel(lang.gettext("obstacles"))
        return out

    return _render(draw, caption, (7.5, _height(n_cat, 0.55, 2.2, 2.8)),
                   {**_words(doc), **_ids(doc, sectors=True, categories=True)},
                   title=lang.gettext("Obstacles by category and sector"))


def graph(doc: Doc) -> dict[str, str]:
    """Actors by country and level, and their ties by channel."""
    from sistercity.plotting import interdependence_graph

    lang = doc.lang
    per_country = pd.Series([a.country for a in doc.case.actors], dtype=object).value_counts()
    tallest = int(per_country.max()) if len(per_country) else 1
    caption = lang.gettext("Actors by country (columns) and level (national on top); lines are ties, styled by "
                           "channel and thicker the more ties join two actors.")
    title = lang.gettext("Actors and ties by channel at %(at)s") % {"at": doc.at_text}

    def draw(ax: Axes) -> object:
        return interdependence_graph(doc.case, at=doc.status_at, ax=ax)

    return _render(draw, caption, (10.0, _height(tallest, 0.42, 2.0, 3.5)), _words(doc), title=title)
