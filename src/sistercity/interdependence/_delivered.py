"""Flows as promised or as delivered: commitment ties weighted by their implementation level."""

from __future__ import annotations

from typing import Literal, TypeAlias

import numpy as np
import pandas as pd

from sistercity._args import choice
from sistercity.interdependence._vocab import ORIGINS
from sistercity.tables import CaseTables

Flows: TypeAlias = Literal["promised", "delivered"]
"""What a provision tie carries (``flows=`` of :func:`dependence` and its kin)."""

Unobserved: TypeAlias = Literal["missing", "drop", "zero"]
"""How a commitment with no observed level enters delivered flows (``unobserved=``)."""

FLOWS: tuple[str, ...] = ("promised", "delivered")
UNOBSERVED: tuple[str, ...] = ("missing", "drop", "zero")


def check_flow_options(flows: object, unobserved: object) -> tuple[str, str]:
    """``flows`` and ``unobserved``, checked."""
    return choice("flows", flows, FLOWS), choice("unobserved", unobserved, UNOBSERVED)


def commitment_levels(t: CaseTables, *, at: object, date_rule: object) -> pd.Series:
    """Each commitment's implementation level at ``at`` (float 0–3, NaN when unobserved), by commitment id."""
    from sistercity import implementation

    st = implementation.status(t, at=at, date_rule=date_rule)  # type: ignore[arg-type]
    level = pd.to_numeric(st["level"], errors="coerce").astype("float64").to_numpy()
    return pd.Series(level, index=pd.Index(st["commitment"].astype(object).to_numpy()), dtype="float64")


def flow_ties(t: CaseTables, tt: pd.DataFrame, *, flows: str, unobserved: str, at: object,
              date_rule: object) -> pd.DataFrame:
    """The tie table with the flows (and weights) of commitment ties as ``flows`` asks.

    ``"promised"``: ``tt`` itself. ``"delivered"``: a copy in which each commitment
    tie's ``flow`` and ``weight`` are multiplied by ``level / 3``, its commitment's
    implementation level at ``at`` (:func:`sistercity.implementation.status`), with a
    ``level`` column. A commitment nobody observed by ``at`` has no level: its ties
    carry NaN (``unobserved="missing"``), are left out (``"drop"``) or carry 0
    (``"zero"``).
    """
    if flows == "promised":
        return tt
    levels = commitment_levels(t, at=at, date_rule=date_rule)
    is_commitment = (tt["origin"] == ORIGINS[1]).to_numpy()
    level = np.full(len(tt), np.nan)
    if is_commitment.any():
        level[is_commitment] = levels.reindex(tt["record"].astype(object).to_numpy()[is_commitment]).to_numpy()
    unknown = is_commitment & np.isnan(level)
    factor = np.where(is_commitment, level / 3.0, 1.0)
    if unobserved == "zero":
        factor[unknown] = 0.0
    out = tt.copy()
    out["flow"] = tt["flow"].to_numpy(dtype="float64") * factor
    out["weight"] = tt["weight"].to_numpy(dtype="float64") * factor
    out["level"] = level
    if unobserved == "drop":
        drop = unknown & (tt["relation"] == "provision").to_numpy()
        out = out[~drop].reset_index(drop=True)
    return out


def sum_by(key: np.ndarray, amount: np.ndarray) -> pd.Series:
    """Sums of ``amount`` by ``key`` (sorted keys); NaN where any amount of the key is NaN.

    pandas skips NaN when it sums groups; here an unknown amount makes its sum
    unknown (no data is never 0).
    """
    sums = pd.Series(amount).groupby(key).sum()
    nan = np.isnan(amount)
    if nan.any():
        sums.loc[np.unique(key[nan])] = np.nan
    return sums
