"""Reading a file within a size bound, whatever its size claims (private; io and network use it).

The file is opened without blocking, anything but a regular file is refused before a byte
is read, and at most ``max_bytes + 1`` bytes are read: ``/dev/zero``, a FIFO with no writer
and a file that grows while it is read are all refused at once.
"""

from __future__ import annotations

import os
import stat
from os import PathLike
from pathlib import Path

from sistercity.exceptions import ArgumentTypeError, CaseValidationError, Problem

__all__ = ["read_bytes"]


def _kind_of(mode: int) -> str:
    for test, what in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "not a regular file"


def read_bytes(path: object, max_bytes: int, *, what: str = "the file") -> tuple[bytes, str]:
    """The bytes of the file at ``path`` and its name, within ``max_bytes``; our errors otherwise.

    ``what`` names the file in messages (``"the file"``, ``"the pair list"``).

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
        raise CaseValidationError([Problem(f"cannot read {what}: {reason}", file=name)]) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CaseValidationError([Problem(
                f"cannot read {what}: it is {_kind_of(info.st_mode)}, not a regular file; save the data to a "
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
        raise CaseValidationError([Problem(f"cannot read {what}: {err.strerror or err}", file=name)]) from None
    finally:
        os.close(fd)
    if info.st_size > max_bytes or len(raw) > max_bytes:
        raise CaseValidationError([Problem(
            (f"{what} has {info.st_size:,} bytes" if info.st_size > max_bytes else
             f"{what} has more than {max_bytes:,} bytes") + f"; the limit is {max_bytes:,} (max_bytes): "
            "pass a larger max_bytes= to read it",
            file=name)])
    return raw, name
