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
