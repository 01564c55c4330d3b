"""Tests of the timeline plot: it draws, on the given or the current Axes, at every precision."""

from __future__ import annotations

import datetime
import subprocess
import sys

import matplotlib.pyplot as plt
import pytest

from sistercity import ArgumentTypeError, Case, datasets
from sistercity.lifecycle import lifecycle
from sistercity.plotting import LEVEL_COLORS, timeline


def _labels(ax: plt.Axes) -> list[str]:
    return [t.get_text() for t in ax.get_yticklabels()]


def test_bundled_case_draws() -> None:
    case = datasets.load("bogor-kisarazu")
    fig, ax = plt.subplots()
    out = timeline(case, at="2018-12-31", ax=ax)
    assert out is ax
    labels = _labels(ax)
    # rows are labelled as the tables label them: titles (cut to 38 characters), not ids
    assert labels[0] == "Letter of Intent — Agreement of Frien…"
    assert labels[1] == "events"
    assert "Eel (ikan sidat, unagi) cultivation" in labels
    assert not {"loi-2016 (letter of intent)", "student-exchange", "eel"} & set(labels)
    # the term bar and the renewal window are drawn (broken_barh collections)
    assert len(ax.collections) >= 2
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"in force", "renewal window", "signing", "level 3 full"} <= set(legend)
    fig.canvas.draw()


def test_ax_none_makes_a_new_figure() -> None:
    _fig, ax = plt.subplots()
    new = timeline(datasets.load("bogor-kisarazu"))
    assert new is not ax and new.figure is not ax.figure
    assert new.figure.get_layout_engine() is not None


def test_precomputed_lifecycle_and_options() -> None:
    case = datasets.load("bogor-kisarazu")
    table = lifecycle(case, at="2021-06")
    ax = timeline(case, lifecycle_table=table, events=False, observations=False, labels=False)
    assert _labels(ax) == ["loi-2016 (letter of intent)"]


def test_partial_dates_and_open_end() -> None:
    case = Case(
        id="t", title="T",
        actors=[dict(id="a", name="A", level="subnational", country="ID"),
                dict(id="b", name="B", level="subnational", country="JP")],
        agreements=[dict(id="year", kind="loi", parties=["a", "b"], signed="2016", term="P5Y",
                         renewal_window="P6M"),
                    dict(id="month", kind="mou", parties=["a", "b"], signed="2016-11", term="P2Y"),
                    dict(id="open", kind="friendship_agreement", parties=["a", "b"], signed="2017-03-01"),
                    dict(id="undated", kind="other", parties=["a", "b"])],
        commitments=[dict(id="c1", agreement="year", sector="culture", title="Festival")],
        observations=[dict(commitment="c1", date="2017", level=1), dict(commitment="c1", date="2018-05-02", level=3)],
        events=[dict(id="e1", date="2016-11", kind="signing", title="Signing")],
    )
    fig, ax = plt.subplots()
    timeline(case, at="2019", ax=ax, labels=False)
    assert _labels(ax) == ["year (letter of intent)", "month (memorandum of understanding)",
                           "open (friendship agreement)", "undated (other)", "events", "c1"]
    # by title: an agreement without one keeps its id
    assert _labels(timeline(case, at="2019"))[-2:] == ["events", "Festival"]
    assert _labels(timeline(case))[0] == "year"
    colours = {line.get_color() for line in ax.get_lines()}
    assert {LEVEL_COLORS[1], LEVEL_COLORS[3]} <= colours
    fig.canvas.draw()


def test_empty_case() -> None:
    _fig, ax = plt.subplots()
    timeline(Case(id="e", title="E"), ax=ax)
    assert ax.texts and "no dated" in ax.texts[0].get_text()


def test_bad_data() -> None:
    with pytest.raises(TypeError, match="Case or CaseTables"):
        timeline(42)  # type: ignore[arg-type]


def test_importing_does_not_import_matplotlib() -> None:
    code = ("import sys, sistercity.plotting._timeline, sistercity.lifecycle, sistercity.legal, "
            "sistercity.alignment; print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("ax", ["x", [1], plt])
def test_an_ax_that_is_not_an_axes_is_a_type_error(ax: object) -> None:
    with pytest.raises(ArgumentTypeError, match="ax must be a matplotlib Axes or None; got "):
        timeline(datasets.load("bogor-kisarazu"), ax=ax)  # type: ignore[arg-type]


@pytest.mark.parametrize("at", [datetime.date.max, datetime.date.min, "9999", "0001"])
def test_dates_at_the_edge_of_the_supported_range_draw(at: object) -> None:
    """Years 1 and 9999 are supported: the padding around them stops at the range's edge."""
    ax = timeline(datasets.load("bogor-kisarazu"), at=at)  # type: ignore[arg-type]
    ax.figure.canvas.draw()
    lo, hi = ax.get_xlim()
    assert lo < hi


def test_long_titles_are_cut_and_a_title_with_dollars_stays_text() -> None:
    d = datasets.load("bogor-kisarazu").model_dump(mode="json", exclude_none=True)
    d["agreements"][0]["title"] = "$x^$ " + "Very long agreement title " * 4
    d["commitments"][0]["title"] = "Short"
    ax = timeline(Case.model_validate(d))
    labels = _labels(ax)
    assert labels[0] == r"\$x^\$ Very long agreement title Very l…"  # 38 characters, the $ escaped
    assert "Short" in labels
    ax.figure.canvas.draw()


def test_labels_must_be_a_flag() -> None:
    with pytest.raises(ArgumentTypeError, match="labels"):
        timeline(datasets.load("bogor-kisarazu"), labels="yes")  # type: ignore[arg-type]


def test_a_title_over_several_lines_is_one_row_label() -> None:
    d = datasets.load("bogor-kisarazu").model_dump(mode="json", exclude_none=True)
    d["commitments"][0]["title"] = "Student\n\n\nexchange\t programme"
    assert "Student exchange programme" in _labels(timeline(Case.model_validate(d)))
