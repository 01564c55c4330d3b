"""Prime implicants of a Boolean function given by its rows, as bit masks (private).

A row of a truth table with ``k`` conditions is an integer ``code`` whose bit
``k - 1 - i`` is the value of condition ``i`` (the first condition is the most
significant bit, so ``code + 1`` is the row number R's QCA package prints). A product
term (a *cube*) is a pair ``(mask, value)``: the bits of ``mask`` are the conditions the
term fixes, the bits of ``value`` (a subset of ``mask``) their values. A row lies in the
cube when ``row & mask == value``.

:func:`prime_implicants` finds every prime implicant of the function exactly. A cube
is an *implicant* when every row in it is allowed (a positive row, or a remainder when
remainders may be used), and *prime* when no cube with one condition fewer is an
implicant. Every prime implicant that covers a positive row ``p`` has the form
``(F, p & F)`` for some set of conditions ``F``, so the search runs over the ``2**k``
condition sets by increasing size and, for each, tests all positive rows at once with
NumPy: either "no forbidden row projects onto the same values" (when the forbidden rows
are listed) or "as many allowed rows project onto them as the cube has rows" (when the
allowed rows are listed). Both tests are exact; the smaller list is used. The cost is
``O(2**k * (n_positive + n_listed))``, against ``3**k`` cubes for the textbook
enumeration; the same prime implicants as Quine–McCluskey's merging (Quine 1952;
McCluskey 1956), which is the definition this follows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

Cube = tuple[int, int]
"""A product term: ``(mask, value)``."""

_CHUNK: Final = 1 << 21
"""Largest number of (condition set, row) pairs tested in one NumPy call."""

_TABLE: Final = 1 << 23
"""Largest count table (condition sets in a chunk times ``2**k``)."""


def row_code(values: Sequence[int]) -> int:
    """The code of a row given its condition values (first condition most significant)."""
    code = 0
    for v in values:
        code = (code << 1) | int(v)
    return code


def bits_of(code: int, k: int) -> list[int]:
    """The condition values of row ``code`` (first condition first)."""
    return [(code >> (k - 1 - i)) & 1 for i in range(k)]


def term_string(cube: Cube, names: Sequence[str]) -> str:
    """R's QCA notation of a cube: ``DEV*~URB*LIT``, conditions in the given order."""
    mask, value = cube
    k = len(names)
    parts = []
    for i, name in enumerate(names):
        bit = 1 << (k - 1 - i)
        if mask & bit:
            parts.append(name if value & bit else f"~{name}")
    return "*".join(parts) if parts else "1"


def term_order(cube: Cube, k: int) -> tuple[int, ...]:
    """Sort key of R's QCA package: fewer literals first, then condition by condition
    a negated literal before a present one before an absent condition.
    """
    mask, value = cube
    key = [mask.bit_count()]
    for i in range(k):
        bit = 1 << (k - 1 - i)
        key.append((1 if value & bit else 0) if mask & bit else 2)
    return tuple(key)


def cube_rows(cube: Cube, k: int) -> IntArray:
    """Every row code in the cube, ascending."""
    mask, value = cube
    free = [1 << b for b in range(k) if not mask & (1 << b)]
    rows = np.array([value], dtype=np.int64)
    for bit in free:
        rows = np.concatenate([rows, rows | bit])
    return np.sort(rows)


def covers(cube: Cube, rows: IntArray) -> BoolArray:
    """Which of ``rows`` lie in ``cube``."""
    mask, value = cube
    return np.asarray((rows & mask) == value, dtype=np.bool_)


def _levels(k: int) -> list[IntArray]:
    masks = np.arange(1 << k, dtype=np.int64)
    counts = np.bitwise_count(masks)
    return [masks[counts == j] for j in range(k + 1)]


def _implicant_flags(k: int, level: int, masks: IntArray, positive: IntArray, listed: IntArray,
                     listed_are_allowed: bool) -> BoolArray:
    """``flags[f, p]``: is the cube ``(masks[f], positive[p] & masks[f])`` an implicant (a bool per pair).

    Each (condition set, projected row) pair gets the key ``f * 2**k + (row & mask)``; a
    table over the keys (a ``bincount``) then counts the listed rows in every cube at once.
    """
    n_f = len(masks)
    size = 1 << (k - level)
    if listed_are_allowed and size > len(listed):
        return np.zeros((n_f, len(positive)), dtype=np.bool_)
    out = np.empty((n_f, len(positive)), dtype=np.bool_)
    step = max(1, min(_CHUNK // max(1, len(positive) + len(listed)), _TABLE >> k))
    for lo in range(0, n_f, step):
        f = masks[lo:lo + step]
        tag = np.arange(len(f), dtype=np.int64)[:, None] << k
        pos_keys = (tag | (positive[None, :] & f[:, None])).ravel()
        listed_keys = (tag | (listed[None, :] & f[:, None])).ravel()
        counts = np.bincount(listed_keys, minlength=len(f) << k)[pos_keys]
        ok = counts == size if listed_are_allowed else counts == 0
        out[lo:lo + step] = ok.reshape(len(f), len(positive))
    return out


def prime_implicants(k: int, positive: IntArray, *, forbidden: IntArray | None = None,
                     allowed: IntArray | None = None) -> list[Cube]:
    """Every prime implicant covering at least one positive row, sorted in R's order.

    Parameters
    ----------
    k
        Number of conditions.
    positive
        Codes of the positive rows (the rows to explain).
    forbidden, allowed
        Exactly one of them: the rows no implicant may contain (every other row is
        allowed: the positive rows and the remainders), or the rows an implicant may
        contain (every other row is forbidden). ``allowed`` must include ``positive``.
    """
    if (forbidden is None) == (allowed is None):
        raise ValueError("give exactly one of forbidden and allowed")
    pos = np.unique(np.asarray(positive, dtype=np.int64))
    if len(pos) == 0:
        return []
    listed_are_allowed = allowed is not None
    listed = np.unique(np.asarray(allowed if allowed is not None else forbidden, dtype=np.int64))
    levels = _levels(k)
    where = np.empty(1 << k, dtype=np.int64)
    for masks in levels:
        where[masks] = np.arange(len(masks))
    found: set[int] = set()
    previous: BoolArray | None = None
    for j, masks in enumerate(levels):
        flags = _implicant_flags(k, j, masks, pos, listed, listed_are_allowed)
        prime = flags.copy()
        if previous is not None:
            for b in range(k):
                bit = 1 << b
                sel = (masks & bit) != 0
                if sel.any():
                    prime[sel] &= ~previous[where[masks[sel] ^ bit]]
        rows, cols = np.nonzero(prime)
        if len(rows):
            f = masks[rows]
            keys = np.unique((f << k) | (pos[cols] & f))
            found.update(int(x) for x in keys)
        previous = flags
    full = (1 << k) - 1
    cubes = [(key >> k, key & full) for key in found]
    return sorted(cubes, key=lambda c: term_order(c, k))
