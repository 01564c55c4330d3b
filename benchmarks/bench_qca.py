"""Time the QCA minimisation of 12 conditions and 200 cases, against a naive enumeration.

Run it from the repository root (it is not part of the test run)::

    .venv/bin/python benchmarks/bench_qca.py [--conditions 12] [--cases 200] [--noise 0.02]
                                             [--repeat 5] [--seed 1] [--spread 5]

The data: ``--cases`` cases with crisp scores in ``--conditions`` conditions drawn at random
(one seed), and an outcome given by a known sum of products
(``X1*X2*~X3 + X4*X5 + ~X6*X7*X8``) with a share ``--noise`` of the outcomes flipped
(2 % by default: a few cases that do not fit, as in real data), so the truth table has
consistent and inconsistent rows; ``incl_cut = 0.8``. With 12 conditions the property space
has 4,096 configurations, of which the cases fill under 200: the rest are remainders.
``minimize`` runs with ``max_models=None`` on the first seed (every tied model is listed),
with its default (at most 1,000 tied models, else an error) on the ``--spread`` further
seeds, whose times show how much the figure depends on the draw; there the parsimonious
solution is also timed with ``max_models=None`` ("every parsimonious").

What is timed (best of ``--repeat`` runs, ``time.perf_counter``):

1. ``truth_table``;
2. ``minimize`` for the conservative, parsimonious and intermediate solutions (prime
   implicants, the exact solution of the chart: every minimum cover, and the parameters of
   fit of every term and model);
3. the **naive** search for the same prime implicants: every one of the ``3**k`` product
   terms (531,441 for 12 conditions) is built and tested in plain Python — is every row in
   it allowed (conservative: a positive row; parsimonious: not a negative one), does it
   cover a positive row, does no term with one literal fewer pass — as a textbook would
   describe it. It is run once (it takes tens of seconds) and must find the same prime
   implicants; the script checks that it does.

The ratio printed is naive time / ``minimize`` time, for the prime implicants alone and for
the whole ``minimize`` call (which also solves the chart and computes the fit).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable
from itertools import product
from typing import Any

import numpy as np
import pandas as pd

from sistercity import qca
from sistercity.exceptions import ArgumentError
from sistercity.qca._implicants import prime_implicants, term_string


def synthetic(n_conditions: int, n_cases: int, seed: int, noise: float) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 2, size=(n_cases, n_conditions))
    y = (x[:, 0] & x[:, 1] & (1 - x[:, 2])) | (x[:, 3] & x[:, 4]) | ((1 - x[:, 5]) & x[:, 6] & x[:, 7])
    flip = rng.random(n_cases) < noise
    y = np.where(flip, 1 - y, y)
    cols = [f"X{i + 1}" for i in range(n_conditions)]
    return pd.DataFrame(np.column_stack([x, y]), columns=[*cols, "Y"], index=[f"case{i}" for i in range(n_cases)])


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def naive_primes(k: int, positive: set[int], forbidden: set[int] | None,
                 allowed: set[int] | None) -> set[tuple[int, int]]:
    """Every prime implicant by testing each of the 3**k product terms in plain Python."""
    weights = [1 << (k - 1 - i) for i in range(k)]
    pos = sorted(positive)
    ok: set[tuple[int, int]] = set()
    for digits in product((0, 1, 2), repeat=k):  # 0 negated, 1 present, 2 absent
        mask = sum(w for w, d in zip(weights, digits, strict=True) if d != 2)
        value = sum(w for w, d in zip(weights, digits, strict=True) if d == 1)
        if forbidden is not None:
            good = all((r & mask) != value for r in forbidden)
        else:
            assert allowed is not None
            size = 1 << (k - bin(mask).count("1"))
            good = sum(1 for r in allowed if (r & mask) == value) == size
        if good:
            ok.add((mask, value))
    primes = set()
    for mask, value in ok:
        if not any((p & mask) == value for p in pos):
            continue
        if any((mask & ~w, value & ~w) in ok for w in weights if mask & w):
            continue
        primes.add((mask, value))
    return primes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--conditions", type=int, default=12)
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--noise", type=float, default=0.02)
    ap.add_argument("--spread", type=int, default=5, help="also time minimize on this many further seeds")
    args = ap.parse_args(argv)
    k = args.conditions
    data = synthetic(k, args.cases, args.seed, args.noise)
    print(f"numpy {np.__version__}, pandas {pd.__version__}, python {sys.version.split()[0]}")
    print(f"{args.cases} cases, {k} conditions ({2 ** k:,} configurations, {3 ** k:,} product terms), "
          f"{args.noise:.0%} of outcomes flipped, seed {args.seed}")

    t_tt, tt = best(lambda: qca.truth_table(data, outcome="Y", incl_cut=0.8), args.repeat)
    t = tt.table
    positive = tt.rows("1")
    forbidden = np.concatenate([tt.rows("0"), tt.rows("C")])
    print(f"truth table: {int((t.n_cases > 0).sum())} observed rows ({len(positive)} positive, {len(forbidden)} "
          f"negative), {int((t.n_cases == 0).sum())} remainders; built in {t_tt:.3f} s")

    directional = [f"X{i + 1}" for i in range(k)]
    runs = {
        "conservative": lambda: qca.minimize(tt, max_models=None),
        "parsimonious": lambda: qca.minimize(tt, solution="parsimonious", max_models=None),
        "intermediate": lambda: qca.minimize(tt, solution="intermediate", directional=directional, max_models=None),
    }
    print(f"\n{'solution':<14}{'minimize':>10}{'primes':>10}{'models':>8}{'terms':>7}   first model")
    timings: dict[str, float] = {}
    prime_times: dict[str, float] = {}
    for name, run in runs.items():
        seconds, sol = best(run, args.repeat)
        timings[name] = seconds
        if name != "intermediate":
            kw: dict[str, Any] = {"allowed": positive} if name == "conservative" else {"forbidden": forbidden}
            prime_times[name], _ = best(lambda kw=kw: prime_implicants(k, positive, **kw), args.repeat)
        first = sol.expressions[0]
        shown = first if len(first) < 60 else first[:57] + "..."
        primes = f"{prime_times[name]:.3f}s" if name in prime_times else "-"
        print(f"{name:<14}{seconds:>9.3f}s{primes:>10}{len(sol.models):>8}{int(sol.models.n_terms.iloc[0]):>7}   "
              f"{shown}")
    print(f"\ngoal: minimisation of {k} conditions and {args.cases} cases under 2 s: "
          f"{'met' if max(timings.values()) < 2 else 'NOT met'} (slowest {max(timings.values()):.3f} s)")

    if args.spread:
        print(f"\nspread over seeds {args.seed + 1}..{args.seed + args.spread} (best of {args.repeat}; models tied):")
        for seed in range(args.seed + 1, args.seed + args.spread + 1):
            other = qca.truth_table(synthetic(k, args.cases, seed, args.noise), outcome="Y", incl_cut=0.8)
            cells = []
            for name, kw in (("conservative", {}), ("parsimonious", {"solution": "parsimonious"}),
                             ("every parsimonious", {"solution": "parsimonious", "max_models": None}),
                             ("intermediate", {"solution": "intermediate", "directional": directional})):
                try:
                    seconds, sol = best(lambda kw=kw, tt_=other: qca.minimize(tt_, **kw), args.repeat)
                    cells.append(f"{name} {seconds:.3f} s ({len(sol.models)})")
                except ArgumentError:
                    t0 = time.perf_counter()
                    with contextlib.suppress(ArgumentError):
                        qca.minimize(other, **kw)
                    cells.append(f"{name} > 1000 tied models, refused in {time.perf_counter() - t0:.3f} s")
            print(f"  seed {seed}: " + ", ".join(cells))

    print("\nnaive enumeration of every product term (one run each):")
    pos_set = {int(p) for p in positive}
    for name in ("conservative", "parsimonious"):
        t0 = time.perf_counter()
        if name == "conservative":
            naive = naive_primes(k, pos_set, None, pos_set)
            ours = prime_implicants(k, positive, allowed=positive)
        else:
            naive = naive_primes(k, pos_set, {int(r) for r in forbidden}, None)
            ours = prime_implicants(k, positive, forbidden=forbidden)
        seconds = time.perf_counter() - t0
        same = naive == set(ours)
        names = tuple(directional)
        print(f"  {name:<13} {seconds:8.2f} s, {len(naive):>5} prime implicants ({'same' if same else 'DIFFERENT'} "
              f"as minimize's, e.g. {term_string(sorted(ours)[0], names) if ours else '-'}); ratio to minimize's "
              f"prime implicants {seconds / prime_times[name]:,.0f}x, to the whole minimize call "
              f"{seconds / timings[name]:,.0f}x")
        if not same:
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
