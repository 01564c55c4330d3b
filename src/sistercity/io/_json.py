"""JSON with duplicate keys, ``NaN`` and depth refused (private)."""

from __future__ import annotations

import json
from typing import Any

from sistercity.exceptions import CaseValidationError, Problem

__all__ = ["load_json"]


def load_json(text: str, file: str | None, max_depth: int) -> Any:
    """The data of a JSON document; every error is ours."""
    dups: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                dups.append(k)
            out[k] = v
        return out

    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not valid JSON")

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as err:
        raise CaseValidationError(
            [Problem(f"JSON syntax: {err.msg}", file=file, line=err.lineno, column=err.colno)]
        ) from None
    except ValueError as err:
        raise CaseValidationError([Problem(f"JSON syntax: {err}", file=file)]) from None
    except RecursionError:
        raise CaseValidationError([Problem("the document is nested too deeply", file=file)]) from None
    if _depth(data) > max_depth:
        raise CaseValidationError([Problem(f"nesting deeper than {max_depth} levels (max_depth)", file=file)])
    if dups:
        raise CaseValidationError(
            [Problem(f"duplicate key {k!r} in an object: the later value would silently replace the earlier",
                     file=file) for k in dups]
        )
    return data


def _depth(data: Any) -> int:
    """Deepest nesting of lists and mappings in ``data`` (iterative)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, d = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, d + 1)
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, d + 1)
            stack.extend((v, d + 1) for v in item)
    return deepest
