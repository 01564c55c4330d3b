"""The examples of docs/spreadsheets.md run, and print what the page says."""

from __future__ import annotations

import doctest
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_spreadsheets_page_examples_run() -> None:
    result = doctest.testfile(str(DOCS / "spreadsheets.md"), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
