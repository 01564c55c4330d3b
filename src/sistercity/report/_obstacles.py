"""The "Obstacles and challenges" section: each obstacle, what it affects, its mitigations, its sources."""

from __future__ import annotations

from typing import Any

import pandas as pd

from sistercity import obstacles as _obstacles
from sistercity.model import Obstacle
from sistercity.report import _figures
from sistercity.report._doc import THRESHOLD, Doc, missing, records

__all__ = ["obstacles"]


def _mitigations(doc: Doc, rows: pd.DataFrame) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in records(rows):
        state = doc.term("mitigation", m["state"])
        if missing(m["description"]):
            out.append({"description": "", "state": state})
            continue
        out.append({"description": str(m["description"]), "state": state,
                    "by": doc.commitment(m["commitment"]),
                    "proposed": None if missing(m["proposed"]) else doc.date(m["proposed"]),
                    "cite": None if missing(m["source"]) else doc.cite(m["source"], m["locator"])})
    return out


def _row(doc: Doc, ob: Obstacle, hits: pd.DataFrame, mitig: pd.DataFrame) -> dict[str, Any]:
    first = hits.iloc[0]
    affects = [None if missing(h["commitment"]) else
               {"commitment": doc.commitment(h["commitment"]), "level": doc.level(h["level"]),
                "blocked": bool(h["blocked"])}
               for h in records(hits)]
    return {"title": ob.title, "kind": doc.term("obstacle kind", ob.kind), "category": doc.category(first["category"]),
            "severity": doc.term("severity", ob.severity) if ob.severity else "", "description": ob.description,
            "affects": affects, "mitigations": _mitigations(doc, mitig[mitig["obstacle"] == ob.id]),
            "evidence": doc.evidence(ob.evidence)}


def obstacles(doc: Doc) -> dict[str, Any]:
    """The context of the "Obstacles and challenges" section (``empty`` when none is recorded)."""
    at = doc.status_at
    impacts = _obstacles.obstacle_impacts(doc.case, at=at, threshold=THRESHOLD)
    if impacts.empty:
        return {"empty": True}
    mitig = _obstacles.mitigation_status(doc.case, at=at, threshold=THRESHOLD)
    by_obstacle = {k: g for k, g in impacts.groupby("obstacle", sort=False)}
    rows = [_row(doc, ob, by_obstacle[ob.id], mitig) for ob in doc.case.obstacles if ob.id in by_obstacle]
    return {
        "empty": False,
        "at": doc.at_text,
        "threshold": int(THRESHOLD),
        "rows": rows,
        "full": [t for t in (doc.full_table(impacts, "obstacles.obstacle_impacts"),
                             doc.full_table(mitig, "obstacles.mitigation_status")) if t],
        "figures": [_figures.obstacles(doc)],
    }
