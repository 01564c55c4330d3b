"""Import hygiene: the public API is complete and light."""

from __future__ import annotations

import subprocess
import sys

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
