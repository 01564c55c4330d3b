"""docs/interdependence.md's numbers are the ones the code computes: its examples run as doctests."""

from __future__ import annotations

import doctest
import os
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "interdependence.md"
_NETWORK = "## 10. Partnership networks at scale"
_LIST = Path("shared") / "data" / "twin-cities" / "twin_cities_wikipedia.csv"


def _twin_cities() -> Path | None:
    """The Wikipedia list of twin towns (not shipped): ``$SISTERCITY_TWIN_CITIES`` or ``shared/`` beside a parent."""
    env = os.environ.get("SISTERCITY_TWIN_CITIES")
    if env and Path(env).is_file():
        return Path(env)
    for base in DOC.parents:
        if (base / _LIST).is_file():
            return base / _LIST
    return None


def _run(text: str, name: str) -> doctest.TestResults:
    test = doctest.DocTestParser().get_doctest(text, {"__name__": name}, name, str(DOC), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    runner.run(test)
    return runner.summarize(verbose=False)


def test_the_interdependence_examples_run() -> None:
    """Sections 1–9: the demo case and the bundled Bogor–Kisarazu case."""
    text = DOC.read_text(encoding="utf-8")
    assert _NETWORK in text
    result = _run(text.split(_NETWORK)[0], "interdependence.md")
    assert result.failed == 0 and result.attempted > 60


def test_the_partnership_network_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Section 10: the Wikipedia list of twin towns, when it is found."""
    path = _twin_cities()
    if path is None:
        pytest.skip("twin_cities_wikipedia.csv not found (set SISTERCITY_TWIN_CITIES)")
    monkeypatch.setenv("SISTERCITY_TWIN_CITIES", str(path))
    text = DOC.read_text(encoding="utf-8")
    result = _run(_NETWORK + text.split(_NETWORK)[1], "interdependence.md, section 10")
    assert result.failed == 0 and result.attempted > 10
