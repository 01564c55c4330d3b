"""The union of many cases' tables: ids namespaced ``case/id``, a ``case`` column (private)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import pandas as pd

from sistercity.tables import SCHEMA, CaseTables
from sistercity.vocab import Vocabulary

__all__ = ["ID_COLUMNS", "SEPARATOR", "union_tables"]

SEPARATOR: Final = "/"
"""Between a case's label and a record's id in the union (``bogor-kisarazu/edu``); ids never hold it."""

ID_COLUMNS: dict[str, tuple[str, ...]] = {
    "actors": ("actor", "parent"),
    "agreements": ("agreement", "parent"),
    "agreement_parties": ("agreement", "actor"),
    "signatories": ("agreement", "actor", "on_behalf_of"),
    "agreement_sectors": ("agreement",),
    "commitments": ("commitment", "agreement"),
    "commitment_actors": ("commitment", "actor"),
    "commitment_targets": ("commitment", "target"),
    "observations": ("commitment",),
    "obstacles": ("obstacle",),
    "obstacle_links": ("obstacle", "commitment"),
    "mitigations": ("obstacle", "commitment"),
    "events": ("event", "agreement"),
    "event_participants": ("event", "actor"),
    "event_commitments": ("event", "commitment"),
    "sources": ("source",),
    "evidence": ("record_id", "source"),
    "targets": ("framework", "target"),
}
"""The columns of each table that hold record ids (namespaced in the union); one entry per table of
:data:`sistercity.tables.SCHEMA` (a test keeps them in step)."""


def _prefixed(values: pd.Series, label: str) -> pd.Series:
    """``label/value`` for each value; a missing value stays missing."""
    return (label + SEPARATOR) + values


def _vocab_categories(sectors: Vocabulary, categories: Vocabulary) -> dict[str, list[str]]:
    return {"sector": list(sectors), "field": sorted(set(sectors.groups().values())), "category": list(categories)}


def _frame(table: str, df: pd.DataFrame, label: str, labels: Sequence[str], offset: int,
           vocab: dict[str, list[str]]) -> pd.DataFrame:
    out = df.copy()
    for col in ID_COLUMNS[table]:
        if table == "evidence" and col == "record_id":
            obs = out["record"].astype("object") == "observation"
            renumbered = (pd.to_numeric(out["record_id"].where(obs), errors="coerce") + offset).astype("Int64")
            named = _prefixed(out["record_id"], label)
            out[col] = named.where(~obs, renumbered.astype("str")).astype(df[col].dtype)
            continue
        out[col] = _prefixed(out[col], label).astype(df[col].dtype)
    if table == "observations":
        out["observation"] = out["observation"] + offset
    for col in ("sector", "field", "category"):
        if col in out.columns:
            out[col] = out[col].cat.set_categories(vocab[col])
    out["case"] = pd.Categorical([label] * len(out), categories=list(labels))
    return out


def union_tables(tables: Sequence[CaseTables], labels: Sequence[str], sectors: Vocabulary,
                 categories: Vocabulary) -> CaseTables:
    """One :class:`CaseTables` holding every case's rows, ids as ``label/id``, plus a ``case`` column.

    Observation numbers run on over the cases (the second case's first observation
    follows the first case's last), and evidence for an observation names the new
    number. Sector, field and category columns become categoricals over the merged
    vocabularies; ``case`` is a categorical over ``labels`` in their order.
    """
    vocab = _vocab_categories(sectors, categories)
    frames: dict[str, pd.DataFrame] = {}
    for table in SCHEMA:
        parts: list[pd.DataFrame] = []
        offset = 0
        for t, label in zip(tables, labels, strict=True):
            df = getattr(t, table)
            parts.append(_frame(table, df, label, labels, offset, vocab))
            offset += len(t.observations)
        frames[table] = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    return CaseTables(**frames, sectors=sectors, categories=categories)
