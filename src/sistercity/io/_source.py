"""Bytes and text in: a file read within a size limit, and text decoded and checked (private)."""

from __future__ import annotations

from sistercity._files import read_bytes
from sistercity.exceptions import CaseValidationError, Problem

__all__ = ["decode", "read_bytes"]


def decode(text: str | bytes, file: str | None, max_bytes: int) -> str:
    """``text`` as a ``str``: within ``max_bytes``, without NUL, and (for bytes) valid UTF-8."""
    if isinstance(text, str):
        if len(text) > max_bytes:
            raise CaseValidationError(
                [Problem(f"the text has {len(text):,} characters; the limit is {max_bytes:,} (max_bytes)", file=file)]
            )
        if "\x00" in text:
            raise CaseValidationError(
                [Problem("the text contains NUL characters; expected YAML or JSON text", file=file)]
            )
        return text
    if len(text) > max_bytes:
        raise CaseValidationError(
            [Problem(f"the file has {len(text):,} bytes; the limit is {max_bytes:,} (max_bytes)", file=file)]
        )
    if b"\x00" in text:
        raise CaseValidationError(
            [Problem("the file contains NUL bytes: it looks binary; expected UTF-8 YAML or JSON text", file=file)]
        )
    try:
        return text.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = text[: err.start].count(b"\n") + 1
        raise CaseValidationError(
            [Problem(f"the file is not valid UTF-8 (byte {err.start}: {err.reason}); save it as UTF-8",
                     file=file, line=line)]
        ) from None
