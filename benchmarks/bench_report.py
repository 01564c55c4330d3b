"""Benchmark: the HTML report of a large synthetic case (1,000 commitments, 10,000 observations).

Run from the repository root as ``.venv/bin/python benchmarks/bench_report.py``
(options: ``--commitments``, ``--observations``, ``--agreements``, ``--lang``,
``--repeat``, ``--out FILE`` to keep the page). It prints the time of
:func:`sistercity.report.report` (best of ``--repeat``, each on a freshly built case so
no cached table is reused), the size of the page, and how the size splits between
embedded figures and the rest.

The case is built from :func:`synthetic.synthetic_frames` (the seeded tables of the
implementation benchmark, at a smaller size) turned into a :class:`sistercity.Case`, with
what a report shows and the tables lack: 40 actors in two countries (each agreement between
two city governments, commitments with a provider and a beneficiary), 25 sources, one piece
of evidence (source, locator, quote) on every commitment and observation, 30 obstacles and
challenges affecting 1-4 commitments each (half with a mitigation), 60 events and one policy
framework of 10 targets.

Measured (2 cores shared with other jobs, Python 3.11.7, matplotlib 3.11, Jinja2 3.1, Babel 2.19;
both versions in one run, best of 2, after a first report so imports are warm):

==========================================  =========  =======  ===================
version                                     time       size     of which figures
==========================================  =========  =======  ===================
string concatenation (``report.py``)        24.9 s     14.1 MB  7.7 MB
templates, ``lang="en"``                    2.5 s      6.5 MB   0.56 MB
templates, ``lang="id"``                    2.4 s      6.6 MB   0.58 MB
==========================================  =========  =======  ===================

A first report in a fresh process takes about 0.8 s more (imports; compiling the Indonesian
catalog itself takes some 10 ms). The time went to the figures: a timeline row and a heatmap
row per commitment (15,000 line artists, a 362-inch-high heatmap). Now a figure draws one row
per commitment only up to ``sistercity.report._figures.MAX_ROWS`` (40) commitments, and a
larger case gets the rate by sector over time instead; the tables keep every commitment and
observation (so the page stays about 6.5 MB: 10,000 observations with their sources), and a
reading table or list of more than 30 rows is folded in a ``<details>`` block.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_frames

from sistercity import Case
from sistercity.report import report

_CATEGORIES = ["geographic_climatic", "capacity_supply", "financial", "legal_regulatory",
               "political_leadership", "administrative_coordination", "unspecified"]
_EVENT_KINDS = ["visit", "study_visit", "meeting", "exchange", "teleconference", "forum"]


def synthetic_case(n_agreements: int = 10, n_commitments: int = 1_000, n_observations: int = 10_000,
                   *, seed: int = 20161118) -> Case:
    """A synthetic case of the given size (seeded, reproducible)."""
    frames = synthetic_frames(n_agreements, n_commitments, n_observations, seed=seed)
    rng = np.random.default_rng(seed + 1)
    n_actors_per_side = 20
    actors: list[dict[str, Any]] = []
    for country, side in (("ID", "id"), ("JP", "jp")):
        for i in range(n_actors_per_side):
            actors.append({"id": f"{side}-{i:02d}", "name": f"City {side.upper()} {i:02d} government",
                           "level": "subnational", "kind": "government", "country": country})
    sources = [{"id": f"s{i:02d}", "kind": "news" if i % 3 else "report", "title": f"Report number {i}",
                "year": 2005 + i % 15, "url": f"https://example.org/report/{i}", "language": "id"}
               for i in range(25)]

    def evidence(i: int) -> list[dict[str, str]]:
        return [{"source": f"s{i % 25:02d}", "locator": f"p. {1 + i % 40}",
                 "quote": f"Kegiatan nomor {i} telah dilaksanakan sebagian."}]

    sectors = frames["agreement_sectors"].groupby("agreement")["sector"].agg(list)
    agreements = []
    for i, row in enumerate(frames["agreements"].itertuples(index=False)):
        agreements.append({
            "id": row.agreement, "kind": row.kind, "title": f"Agreement {row.agreement}",
            "parties": [f"id-{i % n_actors_per_side:02d}", f"jp-{i % n_actors_per_side:02d}"],
            "signed": row.start, "term": f"P{int(row.term_months)}M", "renewal_window": "P6M",
            "sectors": sectors[row.agreement], "evidence": evidence(i)})
    commitments = []
    for i, row in enumerate(frames["commitments"].itertuples(index=False)):
        a = int(row.agreement[1:])
        commitments.append({
            "id": row.commitment, "agreement": row.agreement, "sector": row.sector,
            "title": f"Programme {i} in {row.sector.replace('_', ' ')}",
            "providers": [f"jp-{a % n_actors_per_side:02d}"], "beneficiaries": [f"id-{a % n_actors_per_side:02d}"],
            "status": ("agreed", "agreed", "agreed", "proposed", "wish")[i % 5], "evidence": evidence(i)})
    observations = [{"commitment": r.commitment, "date": r.date, "level": int(r.level), "coder": r.coder,
                     "evidence": evidence(i)}
                    for i, r in enumerate(frames["observations"].itertuples(index=False))]
    ids = [c["id"] for c in commitments]
    obstacles = []
    for i in range(30):
        affects = sorted(set(rng.choice(ids, int(rng.integers(1, 5))).tolist()))
        mitigations = ([{"description": f"Mitigation {i}", "commitment": affects[0], "evidence": evidence(i)}]
                       if i % 2 else [])
        obstacles.append({"id": f"ob{i:02d}", "kind": "obstacle" if i % 3 else "challenge",
                          "category": _CATEGORIES[i % len(_CATEGORIES)], "title": f"Obstacle {i}",
                          "affects": affects, "severity": ("low", "medium", "high")[i % 3],
                          "mitigations": mitigations, "evidence": evidence(i)})
    events = [{"id": f"ev{i:02d}", "date": str(2006 + i % 14), "kind": _EVENT_KINDS[i % len(_EVENT_KINDS)],
               "title": f"Event {i}", "participants": [f"id-{i % 20:02d}", f"jp-{i % 20:02d}"],
               "evidence": evidence(i)} for i in range(60)]
    frameworks = [{"id": "targets", "title": "City policy targets", "owner": "id-00", "requirement": "at_least_one",
                   "targets": [{"id": f"t{i}", "text": f"Target {i}"} for i in range(10)]}]
    for i, c in enumerate(commitments):
        if i % 7 == 0:
            c["targets"] = [f"t{i % 10}"]
    return Case.model_validate({
        "id": "synthetic", "title": "Synthetic case", "period_start": "2005", "period_end": "2020",
        "actors": actors, "agreements": agreements, "commitments": commitments, "observations": observations,
        "obstacles": obstacles, "events": events, "sources": sources, "policy_frameworks": frameworks})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=10)
    parser.add_argument("--commitments", type=int, default=1_000)
    parser.add_argument("--observations", type=int, default=10_000)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", metavar="FILE")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    synthetic_case(args.agreements, args.commitments, args.observations)
    print(f"built a case of {args.commitments:,} commitments and {args.observations:,} observations "
          f"in {time.perf_counter() - t0:.2f} s")
    best = float("inf")
    page = ""
    for _ in range(args.repeat):
        case = synthetic_case(args.agreements, args.commitments, args.observations)
        t0 = time.perf_counter()
        page = report(case, at="2020", **({"lang": args.lang} if args.lang != "en" else {}))
        best = min(best, time.perf_counter() - t0)
    size = len(page.encode("utf-8"))
    images = sum(len(part.split("'", 1)[0].split('"', 1)[0]) for part in page.split("data:image/")[1:])
    print(f"report(lang={args.lang!r}): {best:.2f} s (best of {args.repeat}); "
          f"{size / 1e6:.2f} MB, of which embedded figures {images / 1e6:.2f} MB")
    if args.out:
        Path(args.out).write_text(page, encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
