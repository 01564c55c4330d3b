"""Bytes and text in: a file read within a size limit, and text decoded and checked (private)."""

from __future__ import annotations

import os
import stat
from os import PathLike
from pathlib import Path

from sistercity.exceptions import ArgumentTypeError, CaseValidationError, Problem

__all__ = ["decode", "read_bytes"]


def _kind_of(mode: int) -> str:
    for test, what in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "not a regular file"


def read_bytes(path: object, max_bytes: int) -> tuple[bytes, str]:
    """The bytes of the file at ``path`` and its name, within ``max_bytes``; our errors otherwise.

    The file is opened without blocking (a FIFO with no writer does not hang),
    anything but a regular file is refused before a byte is read (``/dev/zero``
    would never end), and at most ``max_bytes + 1`` bytes are read whatever its
    size says, so a file that grows while it is read is refused too.
    """
    if not isinstance(path, (str, PathLike)):
        raise ArgumentTypeError(f"path must be a file path (str or os.PathLike), got {type(path).__name__}")
    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(Path(path), flags)
    except (OSError, ValueError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise CaseValidationError([Problem(f"cannot read the file: {reason}", file=name)]) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CaseValidationError([Problem(
                f"cannot read the file: it is {_kind_of(info.st_mode)}, not a regular file; save the data to a "
                "file", file=name)])
        chunks: list[bytes] = []
        left = max_bytes + 1 if info.st_size <= max_bytes else 0
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        raw = b"".join(chunks)
    except OSError as err:
        raise CaseValidationError([Problem(f"cannot read the file: {err.strerror or err}", file=name)]) from None
    finally:
        os.close(fd)
    if info.st_size > max_bytes or len(raw) > max_bytes:
        raise CaseValidationError([Problem(
            (f"the file has {info.st_size:,} bytes" if info.st_size > max_bytes else
             f"the file has more than {max_bytes:,} bytes") + f"; the limit is {max_bytes:,} (max_bytes)",
            file=name)])
    return raw, name


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
