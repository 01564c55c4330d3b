"""One row per case for cross-case work (:func:`sistercity.implementation.compare`)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Literal

import numpy as np
import pandas as pd

import sistercity._args as _args
import sistercity._kernel as _kernel
from sistercity._kernel import LEVEL_COUNTS, AggregateCoders, ThresholdLike
from sistercity._typing import AtLike, CaseData, DateRule, Include
from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.implementation._common import COLUMNS, frame
from sistercity.implementation._rates import sector_coverage
from sistercity.model import Case, ImplementationLevel
from sistercity.tables import CaseTables, as_tables

# ============================================================================ compare


def _named_cases(cases: object) -> list[tuple[str, CaseTables]]:
    """``compare``'s cases as (name, tables) pairs, names unique."""
    if isinstance(cases, Mapping):
        pairs: Iterable[tuple[object, object]] = cases.items()
    elif isinstance(cases, str | bytes | Case | CaseTables) or not isinstance(cases, Iterable):
        raise ArgumentTypeError(f"cases must be a mapping from name to Case or CaseTables, or a list of them; got "
                                f"{type(cases).__name__}")
    else:
        pairs = enumerate(cases)
    items: list[tuple[str, CaseTables]] = []
    for key, value in pairs:
        name = value.id if isinstance(value, Case) and not isinstance(cases, Mapping) else str(key)
        items.append((name, as_tables(value)))
    names = [n for n, _ in items]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise ArgumentError(f"cases must have unique names; {dup!r} appears more than once (pass a mapping "
                            "from name to case to name them)")
    return items


def compare(
    cases: Mapping[str, CaseData] | Iterable[CaseData],
    *,
    at: AtLike = None,
    threshold: ThresholdLike = ImplementationLevel.INTERMEDIATE,
    weights: Literal["equal"] | None = None,
    coders: AggregateCoders = "latest",
    date_rule: DateRule = "end",
    max_age: float | None = None,
    missing: Literal["skip", "zero"] = "skip",
    include: Include = ("agreed",),
) -> pd.DataFrame:
    """One row per case: implementation rate, sector coverage and counts, for cross-case work.

    Definitions: the partnership rate is the :func:`agreement_rates` formula over
    all commitments of the case, :math:`R = \\sum_c w_c \\ell_c / (3 \\sum_c w_c)`
    (with equal weights and every commitment observed the Peace Accords Matrix
    aggregate; ``rate_pam`` is PAM's figure in any case); a sector is *agreed*
    when any agreement of the case names it, and *implemented* when, in some
    agreement that names it, a commitment reaches ``threshold``
    (:func:`sector_coverage`). ``coverage`` = implemented / agreed sectors whose
    state is known: a sector whose commitments all lack data (``no_data``) is left
    out of the denominator, since no data is not "not implemented"; an agreed sector
    with no counted commitment at all (a ``gap``: nothing was planned) counts as not
    implemented. A case with no observed commitment has ``coverage`` ``NaN``
    (``n_observed`` 0 says why), as does one whose agreed sectors all lack data.
    Scales: ``rate`` and ``coverage`` in [0, 1], ``mean_level`` 0-3.

    Parameters
    ----------
    cases : mapping from name to Case or CaseTables, or an iterable of them
        An iterable names each ``Case`` by its ``id`` and each ``CaseTables`` by its
        position (``"0"``, ``"1"``, ...). Names must be unique.
    at, threshold, coders, date_rule, missing, include
        As in :func:`sector_coverage` and :func:`agreement_rates`.
    weights : None or "equal"
        Each commitment's own weight, or equal weights.
    max_age : float or None, default None
        As in :func:`status`: evidence older than ``max_age`` years at ``at`` counts
        as no data.

    Returns
    -------
    pandas.DataFrame
        One row per case in the given order, columns ``COLUMNS["compare"]``:
        ``case`` (str); ``n_agreements``, ``n_commitments``, ``n_observed``,
        ``n_level_0`` ... ``n_level_3`` (int64); ``mean_level``, ``rate``,
        ``observed_share``, ``rate_pam`` (float64: as in :func:`agreement_rates`);
        ``n_sectors_agreed``, ``n_sectors_implemented``, ``n_sectors_no_data``
        (int64: agreed sectors, implemented ones, and ones whose commitments all
        lack data), ``coverage`` (float64, ``NaN`` with no data); ``n_obstacles``,
        ``n_challenges`` (int64: obstacle records of each kind).

    References
    ----------
    Joshi, Quinn & Regan (2015), *Journal of Peace Research* 52(4).

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.implementation import compare
    >>> names = ["bogor-kisarazu", "surabaya-kochi"]
    >>> c = compare({n: datasets.load(n) for n in names}, at="2018")
    >>> c.set_index("case")[["n_commitments", "rate", "n_sectors_implemented"]].round(3)
                    n_commitments   rate  n_sectors_implemented
    case
    bogor-kisarazu              5  0.133                      1
    surabaya-kochi              0    NaN                      0
    """
    rule = _kernel.date_rule(date_rule)
    rule_coders = _kernel.coder_rule(coders, each=False)
    zero = _kernel.missing_as_zero(missing)
    _kernel.threshold(threshold)
    statuses = _args.include(include)
    age = _kernel.max_age(max_age)
    day = _kernel.at_day(at)
    if weights is not None:
        if not isinstance(weights, str):
            raise ArgumentTypeError(f"weights must be None (each commitment's own weight) or 'equal'; got "
                                    f"{type(weights).__name__}")
        _args.choice("weights", weights, ("equal",))
    items = _named_cases(cases)
    rows: dict[str, list[object]] = {c: [] for c in COLUMNS["compare"]}
    for name, t in items:
        s = _kernel.core(t, at=day, rule=rule, coders=rule_coders, counts=False, max_age=age)
        w = _kernel.weights(t, weights)
        counted = _kernel.included(t, statuses)
        whole = _kernel.rates(np.zeros(int(counted.sum()), np.intp), 1, s.level[counted], w[counted], zero)
        cov = sector_coverage(t, at=at, threshold=threshold, coders=coders, date_rule=date_rule, max_age=max_age,
                              include=include)
        agreed = cov[cov["agreed"]]
        by_sector = agreed.groupby("sector", observed=True)["implemented"].any()
        # a sector is unknown when it has commitments and none of them (in any agreement) has data
        seen = agreed.groupby("sector", observed=True)[["n_commitments", "n_observed"]].sum()
        n_unknown = int(((seen["n_commitments"] > 0) & (seen["n_observed"] == 0)).sum())
        n_known = len(by_sector) - n_unknown
        kinds = t.obstacles["kind"].astype("str")
        rows["case"].append(name)
        rows["n_agreements"].append(len(_kernel.agreement_codes(t)[2]))
        for k in ("n_commitments", "n_observed", *LEVEL_COUNTS):
            rows[k].append(int(np.asarray(whole[k])[0]))
        rows["mean_level"].append(float(np.asarray(whole["mean_level"])[0]))
        for k in ("rate", "observed_share", "rate_pam"):
            rows[k].append(float(np.asarray(whole[k])[0]))
        rows["n_sectors_agreed"].append(len(by_sector))
        rows["n_sectors_implemented"].append(int(by_sector.sum()))
        rows["n_sectors_no_data"].append(n_unknown)
        rows["coverage"].append(int(by_sector.sum()) / n_known if n_known and rows["n_observed"][-1]
                                else math.nan)
        rows["n_obstacles"].append(int((kinds == "obstacle").sum()))
        rows["n_challenges"].append(int((kinds == "challenge").sum()))
    floats = ("mean_level", "rate", "observed_share", "rate_pam", "coverage")
    dtypes = {c: ("str" if c == "case" else "float64" if c in floats else "int64")
              for c in COLUMNS["compare"]}
    return frame({c: pd.Series(rows[c], dtype="str") if c == "case" else np.asarray(rows[c], dtype=dtypes[c])
                   for c in COLUMNS["compare"]}, "compare")
