"""Text that is safe to print on a terminal or write to a log line (private)."""

from __future__ import annotations

import re

__all__ = ["printable"]

# Unicode category Cc (C0, DEL, C1), Zl and Zp (line and paragraph separators), bidi embeddings/overrides/isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    r"""``text`` with control characters written as ``repr`` writes them, so it is one inert line.

    Escapes C0 and C1 controls (newline, carriage return, ESC, ...), DEL, the
    Unicode line and paragraph separators and the bidirectional overrides: printed,
    the text can neither start a new line (forging another message) nor send the
    terminal an escape sequence. A backslash is left as it is.

    >>> printable("zz\nfake.yaml:1:1: id: looks fine\x1b[2J")
    'zz\\nfake.yaml:1:1: id: looks fine\\x1b[2J'
    >>> printable("Kota Bogor – Kisarazu")
    'Kota Bogor – Kisarazu'
    """
    return _UNSAFE.sub(lambda m: repr(m.group())[1:-1], text)
