"""The report's figures: labels as the tables show them, counts on a discrete scale, k/n marks apart.

The figures are embedded as PNG data, so these tests catch each figure just before it is
saved (``Figure.savefig`` patched) and read its texts, colour bar and annotations.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

from sistercity import Case, datasets
from sistercity.report import report
from test_plotting_figures import _variant
from test_report import _many


@pytest.fixture
def figures(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """Every figure the report saves, laid out as saved."""
    caught: list[Figure] = []
    save = Figure.savefig

    def savefig(self: Figure, *args: Any, **kwargs: Any) -> Any:
        out = save(self, *args, **kwargs)
        caught.append(self)
        return out

    monkeypatch.setattr(Figure, "savefig", savefig)
    return caught


def _texts(fig: Figure) -> list[str]:
    ticks = [t.get_text() for ax in fig.axes for t in (*ax.get_xticklabels(), *ax.get_yticklabels())]
    return [s for s in (*ticks, *(t.get_text() for t in fig.findobj(Text))) if s]


@pytest.mark.parametrize("kind", ["bundled", "long", "many", "one", "big"])
def test_figures_show_titles_and_labels_not_ids(figures: list[Figure], kind: str) -> None:
    bogor = datasets.load("bogor-kisarazu")
    case = {"bundled": bogor, "big": _many(45)}.get(kind) or _variant(bogor, kind)
    report(case, at="2018")
    assert len(figures) >= 4
    # "other" is a sector, a category and an event kind: as a word it is English, not an id
    ids = ({c.id for c in case.commitments} | {a.id for a in case.agreements}
           | {k for k in (*case.sector_vocabulary, *case.category_vocabulary) if k != "other"})
    with_kind = re.compile("^(" + "|".join(re.escape(a.id) for a in case.agreements) + r") \(")
    for fig in figures:
        texts = _texts(fig)
        assert not [t for t in texts if t in ids or with_kind.match(t)], texts
    timeline = _texts(figures[0])
    first = case.agreements[0]
    assert any(t.startswith((first.title or first.id)[:30]) for t in timeline), timeline


def test_the_obstacle_heat_map_colours_counts_on_a_discrete_scale(figures: list[Figure]) -> None:
    from matplotlib.colors import BoundaryNorm, ListedColormap

    report(datasets.load("bogor-kisarazu"), at="2018")
    heat = next(f for f in figures if any("Obstacles by category" in t for t in _texts(f)))
    image = heat.axes[0].images[0]
    counts = image.get_array()
    top = int(counts.max())
    assert isinstance(image.cmap, ListedColormap) and top + 1 == image.cmap.N  # one colour per count 0..top
    assert isinstance(image.norm, BoundaryNorm)
    ticks = heat.axes[-1].get_yticks()
    assert all(float(t).is_integer() for t in ticks), ticks


def _overlaps(fig: Figure) -> list[tuple[str, str]]:
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    marks = [t for ax in fig.axes for t in ax.texts if isinstance(t, Annotation)]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in marks]
    return [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1:] if ba.overlaps(bb)]


def test_k_of_n_marks_of_the_trajectory_do_not_overlap(figures: list[Figure]) -> None:
    # two sectors at the same rate in 2017 put their k/n marks on one spot
    report(_many(45), at="2018")
    trajectory = next(f for f in figures if any("rate by sector over time" in t for t in _texts(f)))
    marks = [t.get_text() for ax in trajectory.axes for t in ax.texts]
    assert marks and all(re.fullmatch(r"\d+/\d+", m) for m in marks), marks
    assert _overlaps(trajectory) == []
    if len(marks) < 4:  # a mark with no free place is left out, and the axis says so
        assert "some left out" in trajectory.axes[0].get_xlabel()


def test_one_commitment_one_actor_per_side(figures: list[Figure]) -> None:
    case = Case.model_validate({
        "id": "one", "title": "One",
        "actors": [{"id": "a", "name": "A", "level": "subnational", "country": "ID"},
                   {"id": "b", "name": "B", "level": "subnational", "country": "JP"}],
        "agreements": [{"id": "x", "title": "Letter of intent", "kind": "loi", "parties": ["a", "b"],
                        "signed": "2016", "sectors": ["health"]}],
        "commitments": [{"id": "c", "agreement": "x", "sector": "health", "title": "Clinic twinning"}],
        "observations": [{"commitment": "c", "date": "2017", "level": 2}]})
    report(case, at="2018")
    texts = [t for f in figures for t in _texts(f)]
    assert {"Clinic twinning", "Letter of intent", "Health"} <= set(texts)
    assert not {"x", "c", "health"} & set(texts)
