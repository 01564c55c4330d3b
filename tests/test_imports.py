"""Import hygiene: the public API is complete and light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import sistercity


def test_import_does_not_import_matplotlib() -> None:
    code = "import sys, sistercity, sistercity.tables; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_all_names_exist_and_are_documented() -> None:
    for name in sistercity.__all__:
        obj = getattr(sistercity, name)
        if name != "__version__":
            assert (obj.__doc__ or "").strip(), name


def test_all_has_no_duplicates() -> None:
    assert len(set(sistercity.__all__)) == len(sistercity.__all__)


def test_import_is_lazy_about_what_most_scripts_never_touch() -> None:
    code = ("import sys, sistercity; "
            "print(sorted(m for m in ('networkx', 'jinja2', 'babel', 'defusedxml', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_public_name_loads_lazily_and_nothing_else_does() -> None:
    lazy = set(sistercity._SUBMODULES) | set(sistercity._NAMES)
    assert lazy | {"__version__"} == set(sistercity.__all__)
    with pytest.raises(AttributeError, match="no_such_name"):
        sistercity.no_such_name  # noqa: B018
