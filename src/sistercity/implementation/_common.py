"""The fixed output columns and shared option types of :mod:`sistercity.implementation`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import pandas as pd

import sistercity._kernel as _kernel
from sistercity._kernel import LEVEL_COUNTS

Coders = Literal["latest", "median", "min", "max", "each"]
"""How the observations of several coders make one status."""

COMMITMENT_STATUSES: tuple[str, ...] = ("agreed", "proposed", "wish")
"""Values of a commitment's ``status`` (how firm the promise is), for ``include``."""

COVERAGE: tuple[str, ...] = ("implemented", "below_threshold", "no_data", "gap")
"""Categories of :func:`sector_coverage`'s ``coverage`` column, in order."""

TIMING: tuple[str, ...] = ("in_term", "before_start", "after_end", "uncertain", "unknown")
"""Categories of :func:`status`'s ``timing`` column: where the observation falls in its agreement's term."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "status": ("commitment", "agreement", "sector", "commitment_status", "coder", "level", "rate",
               "observation", "date", "date_point", "age_years", "n_observations", "n_coders",
               "disagreement", "timing", "source", "locator"),
    "agreement_rates": ("agreement", "n_commitments", "n_observed", "n_no_data", *LEVEL_COUNTS, "weight",
                        "mean_level", "rate", "observed_share", "rate_pam"),
    "sector_coverage": ("agreement", "sector", "field", "agreed", "n_commitments", "n_excluded", "n_observed",
                        "n_implemented", "best_level", "best_commitment", "implemented", "coverage"),
    "trajectory": ("date", "group", "n_commitments", "n_observed", "mean_level", "rate", "observed_share",
                   "rate_pam"),
    "stalled": ("commitment", "agreement", "sector", "level", "level_before", "date", "window_start"),
    "reversals": ("commitment", "agreement", "sector", "coder", "observation_before", "date_before",
                  "level_before", "observation", "date", "level", "drop"),
    "compare": ("case", "n_agreements", "n_commitments", "n_observed", *LEVEL_COUNTS, "mean_level", "rate",
                "observed_share", "rate_pam",
                "n_sectors_agreed", "n_sectors_implemented", "n_sectors_no_data", "coverage", "n_obstacles",
                "n_challenges"),
}
"""The fixed output columns of every function, by function name."""

Weights = Literal["equal"] | Mapping[str, float] | pd.Series | None
"""``weights``: each commitment's own weight (``None``), equal weights, or a weight per commitment id."""


def frame(columns: dict[str, object], name: str) -> pd.DataFrame:
    """A DataFrame of ``columns``, which must be exactly ``COLUMNS[name]``, in order."""
    return _kernel.frame(columns, COLUMNS[name])
