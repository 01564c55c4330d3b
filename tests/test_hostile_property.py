"""Hostile mutations of the bundled case (issue 9, "Done when"): refused cleanly, or every analysis runs.

Each example mutates the Bogor–Kisarazu case (types, keys, sizes, dates, control
characters; :func:`strategies.hostile.mutations`), writes it as YAML or JSON, and
reads it. Refused: the library's own error, every problem one bounded line with a
field path or a position, and ``sistercity validate`` (run in-process) printing no
control character. Accepted: every analysis, plot and ``summary`` runs on it.
Either way within a time bound.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sistercity import Case, alignment, datasets, implementation, interdependence, legal, lifecycle, obstacles
from sistercity import plotting as pl
from sistercity.cli import main
from sistercity.exceptions import MAX_MESSAGE, CaseValidationError, Problem
from sistercity.io import loads_case
from strategies.hostile import Mutated, mutations

BASE: dict[str, Any] = datasets.load("bogor-kisarazu").to_dict()
MAX_LINE = 2 * MAX_MESSAGE + 200
"""Longest problem line: a cut message and a cut path (each at most MAX_MESSAGE and its length said), and a file."""
MAX_SECONDS = 20.0
"""Time bound per input, reading and validating it (generous: the test machine is shared)."""
_ESCAPES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_TMP = Path(tempfile.mkdtemp(prefix="sistercity-hostile-"))


def _text(data: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)


def _validate_cli(path: Path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", str(path)])
    return code, out.getvalue() + err.getvalue()


def every_analysis(case: Case, path: Path, drawn: int) -> None:
    """Run every analysis, plot and ``summary`` on an accepted case (each must not raise).

    Every plot is made; the one at ``drawn`` is also drawn (its texts laid out, mathtext
    parsed), one per example to keep the property fast.
    """
    implementation.status(case)
    implementation.agreement_rates(case)
    implementation.sector_coverage(case)
    implementation.trajectory(case)
    obstacles.obstacle_counts(case)
    obstacles.mitigation_status(case)
    obstacles.obstacle_impacts(case)
    obstacles.blocked(case)
    interdependence.profile(case)
    interdependence.dependence(case)
    lifecycle.lifecycle(case)
    legal.check(case, jurisdiction="ID")
    alignment.alignment_table(case)
    alignment.unserved_targets(case)
    plots = [pl.timeline, pl.plot_sector_coverage, pl.plot_obstacles, pl.interdependence_graph,
             pl.plot_status_heatmap, pl.plot_trajectory]
    for k, plot in enumerate(plots):
        figure = plot(case).figure
        if k == drawn % len(plots):
            figure.set_layout_engine("none")  # every text drawn (mathtext parsed), without layout passes
            with warnings.catch_warnings():  # a control character the font lacks is drawn as a box
                warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font", category=UserWarning)
                figure.draw_without_rendering()
        plt.close("all")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["summary", str(path)]) == 0
    assert not _ESCAPES.search(out.getvalue())


@given(mutations(BASE), st.sampled_from(["yaml", "json"]), st.integers(0, 5))
def test_a_hostile_mutation_is_refused_cleanly_or_fully_usable(mutated: Mutated, fmt: str, drawn: int) -> None:
    try:
        text = _text(mutated.data, fmt)
    except (ValueError, TypeError, RecursionError):  # e.g. json.dumps of a key no JSON has
        return
    path = _TMP / f"case.{fmt}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    start = time.perf_counter()
    case: Case | None = None
    problems: tuple[Problem, ...] = ()
    try:
        case = loads_case(text, format=fmt, file=str(path))  # type: ignore[arg-type]
    except CaseValidationError as err:  # the library's own error, and nothing else
        problems = err.problems
    assert time.perf_counter() - start < MAX_SECONDS
    assert (case is None) == bool(problems)
    for p in problems:
        line = str(p)
        assert len(line) <= MAX_LINE, line[:300]
        assert p.path or p.line is not None, line  # where: a field path, or a position in the file
        assert not _ESCAPES.search(line), line
    code, printed = _validate_cli(path)
    assert code == (1 if case is None else 0), printed[:500]
    assert not _ESCAPES.search(printed)
    if case is not None:
        every_analysis(case, path, drawn)


def test_a_long_trajectory_gets_a_readable_number_of_ticks() -> None:
    """Found by the mutation property: a valid edge date makes thousands of yearly periods (each was a tick).

    Pinned here with a shorter span (an observation in 1800: ~220 periods) to stay fast.
    """
    data = json.loads(json.dumps(BASE))
    data["observations"][2]["date"] = "1800"
    case = loads_case(json.dumps(data), format="json")
    for plot in (pl.plot_status_heatmap, pl.plot_trajectory):
        ax = plot(case)
        assert len(ax.get_xticks()) <= 60, plot.__name__


def test_the_report_runs_on_an_accepted_hostile_case(tmp_path: Path) -> None:
    """The one fixed check of the report (it is too slow for every example): accepted mutations of each kind."""
    data = json.loads(json.dumps(BASE))
    data["title"] = "Kota $x^$ \x1b[2J\u202e"
    data["actors"][0]["name"] = "Kota $Bogor$\x85"
    data["events"][0]["date"] = "9999-06"
    data["agreements"][0]["signed"] = "0001-01-01"
    data["observations"][0]["date"] = "1999"  # before the agreement took effect: a warning, not an error
    data["notes"] = data["notes"] * 50
    data["sources"][0]["title"] = "z" * 100_000
    path = tmp_path / "case.yaml"
    path.write_text(_text(data, "yaml"), encoding="utf-8")
    case = loads_case(path.read_text(encoding="utf-8"), format="yaml")
    every_analysis(case, path, 0)
    out = tmp_path / "report.html"
    assert main(["report", str(path), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "\x1b" not in page and "Kota $Bogor$" in page
