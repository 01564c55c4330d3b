"""The default limits of every file reader (private; documented in :mod:`sistercity.io`)."""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_DEPTH", "DEFAULT_MAX_NODES"]

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
"""Largest file read by default (32 MiB)."""
DEFAULT_MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted by default."""
DEFAULT_MAX_NODES = 2_000_000
"""Most YAML nodes a document may expand to (aliases counted in full) by default."""


def check_limits(max_bytes: object, max_depth: object, max_nodes: object, file: object = None) -> None:
    """Refuse limits that are not whole numbers of at least 1, and a ``file`` name that is not text.

    Raises
    ------
    sistercity.ArgumentTypeError
        For a limit that is not a whole number (``None``, ``"x"``, ``True``) or a ``file`` that
        is neither text nor ``None``.
    sistercity.ArgumentError
        For a limit below 1.
    """
    from sistercity._args import positive_int
    from sistercity.exceptions import ArgumentTypeError

    positive_int("max_bytes", max_bytes)
    positive_int("max_depth", max_depth)
    positive_int("max_nodes", max_nodes)
    if file is not None and not isinstance(file, str):
        raise ArgumentTypeError(f"file must be the file's name as text, or None; got {type(file).__name__}")
