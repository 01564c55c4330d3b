"""Every minimum cover of a prime implicant chart, found exactly (private).

The chart has one column per positive row and one set per prime implicant (the
columns it covers, as the bits of a Python ``int``). A *cover* is a set of prime
implicants whose union is every column; a *minimum* cover has as few of them as any
cover can. Petrick (1956) states the problem; it is set cover, NP-hard in general, so
this solves it by branch and bound, never greedily:

1. prime implicants that alone cover some column (*essential*) are in every cover, a
   column whose implicants all cover another column too makes that other column
   redundant (*column dominance*), and an implicant covering a subset of another's
   columns is set aside for the search (*row dominance*; step 3 brings it back);
2. a depth-first search branches on the uncovered column with the fewest candidates —
   branch ``j`` takes its ``j``-th candidate and forbids the earlier ones, so no cover is
   visited twice — and prunes by a lower bound (uncovered columns no two of which share
   an implicant each need their own) and by *row dominance* at each node (a candidate
   covering, of the uncovered columns, a subset of what another allowed implicant covers
   is skipped: any cover using it stays a cover, of the same size, with the other one);
3. iterative deepening finds the minimum size ``m``; the search then collects the covers
   of size ``m`` it reaches, and every other minimum cover is recovered by swapping one
   implicant at a time (a cover skipped by row dominance differs from a found one by such
   swaps, each giving a minimum cover), until no swap gives a new one.

The result is every cover of minimum size, what R's QCA package reports with its default
settings (Dusa 2019, *QCA with R*, ch. 8). Their number can grow exponentially with the
chart; ``limit`` stops with an error rather than silently return a part.
"""

from __future__ import annotations

from collections.abc import Sequence


class TooManyCoversError(Exception):
    """More minimum covers than the limit allows."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(size, limit)
        self.size = size
        self.limit = limit


def _bits(value: int) -> list[int]:
    out = []
    while value:
        low = value & -value
        out.append(low.bit_length() - 1)
        value ^= low
    return out


def _columns(sets: Sequence[int], universe: int) -> dict[int, int]:
    """Column bit -> the implicants covering it (a bit set over implicant indices)."""
    cols: dict[int, int] = {}
    for b in _bits(universe):
        low = 1 << b
        owners = 0
        for i, s in enumerate(sets):
            if s & low:
                owners |= 1 << i
        cols[low] = owners
    return cols


def _undominated_columns(cols: dict[int, int]) -> dict[int, int]:
    """Drop a column whose implicants include all those of another column (it is covered then too)."""
    kept: dict[int, int] = {}
    for bit, owners in sorted(cols.items(), key=lambda kv: (kv[1].bit_count(), kv[0])):
        if not any(owners & other == other for other in kept.values()):
            kept[bit] = owners
    return kept


def _undominated_rows(sets: Sequence[int], candidates: Sequence[int]) -> list[int]:
    """Candidates whose columns are not a subset of another candidate's (the first of equals kept)."""
    kept: list[int] = []
    for i in sorted(candidates, key=lambda i: (-sets[i].bit_count(), i)):
        if not any(sets[i] & sets[j] == sets[i] for j in kept):
            kept.append(i)
    return sorted(kept)


class _Search:
    def __init__(self, sets: Sequence[int], cols: dict[int, int]) -> None:
        self.sets = sets
        self.cols = cols
        self.found: list[tuple[int, ...]] = []

    def bound(self, uncovered: int, allowed: int) -> int:
        """Uncovered columns pairwise without a shared allowed implicant: each needs its own."""
        used = 0
        count = 0
        for owners in sorted((o & allowed for b, o in self.cols.items() if b & uncovered), key=int.bit_count):
            if not owners & used:
                used |= owners
                count += 1
        return count

    def _options(self, options: int, uncovered: int, allowed: int) -> list[int]:
        """The options not dominated, on the uncovered columns, by another allowed implicant.

        ``q`` dominates ``p`` when it covers every uncovered column ``p`` covers and more, or
        the same columns with a smaller index; the implicants covering all of ``p``'s
        columns are the intersection of those columns' owners.
        """
        out = []
        for i in _bits(options):
            mine = self.sets[i] & uncovered
            others = allowed & ~(1 << i)
            for b in _bits(mine):
                others &= self.cols[1 << b]
                if not others:
                    break
            if others and (others & ((1 << i) - 1) or any(self.sets[j] & uncovered != mine for j in _bits(others))):
                continue
            out.append(i)
        return out

    def run(self, uncovered: int, depth: int, chosen: tuple[int, ...], allowed: int, collect: bool) -> bool:
        """Look for covers of ``uncovered`` by at most ``depth`` more implicants from ``allowed``.

        Returns whether one was found; with ``collect`` every one reached is recorded.
        """
        if not uncovered:
            if collect:
                self.found.append(tuple(sorted(chosen)))
            return True
        if depth == 0 or self.bound(uncovered, allowed) > depth:
            return False
        best_bit, best = 0, 0
        for bit, owners in self.cols.items():
            if bit & uncovered:
                opts = owners & allowed
                if not opts:
                    return False
                if not best_bit or opts.bit_count() < best.bit_count():
                    best_bit, best = bit, opts
        hit = False
        for i in self._options(best, uncovered, allowed):
            if self.run(uncovered & ~self.sets[i], depth - 1, (*chosen, i), allowed, collect):
                hit = True
                if not collect:
                    return True
            allowed &= ~(1 << i)
        return hit


def _swaps(sets: Sequence[int], cols: dict[int, int], rest: int, start: list[tuple[int, ...]],
           limit: int | None) -> set[tuple[int, ...]]:
    """Close a set of minimum covers under swapping one implicant for another."""
    seen = set(start)
    queue = list(start)
    while queue:
        cover = queue.pop()
        for s in cover:
            others = 0
            for t in cover:
                if t != s:
                    others |= sets[t]
            need = rest & ~others
            fits = -1
            for bit in _bits(need):
                fits &= cols[1 << bit]
            for p in _bits(fits) if fits > 0 else ():
                if p in cover:
                    continue
                new = tuple(sorted((*(t for t in cover if t != s), p)))
                if new not in seen:
                    seen.add(new)
                    queue.append(new)
                    if limit is not None and len(seen) > limit:
                        raise TooManyCoversError(len(new), limit)
    return seen


def minimum_covers(sets: Sequence[int], universe: int, *,
                   limit: int | None = None) -> tuple[list[tuple[int, ...]], list[int]]:
    """Every minimum cover of ``universe`` by ``sets``, and the chart-essential sets.

    Parameters
    ----------
    sets
        The columns each prime implicant covers (bits of an ``int``).
    universe
        The columns to cover.
    limit
        Most covers to return; more raise :class:`TooManyCoversError` (``None``: no limit).

    Returns
    -------
    covers : list of tuple of int
        Each minimum cover as sorted indices into ``sets``, in lexicographic order.
    essential : list of int
        The indices some column has no other for.

    Raises
    ------
    ValueError
        If the sets do not cover the universe.
    TooManyCoversError
        If there are more than ``limit`` minimum covers.
    """
    union = 0
    for s in sets:
        union |= s
    if universe & ~union:
        raise ValueError("the prime implicants do not cover every positive row")
    cols = _columns(sets, universe)
    essential = sorted({o.bit_length() - 1 for o in cols.values() if o.bit_count() == 1})
    rest = universe
    for i in essential:
        rest &= ~sets[i]
    cols = _undominated_columns({b: o for b, o in cols.items() if b & rest})
    rest = 0
    for b in cols:
        rest |= b
    local = [s & rest for s in sets]
    allowed = 0
    for i in _undominated_rows(local, [i for i, s in enumerate(local) if s and i not in essential]):
        allowed |= 1 << i
    search = _Search(local, cols)
    depth = search.bound(rest, allowed)
    while not search.run(rest, depth, (), allowed, collect=False):
        depth += 1
    search.run(rest, depth, (), allowed, collect=True)
    found = _swaps(local, cols, rest, sorted(set(search.found)), limit)
    covers = sorted({tuple(sorted((*essential, *c))) for c in found})
    return covers, essential
