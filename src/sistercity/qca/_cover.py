"""Every minimum cover of a prime implicant chart, found exactly (private).

The chart has one column per positive row and one set per prime implicant (the
columns it covers, as the bits of a Python ``int``). A *cover* is a set of prime
implicants whose union is every column; a *minimum* cover has as few of them as any
cover can. Petrick (1956) states the problem; it is set cover, NP-hard in general, so
this solves it by search rather than greedily:

1. prime implicants that alone cover some column (*essential*) are in every cover;
2. the smallest number ``m`` of further implicants is found by depth-first search with
   iterative deepening (``m = 0, 1, 2, ...``), each level pruned by the bound
   "uncovered columns / most columns one implicant covers";
3. every cover of that size is enumerated by branching on the uncovered column with the
   fewest candidates: branch ``j`` takes its ``j``-th candidate and forbids the earlier
   ones, so each cover is produced exactly once.

The result is every cover of minimum size, as R's QCA package reports with its default
(``all.sol = FALSE``) settings (Dusa 2019, *QCA with R*, ch. 8).
"""

from __future__ import annotations

from collections.abc import Sequence


def _essential(sets: Sequence[int], universe: int) -> list[int]:
    chosen: set[int] = set()
    col = universe
    while col:
        low = col & -col
        owners = [i for i, s in enumerate(sets) if s & low]
        if len(owners) == 1:
            chosen.add(owners[0])
        col ^= low
    return sorted(chosen)


class _Search:
    def __init__(self, sets: Sequence[int], candidates: Sequence[int]) -> None:
        self.sets = sets
        self.candidates = list(candidates)
        self.best = max((sets[i].bit_count() for i in candidates), default=0)
        self.found: list[tuple[int, ...]] = []

    def run(self, uncovered: int, depth: int, chosen: tuple[int, ...], banned: frozenset[int]) -> None:
        if not uncovered:
            self.found.append(tuple(sorted(chosen)))
            return
        if depth == 0 or -(-uncovered.bit_count() // self.best) > depth:
            return
        column, options = self._hardest(uncovered, banned)
        if column == 0:
            return
        taken: set[int] = set()
        for i in options:
            self.run(uncovered & ~self.sets[i], depth - 1, (*chosen, i), banned | taken)
            taken.add(i)

    def _hardest(self, uncovered: int, banned: frozenset[int]) -> tuple[int, list[int]]:
        best_col, best_opts = 0, list[int]()
        col = uncovered
        while col:
            low = col & -col
            opts = [i for i in self.candidates if i not in banned and self.sets[i] & low]
            if not opts:
                return 0, []
            if best_col == 0 or len(opts) < len(best_opts):
                best_col, best_opts = low, opts
                if len(opts) == 1:
                    break
            col ^= low
        return best_col, best_opts


def minimum_covers(sets: Sequence[int], universe: int) -> tuple[list[tuple[int, ...]], list[int]]:
    """Every minimum cover of ``universe`` by ``sets``, and the essential sets.

    Parameters
    ----------
    sets
        The columns each prime implicant covers (bits of an ``int``).
    universe
        The columns to cover.

    Returns
    -------
    covers : list of tuple of int
        Each minimum cover as sorted indices into ``sets``, in lexicographic order.
    essential : list of int
        The indices that are in every cover because some column has no other.

    Raises
    ------
    ValueError
        If the sets do not cover the universe.
    """
    union = 0
    for s in sets:
        union |= s
    if universe & ~union:
        raise ValueError("the prime implicants do not cover every positive row")
    essential = _essential(sets, universe)
    rest = universe
    for i in essential:
        rest &= ~sets[i]
    candidates = [i for i, s in enumerate(sets) if s & rest and i not in essential]
    search = _Search(sets, candidates)
    depth = 0
    while True:
        search.run(rest, depth, (), frozenset())
        if search.found:
            break
        depth += 1
    covers = sorted({tuple(sorted((*essential, *c))) for c in search.found})
    return covers, essential
