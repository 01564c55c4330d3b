"""Hostile text: strings that break a page, a template, a format string or matplotlib when not escaped.

:func:`hostile_text` draws one such string (never empty, never only white space), from a
list of known payloads (HTML and attribute injection, template syntax, ``%`` formats,
mathtext ``$...$``, control characters, bidirectional overrides) or at random.
:data:`FREE_TEXT_FIELDS` names the free-text fields of a case file (those without an
id, date, vocabulary or URL rule); :func:`fill_text` writes drawn strings into every one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

PAYLOADS = (
    "<script>alert(1)</script>",
    "</table></section><script>x()</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(2)' x='",
    "<iframe src=javascript:alert(3)>",
    "</style><script>s()</script>",
    "javascript:alert(4)",
    "{{ 7*7 }} {% for x in y %}{# c #}",
    "%(at)s %s %%",
    "$\\frac{1}{0}$",
    "$x^2$ and $y$",
    "a $ b \\$ c",
    "\\",
    "&amp; &lt; &#x3c; &",
    "]]><!-- -->",
    "\x00\x07\x1b[31m\x7f\x85",
    "\u202eevil\u202c \u200b",
    "\r\n\ttabs",
    "日本語 Bahasa 🙂",
)


def hostile_text() -> st.SearchStrategy[str]:
    """One hostile string: a known payload, a mix of them, or random text."""
    payload = st.sampled_from(PAYLOADS)
    mixed = st.lists(payload, min_size=2, max_size=3).map(" ".join)
    return (payload | mixed | st.text(min_size=1, max_size=40)).filter(lambda s: s.strip() != "")


FREE_TEXT_FIELDS = frozenset({"title", "name", "description", "note", "quote", "locator", "text", "author",
                              "publisher", "location", "coder", "label"})
"""The free-text fields of a case file (``notes`` items are free text too)."""


def fill_text(data: Any, text: Callable[[], str]) -> Any:
    """``data`` (a case as a dict) with every free-text field and note replaced by ``text()``."""
    if isinstance(data, dict):
        out = {}
        for key, value in data.items():
            if key in FREE_TEXT_FIELDS and isinstance(value, str):
                out[key] = text()
            elif key == "notes" and isinstance(value, list):
                out[key] = [text() for _ in value]
            else:
                out[key] = fill_text(value, text)
        return out
    if isinstance(data, list):
        return [fill_text(v, text) for v in data]
    return data


# --------------------------------------------------------------------------- mutations of a whole case

Path = tuple[str | int, ...]

CONTROL = "\x00\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\u2028\u202e\ufeff\r\n\t"
"""Characters a terminal, a log or a YAML reader may treat as more than text."""

EDGE_DATES: tuple[object, ...] = (
    "0001-01-01", "0001", "9999-12-31", "9999-06", "9999", "2016-02-30", "2016-13", "2016-00", "16", 16, 2016,
    "2016-1-5", "20161118", "2016-11-18T00:00", " 2016 ", "-2016", "10000", "2016-11-18 ", "", "P5Y", 2016.5,
    "٢٠١٦", "2016‐11",
)
"""Dates at and beyond the supported range, impossible days, numbers, and text that only looks like a date."""

DATE_FIELDS = frozenset({"signed", "effective", "ends", "date", "proposed", "identified", "period_start",
                         "period_end", "year", "term", "renewal_window"})


def _paths(data: Any, here: Path = ()) -> list[Path]:
    """Every path to a value in ``data``, containers included (the root is ``()``)."""
    out = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(_paths(value, (*here, key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.extend(_paths(value, (*here, i)))
    return out


def _get(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: Path, value: Any) -> Any:
    """A copy of ``data`` with the value at ``path`` replaced (``path == ()``: the whole document)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {**data, head: _set(data[head], rest, value)}
    out = list(data)
    out[int(head)] = _set(data[int(head)], rest, value)
    return out


def hostile_values() -> st.SearchStrategy[Any]:
    """A value of the wrong type, size or content for (almost) any field."""
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(allow_nan=True, allow_infinity=True),
        hostile_text(), st.sampled_from(EDGE_DATES), st.text(st.sampled_from(CONTROL), min_size=1, max_size=4),
        st.integers(1_000, 200_000).map(lambda n: "z" * n),
    )
    return st.one_of(scalars, st.lists(scalars, max_size=3), st.dictionaries(hostile_text(), scalars, max_size=2))


class Mutated:
    """A mutated case (``data``) and what was done to it (``said``); its repr is only what was done."""

    def __init__(self, data: Any, said: list[str]) -> None:
        self.data = data
        self.said = said

    def __repr__(self) -> str:
        return f"Mutated({'; '.join(self.said)})"


@st.composite
def mutations(draw: st.DrawFn, base: dict[str, Any]) -> Mutated:
    """``base`` (a case as a dict) with one to three hostile changes, and a description of each.

    Changes: a value replaced by one of another type, size or content; a key added
    (text with control characters, or not text at all) or removed; a date field set
    to an edge or impossible date; a string given control characters; a record list
    repeated many times; a value nested deeper than any case file.
    """
    data: Any = base
    said: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths[1:] or paths))  # the whole document only by "value at ()" below
        kind = draw(st.sampled_from(["text", "value", "key", "drop", "date", "control", "repeat", "deep"]))
        target = _get(data, path)
        if kind == "text":
            texts = [p for p in paths if p and p[-1] in FREE_TEXT_FIELDS]
            if texts:
                path = draw(st.sampled_from(texts))
                data = _set(data, path, draw(hostile_text()))
        elif kind == "key" and isinstance(target, dict):
            key = draw(hostile_text() | st.integers() | st.booleans() | st.none())
            data = _set(data, path, {**target, key: draw(hostile_values())})
        elif kind == "drop" and path:
            parent = _get(data, path[:-1])
            if isinstance(parent, dict):
                data = _set(data, path[:-1], {k: v for k, v in parent.items() if k != path[-1]})
            else:
                data = _set(data, path[:-1], [v for i, v in enumerate(parent) if i != path[-1]])
        elif kind == "date":
            dated = [p for p in paths if p and p[-1] in DATE_FIELDS]
            if dated:
                path = draw(st.sampled_from(dated))
                data = _set(data, path, draw(st.sampled_from(EDGE_DATES)))
        elif kind == "control" and isinstance(target, str):
            at = draw(st.integers(0, len(target)))
            data = _set(data, path, target[:at] + draw(st.text(st.sampled_from(CONTROL), min_size=1,
                                                                max_size=3)) + target[at:])
        elif kind == "repeat" and isinstance(target, list) and target:
            data = _set(data, path, target * draw(st.integers(2, 300)))
        elif kind == "deep":
            nested: Any = "x"
            for _ in range(draw(st.integers(10, 120))):
                nested = [nested]
            data = _set(data, path, nested)
        else:
            kind = "value"
            if draw(st.integers(0, 49)) == 0:
                path = ()
            data = _set(data, path, draw(hostile_values()))
        said.append(f"{kind} at {path!r}")
    return Mutated(data, said)
