"""Benchmark: the Wikipedia list of twin towns (26,114 pairs) read, made a graph, and measured.

Run as ``.venv/bin/python benchmarks/bench_network.py`` (``--repeat N``, ``--csv PATH``).
The list is looked for in ``$SISTERCITY_TWIN_CITIES``, else in
``../shared/data/twin-cities/twin_cities_wikipedia.csv`` beside the repository (and a
few parents up); without it the benchmark says so and exits 0. The list is not part of
the project.

The path measured (best of ``--repeat``):

1. :func:`sistercity.network.read_pairs` on the CSV (reading with the :mod:`csv` module so
   that a line with more or fewer fields than the header is reported, not shifted or padded
   as ``pandas.read_csv`` does; cleaning, country codes, the report of every dropped or
   mended row, the tables);
2. :func:`sistercity.network.partnership_graph` (a networkx graph with attributes);
3. the measures: degree, country degree, country dyads, components, degree and country
   assortativity, growth, summary.

Bounds, on the same (cleaned) edges, in the same run:

* ``networkx.from_pandas_edgelist`` alone — the graph step's bound;
* ``pandas.read_csv`` + ``from_pandas_edgelist`` — the bare path with no cleaning;
* that + networkx's own degree, connected components and degree assortativity — the
  path a user would write by hand with networkx (no cleaning, no report).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from sistercity import network

_NAME = Path("shared") / "data" / "twin-cities" / "twin_cities_wikipedia.csv"


def find_list(explicit: str | None = None) -> Path | None:
    """The twin-cities CSV: ``explicit``, ``$SISTERCITY_TWIN_CITIES``, or ``shared/`` beside a parent."""
    if explicit:
        return Path(explicit) if Path(explicit).is_file() else None
    env = os.environ.get("SISTERCITY_TWIN_CITIES")
    if env and Path(env).is_file():
        return Path(env)
    here = Path(__file__).resolve().parent
    for base in (here, *here.parents):
        candidate = base / _NAME
        if candidate.is_file():
            return candidate
    return None


def _best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--csv", default=None, help="path of twin_cities_wikipedia.csv")
    args = ap.parse_args(argv)
    path = find_list(args.csv)
    if path is None:
        print("skipped: twin_cities_wikipedia.csv not found (set SISTERCITY_TWIN_CITIES or put shared/ "
              "beside the repository)")
        return 0

    def measures(res: network.PairsResult) -> dict[str, Any]:
        return {
            "degree": network.degree(res),
            "country_degree": network.country_degree(res),
            "country_dyads": network.country_dyads(res),
            "components": network.components(res),
            "assortativity": network.assortativity(res),
            "country_assortativity": network.assortativity(res, by="country"),
            "growth": network.growth(res),
            "summary": network.summary(res),
        }

    def whole() -> tuple[network.PairsResult, nx.Graph, dict[str, Any]]:
        res = network.read_pairs(path)
        g = network.partnership_graph(res)
        return res, g, measures(res)

    t_whole, (res, g, m) = _best(whole, args.repeat)
    t_read, _ = _best(lambda: network.read_pairs(path), args.repeat)
    t_graph, _ = _best(lambda: network.partnership_graph(network.read_pairs(path)), 1)
    t_graph, _ = _best(lambda: network.partnership_graph(res), args.repeat)
    t_measures, _ = _best(lambda: measures(network.read_pairs(path)), 1)  # (edges cached per tables)
    t_measures, _ = _best(lambda: measures(res), args.repeat)
    t_case, _ = _best(lambda: network.read_pairs(path).case, 1)

    ids = res.tables.agreement_parties["actor"].to_numpy(dtype=object)
    edges = pd.DataFrame({"source": ids[0::2], "target": ids[1::2]})

    def bare() -> nx.Graph:
        pd.read_csv(path)
        return nx.from_pandas_edgelist(edges)

    def by_hand() -> Any:
        h = bare()
        return dict(h.degree()), list(nx.connected_components(h)), nx.degree_assortativity_coefficient(h)

    t_fpe, h = _best(lambda: nx.from_pandas_edgelist(edges), args.repeat)
    t_bare, _ = _best(bare, args.repeat)
    t_hand, _ = _best(by_hand, args.repeat)

    s = m["summary"]
    print(f"list: {path}")
    print(f"rows {res.rows:,}; pairs kept {res.kept:,}; cities {len(res.tables.actors):,}; "
          f"rows dropped {res.dropped:,}; report rows {len(res.report):,}")
    print(res.summary()[["action", "reason", "rows"]].to_string(index=False))
    print(f"graph: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges "
          f"(networkx on the same edges: {h.number_of_nodes():,}, {h.number_of_edges():,})")
    print(f"components {int(s['components']):,}, largest {int(s['largest_component']):,} "
          f"({s['largest_share']:.1%}); degree assortativity {s['assortativity']:.3f}; "
          f"country assortativity {s['country_assortativity']:.3f}; countries {int(s['countries'])}")
    print()
    print(f"{'step':48s} {'seconds':>8s}")
    print(f"{'read_pairs (read, clean, report, tables)':48s} {t_read:8.3f}")
    print(f"{'partnership_graph':48s} {t_graph:8.3f}")
    print(f"{'measures (8 functions)':48s} {t_measures:8.3f}")
    print(f"{'whole path: read_pairs + graph + measures':48s} {t_whole:8.3f}   (goal: within 2 s)")
    print(f"{'(PairsResult.case: 40k validated model objects)':48s} {t_case:8.3f}   (not in the path)")
    print()
    print(f"{'bound':48s} {'seconds':>8s} {'ratio':>7s}")
    print(f"{'networkx.from_pandas_edgelist (graph step)':48s} {t_fpe:8.3f} {t_graph / t_fpe:7.2f}x  graph step")
    print(f"{'read_csv + from_pandas_edgelist (bare)':48s} {t_bare:8.3f} {t_whole / t_bare:7.2f}x  whole path")
    print(f"{'bare + nx degree, components, assortativity':48s} {t_hand:8.3f} {t_whole / t_hand:7.2f}x  whole path")
    ok_time = t_whole <= 2.0
    print()
    print(f"whole path within 2 s: {'yes' if ok_time else 'NO'}; graph step within 2x of from_pandas_edgelist: "
          f"{'yes' if t_graph <= 2 * t_fpe else 'NO'}; whole path within 2x of the by-hand networkx path: "
          f"{'yes' if t_whole <= 2 * t_hand else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
