"""JSON with duplicate keys, ``NaN`` and depth refused, and positions from one cheap pass (private).

The data come from :func:`json.loads`. Positions are needed only when there is a
problem to report; then :func:`scan` walks the text once, token by token, and
finds where every value and key stands, the duplicate keys, the bare constants
(``NaN``, ``Infinity``), integers too long to read, and the first place nested
deeper than the limit.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sistercity._errors import KEY, Loc, format_loc
from sistercity.exceptions import CaseValidationError, Problem

__all__ = ["json_positions", "load_json", "scan"]

_TOKEN = re.compile(r'\s*(?:("(?:[^"\\]|\\.)*")|([{}\[\]:,])|([^\s{}\[\]:,"]+))', re.S)
_MAX_DIGITS = 4300
_CONSTANTS = ("NaN", "Infinity", "-Infinity")


@dataclass
class Scan:
    """What one pass over a JSON text found (1-based lines and columns)."""

    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[tuple[str, Loc, tuple[int, int]]] = field(default_factory=list)
    bad: list[tuple[str, Loc, tuple[int, int]]] = field(default_factory=list)
    too_deep: tuple[int, int] | None = None


def scan(text: str, max_depth: int) -> Scan:
    """One pass over ``text`` (assumed to be JSON up to its first syntax error)."""
    newlines = [m.start() for m in re.finditer("\n", text)]

    def at(pos: int) -> tuple[int, int]:
        line = bisect.bisect_left(newlines, pos)
        return line + 1, pos - (newlines[line - 1] if line else -1)

    out = Scan()
    # a frame: [loc, keys seen (None for a list), current key or index, expecting a key]
    stack: list[list[Any]] = []
    pos = 0
    while True:
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            break
        pos = m.end()
        start = m.start(m.lastindex or 0)
        string, punct, literal = m.group(1), m.group(2), m.group(3)
        top = stack[-1] if stack else None
        if punct in ("}", "]"):
            if stack:
                stack.pop()
            continue
        if punct == ",":
            if top is not None:
                if top[1] is None:
                    top[2] += 1
                else:
                    top[3] = True
            continue
        if punct == ":":
            continue
        if top is not None and top[1] is not None and top[3]:  # a key
            try:
                key = json.loads(string) if string else str(literal)
            except ValueError:
                key = string or ""
            key = str(key)
            where = at(start)
            if key in top[1]:
                out.duplicates.append((key, top[0], where))
            top[1].add(key)
            top[2], top[3] = key, False
            out.positions[(*top[0], key, KEY)] = where
            continue
        loc: Loc = () if top is None else (*top[0], top[2])
        where = at(start)
        out.positions.setdefault(loc, where)
        if literal is not None:
            digits = literal.lstrip("-")
            if literal in _CONSTANTS:
                out.bad.append((f"{literal} is not valid JSON (not a number)", loc, where))
            elif digits.isdigit() and len(digits) > _MAX_DIGITS:
                out.bad.append((f"the integer {literal[:40]}... has {len(digits):,} digits; integers of more than "
                                f"{_MAX_DIGITS:,} digits are not read", loc, where))
        elif punct in ("{", "["):
            if len(stack) + 1 > max_depth:
                out.too_deep = where
                break  # nothing deeper is looked at: paths would grow with the depth
            stack.append([loc, set() if punct == "{" else None, 0, punct == "{"])
    return out


def json_positions(text: str, max_depth: int, max_nodes: int = 0) -> dict[Loc, tuple[int, int]]:
    """Map each field path of a JSON text to where its value starts (``(*path, KEY)``: its key)."""
    return scan(text, max_depth).positions


def load_json(text: str, file: str | None, max_depth: int) -> Any:
    """The data of a JSON document; every error is ours, with its line and column."""
    dups: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)
        if len(out) < len(items):
            dups.append("")
        return out

    def constant(name: str) -> Any:
        raise ValueError(name)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as err:
        raise CaseValidationError(
            [Problem(f"JSON syntax: {err.msg}", file=file, line=err.lineno, column=err.colno)]
        ) from None
    except (ValueError, RecursionError):  # a bare constant, an integer too long, nesting beyond the stack
        raise _found(text, file, max_depth, deep_as=max_depth) from None
    if dups or _depth(data) > max_depth:
        raise _found(text, file, max_depth, deep_as=max_depth)
    return data


def _found(text: str, file: str | None, max_depth: int, deep_as: int) -> CaseValidationError:
    """The problems the scan finds, each with its line, column and field path."""
    found = scan(text, max_depth)
    problems = [Problem(f"duplicate key {key!r} in an object: the later value would silently replace the earlier",
                        format_loc(loc), file, *where) for key, loc, where in found.duplicates]
    problems += [Problem(message, format_loc(loc), file, *where) for message, loc, where in found.bad]
    if found.too_deep is not None:
        problems.append(Problem(f"nesting deeper than {deep_as} levels (max_depth)", "", file, *found.too_deep))
    if not problems:
        problems.append(Problem("the document is nested too deeply", file=file))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return CaseValidationError(problems)


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
