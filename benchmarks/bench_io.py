"""Benchmark: ``read_case`` against a bare ``yaml.load(Loader=CSafeLoader)`` of the same file.

Goal (issue 14): ``read_case`` within 2x a bare C-loader load, on the bundled
case and on a synthetic case of 10,000 commitments and 100,000 observations
(generated here, seeded); and a file of 100,000 commitments with one error refused,
the error with its line, in at most 10 s and under 1 GB (peak resident memory of a
fresh process that reads it), in YAML and in JSON.

Issue 9 (hostile input): N commitments and N observations that all point at
missing commitments (N = 2,000; the did-you-mean search once made this quadratic)
through ``loads_case``, JSON and YAML.

Run::

    PYTHONPATH=src .venv/bin/python benchmarks/bench_io.py [n_commitments n_observations]
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
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
    if n_observations:
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


def _child_one_error(path: str) -> None:
    """In a fresh process: refuse ``path``; print seconds, peak RSS (MiB) and the first problem."""
    seconds, first = one_error(Path(path))
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024, "first": first}))


def big_one_error(d: Path, n_commitments: int = 100_000) -> None:
    """Issue 14: ``n_commitments`` commitments, one unknown sector: time, peak memory, the line reported."""
    text = synthetic_yaml(n_commitments, 0).replace("sector: education", "sector: pendidkan", 1)
    for fmt in ("yaml", "json"):
        path = d / f"big-broken.{fmt}"
        text_out = json.dumps(yaml.load(text, Loader=yaml.CSafeLoader), indent=1) if fmt == "json" else text
        path.write_text(text_out, encoding="utf-8")
        run = subprocess.run([sys.executable, __file__, "--one-error-child", str(path)], capture_output=True,
                             text=True, check=True)
        got = json.loads(run.stdout)
        goal = "met" if got["seconds"] <= 10 and got["peak_mib"] < 1024 else "NOT MET"
        print(f"{n_commitments:,} commitments, one error, {fmt} ({path.stat().st_size / 2**20:.1f} MiB): "
              f"{got['seconds']:.2f} s, peak RSS {got['peak_mib']:.0f} MiB (goal <= 10 s, < 1 GB: {goal}); "
              f"{got['first'][len(str(d)) + 1:]}")


def missing_references(n: int = 2_000) -> None:
    """Issue 9: ``n`` commitments and ``n`` observations pointing at missing ones, through loads_case."""
    case = datasets.load("bogor-kisarazu").to_dict()
    c0, o0 = case["commitments"][0], case["observations"][0]
    case["commitments"] = [dict(c0, id=f"c{i:05d}") for i in range(n)]
    case["observations"] = [dict(o0, commitment=f"x{i:05d}q") for i in range(n)]
    case["obstacles"], case["events"] = [], []
    for fmt in ("json", "yaml"):
        text = json.dumps(case) if fmt == "json" else yaml.safe_dump(case, allow_unicode=True, sort_keys=False)
        t0 = time.perf_counter()
        try:
            sistercity.loads_case(text, format=fmt)  # type: ignore[arg-type]
        except sistercity.CaseValidationError as err:
            seconds = time.perf_counter() - t0
            print(f"{n:,} dangling references, {fmt} ({len(text) / 2**20:.1f} MiB): refused in {seconds:.2f} s "
                  f"with {len(err.problems)} problems (the last counts the rest)")
        else:
            raise AssertionError("the broken case was read")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one-error-child"]:
        _child_one_error(argv[1])
        return
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
    missing_references()
    big_one_error(d)


if __name__ == "__main__":
    main(sys.argv[1:])
