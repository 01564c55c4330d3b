"""Benchmark: ``read_case`` against a bare ``yaml.load(Loader=CSafeLoader)`` of the same file.

Goal (issue 14): ``read_case`` within 2x a bare C-loader load, on the bundled
case and on a synthetic case of 10,000 commitments and 100,000 observations
(generated here, seeded). Run::

    PYTHONPATH=src .venv/bin/python benchmarks/bench_io.py [n_commitments n_observations]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import yaml

import sistercity
from sistercity import datasets

_SECTORS = ["education", "culture", "tourism", "agriculture", "health"]


def synthetic_yaml(n_commitments: int = 10_000, n_observations: int = 100_000, seed: int = 0) -> str:
    """A valid case file with ``n_commitments`` commitments and ``n_observations`` observations."""
    rng = np.random.default_rng(seed)
    out = [
        "schema_version: 1", "id: synthetic", "title: Synthetic case", "period_start: '2016'",
        "period_end: '2020'", "actors:", "  - id: city-a", "    name: City A", "    level: subnational",
        "    kind: government", "    country: ID", "  - id: city-b", "    name: City B", "    level: subnational",
        "    kind: government", "    country: JP", "agreements:",
        "  - id: mou", "    kind: memorandum_of_understanding", "    title: MoU", "    parties: [city-a, city-b]",
        "    signed: '2016-01-05'", f"    sectors: [{', '.join(_SECTORS)}]", "commitments:",
    ]
    sectors = rng.integers(0, len(_SECTORS), n_commitments)
    for i in range(n_commitments):
        out += [f"  - id: c{i}", "    agreement: mou", f"    sector: {_SECTORS[sectors[i]]}",
                f"    title: Commitment number {i}"]
    out.append("observations:")
    which = rng.integers(0, n_commitments, n_observations)
    levels = rng.integers(0, 4, n_observations)
    months = rng.integers(1, 13, n_observations)
    years = rng.integers(2016, 2021, n_observations)
    for j in range(n_observations):
        out += [f"  - commitment: c{which[j]}", f"    date: '{years[j]}-{months[j]:02d}'", f"    level: {levels[j]}",
                "    coder: coder-a"]
    return "\n".join(out) + "\n"


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _bare(path: Path) -> object:
    with open(path, "rb") as f:
        return yaml.load(f, Loader=yaml.CSafeLoader)


def compare(path: Path, repeat: int) -> tuple[float, float]:
    """Median seconds of ``read_case`` and of a bare C-loader load of ``path``."""
    return _median(lambda: sistercity.read_case(path), repeat), _median(lambda: _bare(path), repeat)


def one_error(path: Path) -> tuple[float, str]:
    """Seconds for ``read_case`` to refuse ``path`` and the first problem it reports."""
    t0 = time.perf_counter()
    try:
        sistercity.read_case(path)
    except sistercity.CaseValidationError as err:
        return time.perf_counter() - t0, str(err.problems[0])
    raise AssertionError("the broken file was read")


def main(argv: list[str]) -> None:
    n_c, n_o = (int(argv[0]), int(argv[1])) if len(argv) >= 2 else (10_000, 100_000)
    d = Path(tempfile.mkdtemp())
    bundled = d / "bogor-kisarazu.yaml"
    datasets.load("bogor-kisarazu").to_yaml(bundled)
    big = d / "synthetic.yaml"
    big.write_text(synthetic_yaml(n_c, n_o), encoding="utf-8")
    print(f"{'file':<34} {'read_case s':>12} {'CSafeLoader s':>14} {'ratio':>6}")
    for label, path, repeat in ((f"bundled ({bundled.stat().st_size // 1024} kB)", bundled, 9),
                                (f"{n_c:,} commitments / {n_o:,} obs", big, 3)):
        ours, bare = compare(path, repeat)
        print(f"{label:<34} {ours:12.3f} {bare:14.3f} {ours / bare:6.2f}")
    for fmt in ("yaml", "json"):
        broken = d / f"broken.{fmt}"
        text = synthetic_yaml(n_c, n_o).replace("sector: education", "sector: pendidkan", 1)
        if fmt == "json":
            import json
            text = json.dumps(yaml.load(text, Loader=yaml.CSafeLoader), indent=1)
        broken.write_text(text, encoding="utf-8")
        seconds, first = one_error(broken)
        print(f"one error, {fmt}: refused in {seconds:.2f} s: {first[len(str(d)) + 1:]}")


if __name__ == "__main__":
    main(sys.argv[1:])
