"""Bytes and text in: a file read within a size limit, and text decoded and checked (private)."""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from sistercity.exceptions import ArgumentTypeError, CaseValidationError, Problem

__all__ = ["decode", "read_bytes"]


def read_bytes(path: object, max_bytes: int) -> tuple[bytes, str]:
    """The bytes of the file at ``path`` and its name, within ``max_bytes``; our errors otherwise."""
    if not isinstance(path, (str, PathLike)):
        raise ArgumentTypeError(f"path must be a file path (str or os.PathLike), got {type(path).__name__}")
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise CaseValidationError(
                [Problem(f"the file has {size:,} bytes; the limit is {max_bytes:,} (max_bytes)", file=name)]
            )
        return p.read_bytes(), name
    except OSError as err:
        raise CaseValidationError([Problem(f"cannot read the file: {err.strerror or err}", file=name)]) from None


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
