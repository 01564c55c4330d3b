"""The README's example runs and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_example_prints_the_headline() -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"## A first look\n\n```python\n(.*?)```", text, re.S)
    assert block is not None
    promised = re.search(r"prints `([^`]+)`", text[block.end():])
    assert promised is not None
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block.group(1), "README.md", "exec"), {})
    assert out.getvalue().strip() == promised.group(1)


def test_readme_commands_are_the_ci_commands() -> None:
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    text = README.read_text(encoding="utf-8")
    test_cmd = re.search(r"Set up and run the tests.*?```bash\n(.*?)\n```", text, re.S)
    assert test_cmd is not None
    assert test_cmd.group(1).replace("python3", "$PYTHON") in ci
