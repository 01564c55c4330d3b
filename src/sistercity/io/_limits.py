"""The default limits of every file reader (private; documented in :mod:`sistercity.io`)."""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_DEPTH", "DEFAULT_MAX_NODES"]

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
"""Largest file read by default (32 MiB)."""
DEFAULT_MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted by default."""
DEFAULT_MAX_NODES = 2_000_000
"""Most YAML nodes a document may expand to (aliases counted in full) by default."""
