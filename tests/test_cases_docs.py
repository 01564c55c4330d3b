"""The examples of docs/comparing-cases.md run, and print what the page says."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_comparing_cases_page_examples_run() -> None:
    result = doctest.testfile(str(DOCS / "comparing-cases.md"), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_the_pages_python_blocks_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The figure snippets (plain ``python`` blocks) run too, with the page's ``cs``."""
    monkeypatch.chdir(tmp_path)
    text = (DOCS / "comparing-cases.md").read_text(encoding="utf-8")
    namespace: dict[str, object] = {}
    exec("from sistercity.cases import CaseSet\n"
         "cs = CaseSet.from_datasets(['bogor-kisarazu', 'bandung-suwon', 'baubau-seoul', 'surabaya-kochi'])",
         namespace)
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 2
    for block in blocks:
        exec(block, namespace)
    assert (tmp_path / "coverage.png").stat().st_size > 2000
    assert (tmp_path / "age.png").stat().st_size > 2000
