"""The rule for record identifiers, shared by the model and the readers (private)."""

from __future__ import annotations

import re

from sistercity._errors import quote

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")


def check_id(value: str) -> str:
    """``value`` if it is a valid identifier; else a ``ValueError`` saying what an id may hold."""
    if not _ID_RE.match(value) or len(value) > 200:
        raise ValueError(
            f"{quote(value)} is not a valid id: use letters, digits, '_', '-', '.' or ':', "
            "starting with a letter or digit (at most 200 characters)"
        )
    return value
