"""A seeded generator of synthetic case tables at export scale.

:func:`synthetic_frames` returns plain DataFrames shaped like a database or CSV
export (string ids, partial dates as text, levels as small integers), ready for
:meth:`sistercity.CaseTables.from_frames`. The default size is the benchmark's:
10,000 agreements, 100,000 commitments and 1,000,000 observations.

Everything is drawn with NumPy from one seed, so two calls with the same
arguments give identical frames:

- every agreement names 2-6 distinct sectors (from a pool of 12) and starts on a
  day between 2005 and 2020;
- every commitment belongs to a random agreement and takes one of its sectors;
  weights are drawn from {0.5, 1, 2};
- every observation belongs to a random commitment, is dated after its
  agreement's start (to the year, the month or the day: 20 % / 30 % / 50 %), is
  coded by one of three coders, and has a level 0-3 that drifts upwards with time
  (with reversals, as real data have).

Run it as a script to print the sizes::

    .venv/bin/python benchmarks/synthetic.py
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["synthetic_frames"]

_SECTORS = np.array([
    "education", "culture", "tourism", "agriculture", "health", "economy", "industry",
    "environment", "youth_sport", "science_technology", "governance", "social_welfare",
])
_KINDS = np.array(["letter_of_intent", "memorandum_of_understanding", "sister_city_agreement",
                   "friendship_agreement"])
_CODERS = np.array(["coder_a", "coder_b", "coder_c"])


def _ids(prefix: str, n: int) -> pd.Series:
    width = len(str(n - 1))
    return pd.Series(np.char.add(prefix, np.char.zfill(np.arange(n).astype(str), width)), dtype="str")


def _partial(days: np.ndarray, precision: np.ndarray) -> pd.Series:
    """Partial-date strings of ``days`` (datetime64[D]) cut to year (0), month (1) or day (2)."""
    full = np.datetime_as_string(days, unit="D")  # 'YYYY-MM-DD'
    out = np.where(precision == 0, full.astype("U4"), np.where(precision == 1, full.astype("U7"), full))
    return pd.Series(out, dtype="str")


def synthetic_frames(
    n_agreements: int = 10_000,
    n_commitments: int = 100_000,
    n_observations: int = 1_000_000,
    *,
    seed: int = 20161118,
) -> dict[str, pd.DataFrame]:
    """Synthetic ``agreements``, ``agreement_sectors``, ``commitments`` and ``observations``.

    Parameters
    ----------
    n_agreements, n_commitments, n_observations
        Table sizes.
    seed
        Seed of the NumPy generator.

    Returns
    -------
    dict of DataFrame
        Keyword arguments for :meth:`sistercity.CaseTables.from_frames`.
    """
    rng = np.random.default_rng(seed)

    # agreements and their sectors
    agreement = _ids("A", n_agreements)
    start = np.datetime64("2005-01-01") + rng.integers(0, 16 * 365, n_agreements).astype("timedelta64[D]")
    agreements = pd.DataFrame({
        "agreement": agreement,
        "kind": pd.Series(_KINDS[rng.integers(0, len(_KINDS), n_agreements)], dtype="str"),
        "start": pd.Series(np.datetime_as_string(start, unit="D"), dtype="str"),
        "term_months": rng.choice([36, 60, 120], n_agreements),
    })
    n_sec = rng.integers(2, 7, n_agreements)
    # distinct sectors per agreement: the first n_sec of a random permutation of the pool
    perm = np.argsort(rng.random((n_agreements, len(_SECTORS))), axis=1)
    take = np.arange(len(_SECTORS)) < n_sec[:, None]
    sec_agreement = np.repeat(np.arange(n_agreements), n_sec)
    sec_sector = perm[take]
    agreement_sectors = pd.DataFrame({
        "agreement": agreement.to_numpy()[sec_agreement],
        "sector": pd.Series(_SECTORS[sec_sector], dtype="str"),
    })
    agreement_sectors["agreement"] = agreement_sectors["agreement"].astype("str")

    # commitments: a random agreement, one of its sectors
    c_agreement = rng.integers(0, n_agreements, n_commitments)
    offsets = np.concatenate([[0], np.cumsum(n_sec)[:-1]])
    c_sector = sec_sector[offsets[c_agreement] + (rng.random(n_commitments) * n_sec[c_agreement]).astype(int)]
    commitments = pd.DataFrame({
        "commitment": _ids("C", n_commitments),
        "agreement": pd.Series(agreement.to_numpy()[c_agreement], dtype="str"),
        "sector": pd.Series(_SECTORS[c_sector], dtype="str"),
        "title": pd.Series(np.full(n_commitments, "Programme"), dtype="str"),
        "weight": rng.choice([0.5, 1.0, 2.0], n_commitments),
    })

    # observations: after the agreement starts, levels drifting upwards
    o_commitment = rng.integers(0, n_commitments, n_observations)
    lag = rng.integers(0, 8 * 365, n_observations)
    days = start[c_agreement[o_commitment]] + lag.astype("timedelta64[D]")
    precision = rng.choice(3, n_observations, p=[0.2, 0.3, 0.5])
    drift = lag / (8 * 365) * 3 + rng.normal(0, 0.8, n_observations)
    level = np.clip(np.rint(drift), 0, 3).astype("int8")
    observations = pd.DataFrame({
        "commitment": pd.Series(commitments["commitment"].to_numpy()[o_commitment], dtype="str"),
        "date": _partial(days, precision),
        "level": level,
        "coder": pd.Series(_CODERS[rng.integers(0, len(_CODERS), n_observations)], dtype="str"),
    })
    return {"agreements": agreements, "agreement_sectors": agreement_sectors,
            "commitments": commitments, "observations": observations}


if __name__ == "__main__":  # pragma: no cover
    import time

    t0 = time.perf_counter()
    frames = synthetic_frames()
    print(f"generated in {time.perf_counter() - t0:.2f} s")
    for name, df in frames.items():
        print(f"{name:18s} {len(df):>9,d} rows  {', '.join(df.columns)}")
