"""Time ``status``, ``agreement_rates``, ``sector_coverage`` and ``from_frames`` at export scale.

Run it from the repository root (it is not part of the test run)::

    .venv/bin/python benchmarks/bench_implementation.py [--repeat 7] [--small]

It builds the synthetic tables of :mod:`synthetic` (10,000 agreements, 100,000
commitments, 1,000,000 observations), times :meth:`CaseTables.from_frames` on them,
then times each analysis at ``at="2015"`` and, in the same run, a plain-NumPy lower
bound that computes the same numbers and picks the same labels (the observation's
partial date, its coder, the commitment that reached the best level) without pandas;
the script checks that both give the same result. The bound uses the same algorithm as
the analyses (a scatter-maximum, ``numpy.maximum.at``, rather than a sort) because it is
the fastest plain-NumPy way we know; the sort-based bound the issue suggests (``lexsort``
and a grouped last-value pick) is timed too, for reference.

Both sides start from the same prepared integer arrays: the position of each
observation's commitment, each commitment's agreement and sector, the coder codes,
the day numbers and the observation order key. ``from_frames`` computes the first of
these while it checks references, the analyses cache the rest on the tables at their
first call. The bound is given them ready-made (untimed); the analyses' first call,
which builds them, is printed separately ("cold").

Each figure is the best of ``--repeat`` runs (``time.perf_counter``). Peak memory
is the process's peak resident set size (``resource.getrusage``), which includes the
generator and the input frames, and the largest extra allocation of any one analysis
call (``tracemalloc``, in a separate untimed pass).
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_frames

from sistercity._kernel import agreement_codes, coder_codes, order_key, prepared
from sistercity.implementation import agreement_rates, sector_coverage, status, trajectory
from sistercity.tables import CaseTables

AT = "2015"
AT_DAY = int(np.datetime64("2015-12-31", "D").astype(np.int64))
THRESHOLD = 2


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Smallest wall time of ``repeat`` calls, and the last result."""
    times = []
    result: Any = None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


# ----------------------------------------------------------------------------- the NumPy bound


class Arrays:
    """The prepared integer arrays both sides start from (extracted untimed)."""

    def __init__(self, t: CaseTables) -> None:
        p = prepared(t)
        self.com = p.com
        self.point = p.last
        self.level = p.level
        self.n_com = p.n_com
        self.key = order_key(t, p, "end")
        self.shift = max(1, len(self.point).bit_length())
        self.coder, self.n_cod = coder_codes(t)
        self.com_agr, self.sec_agr, ids = agreement_codes(t)
        self.n_agr = len(ids)
        cats = t.commitments["sector"].cat.categories
        self.n_sec = len(cats)
        self.com_sec = t.commitments["sector"].cat.codes.to_numpy().astype(np.int64)
        self.as_sec = pd.Categorical(t.agreement_sectors["sector"], categories=cats).codes.astype(np.int64)
        self.weight = t.commitments["weight"].to_numpy(dtype=np.float64)
        self.date = t.observations["date"].to_numpy(dtype=object)
        self.coder_name = t.observations["coder"].to_numpy(dtype=object)
        self.com_id = t.commitments["commitment"].to_numpy(dtype=object)
        self.counted = t.commitments["status"].isin(["agreed"]).to_numpy(dtype=bool)  # the default include


def np_levels(a: Arrays) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Status per commitment at AT: (obs, level, n_obs, selected commitments).

    The latest day's observations give the lower median of their levels (the same-day
    rule of ``status``), resting on the latest row with that level.
    """
    sel = np.flatnonzero(a.point <= AT_DAY)
    c = a.com[sel]
    key = a.key[sel]
    best = np.full(a.n_com, -1, np.int64)
    np.maximum.at(best, c, key)
    on = (key >> a.shift) == (best[c] >> a.shift)
    c_on, l_on, k_on = c[on], a.level[sel][on].astype(np.int64), key[on]
    per_level = np.bincount(c_on * 4 + l_on, minlength=a.n_com * 4).reshape(a.n_com, 4)
    n_on = per_level.sum(axis=1)
    med = np.where(n_on > 0, np.argmax(np.cumsum(per_level, axis=1) >= ((n_on + 1) // 2)[:, None], axis=1), -1)
    chosen = l_on == med[c_on]
    pick = np.full(a.n_com, -1, np.int64)
    np.maximum.at(pick, c_on[chosen], k_on[chosen])
    obs = np.where(pick >= 0, pick & ((1 << a.shift) - 1), -1)
    return obs, med, sel, c


def np_levels_by_sort(a: Arrays) -> np.ndarray:
    """The issue's suggested bound: a sort, then a grouped last-value pick (for comparison)."""
    sel = np.flatnonzero(a.point <= AT_DAY)
    order = sel[np.lexsort((sel, a.point[sel], a.com[sel]))]
    c = a.com[order]
    last = np.flatnonzero(np.r_[c[1:] != c[:-1], True])
    level = np.full(a.n_com, -1, np.int64)
    level[c[last]] = a.level[order[last]]
    return level


def np_agreement_rates_by_sort(a: Arrays) -> np.ndarray:
    level = np_levels_by_sort(a)
    has = level >= 0
    g, w = a.com_agr[has], a.weight[has]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.bincount(g, weights=w * level[has], minlength=a.n_agr) / (
            3.0 * np.bincount(g, weights=w, minlength=a.n_agr))


def np_status(a: Arrays) -> dict[str, np.ndarray]:
    obs, level, sel, c = np_levels(a)
    has = obs >= 0
    n_obs = np.bincount(c, minlength=a.n_com)
    seen = np.zeros(a.n_com * a.n_cod, np.bool_)
    seen[c * a.n_cod + a.coder[sel]] = True
    n_coders = seen.reshape(a.n_com, a.n_cod).sum(axis=1)
    safe = np.where(has, obs, 0)
    date = a.date.take(safe)
    date[~has] = None
    coder = a.coder_name.take(safe)
    coder[~has] = None
    return {
        "level": level, "rate": np.where(has, level / 3.0, np.nan), "observation": obs,
        "date": date, "coder": coder, "date_point": np.where(has, a.point[safe], -1),
        "n_observations": n_obs, "n_coders": n_coders,
    }


def np_agreement_rates(a: Arrays) -> dict[str, np.ndarray]:
    _, level, _, _ = np_levels(a)
    has = level >= 0
    g = a.com_agr[has]
    lev = level[has]
    w = a.weight[has]
    n = np.bincount(a.com_agr, minlength=a.n_agr)
    counts = np.bincount(g * 4 + lev, minlength=a.n_agr * 4).reshape(a.n_agr, 4)
    den = np.bincount(g, weights=w, minlength=a.n_agr)
    num = np.bincount(g, weights=w * lev, minlength=a.n_agr)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = num / (3.0 * den)
    return {"n_commitments": n, "n_observed": counts.sum(axis=1), "counts": counts, "weight": den,
            "rate": rate}


def np_sector_coverage(a: Arrays) -> dict[str, np.ndarray]:
    _, level, _, _ = np_levels(a)
    key = a.com_agr.astype(np.int64) * a.n_sec + a.com_sec
    key_c, key_x = key[a.counted], key[~a.counted]
    key_a = a.sec_agr.astype(np.int64) * a.n_sec + a.as_sec
    size = a.n_agr * a.n_sec
    present = np.zeros(size, np.bool_)
    present[key_a] = True
    present[key_c] = True
    ids = np.flatnonzero(present)
    rank = np.cumsum(present) - 1
    inv_a, inv_c = rank[key_a], rank[key_c]
    n = len(ids)
    n_excluded = np.bincount(rank[key_x[present[key_x]]], minlength=n)
    level = level[a.counted]
    has = level >= 0
    agreed = np.bincount(inv_a, minlength=n) > 0
    n_com = np.bincount(inv_c, minlength=n)
    n_obs = np.bincount(inv_c[has], minlength=n)
    n_impl = np.bincount(inv_c[level >= THRESHOLD], minlength=n)
    m = len(level)
    rank_c = level.astype(np.int64) * m + (m - 1 - np.arange(m))
    best = np.full(n, -1, np.int64)
    np.maximum.at(best, inv_c[has], rank_c[has])
    ok = best >= 0
    best_level = np.where(ok, best // m, -1)
    best_com = a.com_id[a.counted].take(np.where(ok, m - 1 - best % m, 0))
    best_com[~ok] = None
    return {"agreed": agreed, "n_commitments": n_com, "n_excluded": n_excluded, "n_observed": n_obs,
            "n_implemented": n_impl,
            "best_level": best_level, "best_commitment": best_com,
            "implemented": ok & (best_level >= THRESHOLD)}


def check_same(name: str, ours: pd.DataFrame, bound: dict[str, np.ndarray]) -> None:
    """The bound and the analysis agree (so the bound computes the same result)."""
    if name == "status":
        assert np.array_equal(ours["level"].to_numpy(dtype=np.int64, na_value=-1), bound["level"])
        assert np.array_equal(ours["n_coders"].to_numpy(), bound["n_coders"])
        assert (ours["date"].to_numpy(dtype=object, na_value=None) == bound["date"]).all()
    elif name == "agreement_rates":
        assert np.allclose(ours["rate"].to_numpy(), bound["rate"], equal_nan=True)
        assert np.array_equal(ours["n_level_3"].to_numpy(), bound["counts"][:, 3])
    else:
        assert np.array_equal(ours["implemented"].to_numpy(), bound["implemented"])
        assert np.array_equal(ours["n_excluded"].to_numpy(), bound["n_excluded"])
        assert (ours["best_commitment"].to_numpy(dtype=object, na_value=None) == bound["best_commitment"]).all()
        assert np.array_equal(ours["best_level"].to_numpy(dtype=np.int64, na_value=-1), bound["best_level"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--small", action="store_true", help="a tenth of the size, for a quick check")
    args = parser.parse_args()
    scale = 10 if args.small else 1
    print(f"numpy {np.__version__}, pandas {pd.__version__}, python {sys.version.split()[0]}")

    t0 = time.perf_counter()
    frames = synthetic_frames(10_000 // scale, 100_000 // scale, 1_000_000 // scale)
    print(f"generated {len(frames['observations']):,d} observations, {len(frames['commitments']):,d} "
          f"commitments, {len(frames['agreements']):,d} agreements in {time.perf_counter() - t0:.2f} s")

    ff_time, tables = best_of(lambda: CaseTables.from_frames(**frames), max(3, args.repeat // 2))
    print(f"\nfrom_frames (validate=True) ............ {ff_time:8.3f} s   (goal: < 1 s)")

    # first calls build the caches on the tables
    cold = {}
    for fn in (status, agreement_rates, sector_coverage):
        c0 = time.perf_counter()
        fn(tables, at=AT)
        cold[fn.__name__] = time.perf_counter() - c0

    arrays = Arrays(tables)
    rows = []
    bounds = {"status": np_status, "agreement_rates": np_agreement_rates,
              "sector_coverage": np_sector_coverage}
    for fn in (status, agreement_rates, sector_coverage):
        name = fn.__name__
        ours_t, ours = best_of(lambda fn=fn: fn(tables, at=AT), args.repeat)  # type: ignore[misc]
        bound_t, bound = best_of(lambda name=name: bounds[name](arrays), args.repeat)  # type: ignore[misc]
        check_same(name, ours, bound)
        rows.append((name, ours_t, bound_t, ours))

    print(f"\n{'function':18s} {'cold':>9s} {'warm':>9s} {'numpy bound':>12s} {'ratio':>7s}")
    for name, ours_t, bound_t, _ in rows:
        print(f"{name:18s} {cold[name]:8.4f}s {ours_t:8.4f}s {bound_t:11.4f}s {ours_t / bound_t:7.2f}")
    sort_t, sort_rates = best_of(lambda: np_agreement_rates_by_sort(arrays), args.repeat)
    # the sort-based bound takes the last row of the latest day, without the same-day lower median
    # that status applies: the two differ where observations of one day disagree
    assert sort_rates.shape == rows[1][3]["rate"].shape
    total = sum(r[1] for r in rows)
    total_bound = sum(r[2] for r in rows)
    print(f"{'all three':18s} {sum(cold.values()):8.4f}s {total:8.4f}s {total_bound:11.4f}s "
          f"{total / total_bound:7.2f}   (goal: <= 1.5)")
    print(f"\nfor reference, the sort-based bound the issue suggests (lexsort + last pick, without the "
          f"same-day median) for agreement rates: {sort_t:.4f} s; agreement_rates takes {rows[1][1] / sort_t:.2f} "
          f"of it")

    bench_trajectory(tables, args.repeat)

    # memory: a separate, untimed pass
    peaks = {}
    for fn in (status, agreement_rates, sector_coverage):
        gc.collect()
        tracemalloc.start()
        fn(tables, at=AT)
        peaks[fn.__name__] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    print("\nextra memory of one call (tracemalloc peak): "
          + ", ".join(f"{k} {v / 2**20:.0f} MiB" for k, v in peaks.items()))
    print(f"peak resident memory of the whole run: {rss / 2**20:.0f} MiB   (goal: < 1024 MiB)")


TRAJECTORY = {"freq": "ME", "start": "1999-01", "end": "2028-12"}  # 360 month ends: 30 years


def bench_trajectory(tables: CaseTables, repeat: int) -> None:
    """``trajectory`` monthly over 30 years against one ``status`` call (issue 14: <= 2x).

    The one-pass trajectory reads every commitment's status steps (one sort of the
    observations, cached with the tables like status's own arrays) and sums the changes
    per (month, group), for each ``by``: the result has 360 rows per group, so with one
    group per agreement (10,000) it is 3.6 million rows, 36 times status's. The figures
    are checked against ``agreement_rates`` at a few month ends, and the per-period path
    it replaced (one status per month) is timed on 12 months and scaled to 360.
    """
    status_t, _ = best_of(lambda: status(tables, at=AT), repeat)
    print(f"\ntrajectory monthly over 30 years against one status call ({status_t:.3f} s)   (goal: <= 2)")
    for by in ("agreement", "sector", "case"):
        c0 = time.perf_counter()
        trajectory(tables, by=by, **TRAJECTORY)  # type: ignore[arg-type]
        cold = time.perf_counter() - c0
        traj_t, traj = best_of(lambda by=by: trajectory(tables, by=by, **TRAJECTORY), repeat)  # type: ignore[misc]
        print(f"  by={by:10s} {traj['date'].nunique()} month ends x {traj['group'].nunique():>6,d} groups = "
              f"{len(traj):>9,d} rows: cold {cold:.3f} s, warm {traj_t:.3f} s, ratio {traj_t / status_t:5.2f}")
        if by == "agreement":
            for date in sorted(traj["date"].unique())[::71]:
                want = agreement_rates(tables, at=pd.Timestamp(date).date())
                got = traj[traj["date"] == date].reset_index(drop=True)
                assert np.array_equal(got["n_observed"].to_numpy(), want["n_observed"].to_numpy())
                assert np.array_equal(got["rate"].to_numpy(), want["rate"].to_numpy(), equal_nan=True)
    month_ends = pd.date_range("2010-01", periods=12, freq="ME")
    per_month_t, _ = best_of(lambda: [agreement_rates(tables, at=d.date()) for d in month_ends], 1)
    print(f"  for reference, one agreement_rates per month (the per-period path it replaced): "
          f"{per_month_t / 12 * 360:.2f} s for 360 months (measured on 12)")


if __name__ == "__main__":
    main()
