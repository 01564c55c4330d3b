"""Agreement of a case's own coders, and same-date conflicts (private to :mod:`sistercity.reliability`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity._args import choice, positive_int
from sistercity._frames import problem
from sistercity._typing import CaseData, DateRule
from sistercity.exceptions import ArgumentError, CaseValidationError, Problem
from sistercity.reliability._bootstrap import ALPHA_MIN, AlphaInterval, alpha_bootstrap, generator, interval_options
from sistercity.reliability._coefficients import (
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
)
from sistercity.reliability._data import LEVELS, Level
from sistercity.tables import CaseTables, as_tables

Unit = Literal["commitment-period", "commitment"]
"""What one unit of coding is in :func:`of_case`."""

Period = Literal["year", "month", "day"]
"""How finely ``"commitment-period"`` cuts time."""

Within = Literal["latest", "min", "max"]
"""How the several observations of one coder on one unit become one value."""

SCALE: tuple[int, ...] = (0, 1, 2, 3)
"""The implementation scale (Peace Accords Matrix): the categories every coefficient of :func:`of_case` uses."""

COEFFICIENT_COLUMNS: tuple[str, ...] = ("coefficient", "variant", "value", "low", "high", "n_units", "n_coders",
                                        "note")
"""The columns of :attr:`CaseAgreement.coefficients`."""

CONFLICT_COLUMNS: tuple[str, ...] = ("commitment", "day", "observation", "date", "coder", "level", "source",
                                     "n_observations", "n_coders", "n_levels")
"""The columns of :func:`same_date_conflicts`."""

_KEY = "sistercity.reliability"


@dataclass(frozen=True, eq=False)
class CaseAgreement:
    """The agreement of a case's coders on implementation levels (what :func:`of_case` returns).

    Attributes
    ----------
    coefficients : DataFrame
        One row per coefficient (columns :data:`COEFFICIENT_COLUMNS`):
        ``coefficient`` (``percent_agreement``, ``krippendorff_alpha``, ``fleiss_kappa``,
        ``gwet_ac1``, ``cohen_kappa``), ``variant`` (the level of α, the weights of κ),
        ``value`` (NaN when the coefficient cannot be computed, with the reason in
        ``note``), ``low``/``high`` (α's bootstrapped interval when asked for, else
        NaN), ``n_units`` (units that enter the coefficient: coded by two or more
        coders; for κ by both) and ``n_coders``.
    disagreements : DataFrame
        The units on which coders differ, largest ``spread`` first: the unit's key
        (``commitment``, and ``period`` for ``"commitment-period"``), one column per
        coder with the level that coder gave (``<NA>``: not coded), ``n_coders``
        (coders who coded the unit) and ``spread`` (highest minus lowest level).
    table : DataFrame
        Every unit (rows; index: the unit's key) by every coder (columns), as
        ``Int8`` levels: the reliability data the coefficients read, ready for the
        other functions of this module.
    coders : tuple of str
        The coders, sorted by name.
    unit, period, level, within : str or None
        The choices made.
    interval : AlphaInterval or None
        α's bootstrap (with ``n_boot > 0`` and α defined), else ``None``.
    note : str
        ``""``, or why agreement cannot be computed at all (one coder, no observations).

    Examples
    --------
    Two coders of the same commitments, in tables built from DataFrames:

    >>> import pandas as pd
    >>> from sistercity import CaseTables, reliability
    >>> obs = pd.DataFrame({"commitment": ["c1", "c1", "c2", "c2", "c3", "c3", "c1"],
    ...                     "date": ["2017", "2017-06", "2018", "2018", "2018", "2018", "2018"],
    ...                     "level": [1, 2, 0, 0, 3, 3, 2],
    ...                     "coder": ["ana", "budi", "ana", "budi", "ana", "budi", "ana"]})
    >>> com = pd.DataFrame({"commitment": ["c1", "c2", "c3"], "agreement": "a", "sector": "education",
    ...                     "title": ["One", "Two", "Three"]})
    >>> t = CaseTables.from_frames(observations=obs, commitments=com,
    ...                            agreements=pd.DataFrame({"agreement": ["a"], "kind": ["letter_of_intent"]}))
    >>> res = reliability.of_case(t)
    >>> res
    CaseAgreement(coders=2, units=4, disagreements=1, alpha=0.949 (ordinal))
    >>> res.table
                      ana  budi
    commitment period
    c1         2017      1     2
               2018      2  <NA>
    c2         2018      0     0
    c3         2018      3     3
    >>> res.disagreements
      commitment period  ana  budi  n_coders  spread
    0         c1   2017    1     2         2       1
    >>> res.coefficients[["coefficient", "variant", "value", "n_units"]].round(3)
              coefficient       variant  value  n_units
    0   percent_agreement       nominal  0.667        3
    1  krippendorff_alpha       ordinal  0.949        3
    2        fleiss_kappa       nominal  0.536        3
    3            gwet_ac1  nominal, q=4  0.562        3
    4         cohen_kappa        linear  0.769        3
    """

    coefficients: pd.DataFrame
    disagreements: pd.DataFrame
    table: pd.DataFrame
    coders: tuple[str, ...]
    unit: str
    period: str | None
    level: str
    within: str
    interval: AlphaInterval | None
    note: str

    @property
    def alpha(self) -> float:
        """Krippendorff's α of the case's coders (NaN when it cannot be computed; see ``coefficients.note``)."""
        rows = self.coefficients[self.coefficients["coefficient"] == "krippendorff_alpha"]
        return float(rows["value"].iloc[0])

    def __repr__(self) -> str:
        return (f"CaseAgreement(coders={len(self.coders)}, units={len(self.table)}, "
                f"disagreements={len(self.disagreements)}, alpha={self.alpha:.3f} ({self.level}))")


def _observations(t: CaseTables) -> pd.DataFrame:
    """The observations table, after checking what agreement needs: a level 0-3, a date, a coder."""
    obs = t.observations
    problems: list[Problem] = []
    level = obs["level"]
    bad = level.isna().to_numpy() | ~level.isin(SCALE).to_numpy()
    if bad.any():
        problems.append(problem("observations", "level", bad, "an observation needs a level 0-3", level))
    for col, what in (("date_first", "date"), ("coder", "coder")):
        miss = obs[col].isna().to_numpy()
        if miss.any():
            problems.append(problem("observations", what, miss, f"an observation needs a {what}"))
    if problems:
        raise CaseValidationError(problems)
    return obs


def _periods(obs: pd.DataFrame, period: str) -> pd.Series:
    """Each observation's period: its date cut to ``period``, never finer than the date itself."""
    first = obs["date_first"]
    year = first.dt.year.astype("int64").astype(str).str.zfill(4)
    month = year + "-" + first.dt.month.astype("int64").astype(str).str.zfill(2)
    day = month + "-" + first.dt.day.astype("int64").astype(str).str.zfill(2)
    precision = obs["precision"].astype(str)
    if period == "year":
        return cast(pd.Series, year)
    if period == "month":
        return cast(pd.Series, month.where(precision != "year", year))
    return cast(pd.Series, day.where(precision == "day", month.where(precision == "month", year)))


def _commitment_order(t: CaseTables, names: pd.Series) -> npt.NDArray[np.int64]:
    """Position of each commitment in the commitments table (unknown ones after, by name)."""
    known = pd.Index(t.commitments["commitment"])
    pos = np.asarray(known.get_indexer(names), dtype=np.int64)
    if (pos < 0).any():
        extra = pd.Index(sorted(set(names[pos < 0])))
        pos = np.where(pos < 0, len(known) + extra.get_indexer(names), pos)
    return pos


def _reduce(obs: pd.DataFrame, keys: list[str], within: str) -> pd.DataFrame:
    """One row per unit and coder: the coder's latest (or lowest, or highest) level on the unit.

    ``latest`` keeps the observations of the coder's latest last day and, when that day holds
    several levels, their lower median: the rule :func:`sistercity.implementation.status` uses.
    """
    frame = obs.assign(_row=np.arange(len(obs)), _level=obs["level"].astype("int64"), _last=obs["date_last"])
    group = [*keys, "coder"]
    if within == "latest":
        latest = frame.groupby(group, sort=False, observed=True)["_last"].transform("max")
        frame = frame[frame["_last"] == latest].sort_values([*group, "_level", "_row"], kind="stable")
        pick = frame.groupby(group, sort=False, observed=True)
        position = pick.cumcount()
        lower_median = (pick["_level"].transform("size") - 1) // 2
        chosen = frame[position == lower_median]
    else:
        frame = frame.sort_values([*group, "_level", "_last", "_row"], kind="stable")
        pick = frame.groupby(group, sort=False, observed=True)
        chosen = pick.head(1) if within == "min" else pick.tail(1)
    return chosen[[*keys, "coder", "_level"]].rename(columns={"_level": "level"})


def _coefficients(table: pd.DataFrame, level: Level, n_boot: int, ci: float, alpha_min: float,
                  seed: np.random.Generator) -> tuple[pd.DataFrame, AlphaInterval | None]:
    data = table.to_numpy(dtype=np.float64, na_value=np.nan)
    n_coders = data.shape[1]
    coded = (~np.isnan(data)).sum(axis=1)
    pairable = int((coded >= 2).sum())
    weights = {"nominal": None, "ordinal": "linear"}.get(level, "quadratic")
    rows: list[dict[str, object]] = []
    interval: AlphaInterval | None = None

    def add(name: str, variant: str, compute: Callable[[], float], n_units: int) -> None:
        try:
            value, note = compute(), ""
        except ArgumentError as err:
            value, note = float("nan"), str(err)
        rows.append({"coefficient": name, "variant": variant, "value": value, "low": np.nan, "high": np.nan,
                     "n_units": n_units, "n_coders": n_coders, "note": note})

    cats = list(SCALE)
    add("percent_agreement", "nominal", lambda: percent_agreement(data, categories=cats), pairable)
    add("krippendorff_alpha", level, lambda: krippendorff_alpha(data, level=level, categories=cats), pairable)
    if n_boot and rows[-1]["note"] == "":
        interval = alpha_bootstrap(data, level=level, categories=cats, n_boot=n_boot, ci=ci, alpha_min=alpha_min,
                                   seed=seed)
        rows[-1].update(low=interval.low, high=interval.high)
    add("fleiss_kappa", "nominal", lambda: fleiss_kappa(data, categories=cats), pairable)
    add("gwet_ac1", f"nominal, q={len(cats)}", lambda: gwet_ac1(data, categories=cats), pairable)
    variant = "unweighted" if weights is None else weights
    if n_coders == 2:
        both = int((coded == 2).sum())
        add("cohen_kappa", variant,
            lambda: cohen_kappa(data[:, 0], data[:, 1], weights=weights, categories=cats), both)  # type: ignore[arg-type]
    else:
        rows.append({"coefficient": "cohen_kappa", "variant": variant, "value": np.nan, "low": np.nan,
                     "high": np.nan, "n_units": 0, "n_coders": n_coders,
                     "note": f"Cohen's kappa is for exactly two coders; there are {n_coders}"})
    out = pd.DataFrame(rows, columns=list(COEFFICIENT_COLUMNS))
    return out.astype({"coefficient": "str", "variant": "str", "value": "float64", "low": "float64",
                       "high": "float64", "n_units": "int64", "n_coders": "int64", "note": "str"}), interval


def of_case(
    case: CaseData,
    *,
    unit: Unit = "commitment-period",
    period: Period | None = "year",
    level: Level = "ordinal",
    within: Within = "latest",
    n_boot: int = 0,
    ci: float = 0.95,
    alpha_min: float = ALPHA_MIN,
    seed: int | np.random.Generator | None = None,
) -> CaseAgreement:
    """How far the case's coders agree on implementation levels, and where they differ.

    Parameters
    ----------
    case : Case or CaseTables
        The case (its ``observations`` table: commitment, date, level, coder).
    unit : {"commitment-period", "commitment"}, default "commitment-period"
        What one unit of coding is. ``"commitment-period"``: a commitment in one
        period (``period``) — two coders agree when they give the commitment the
        same level for the same period. ``"commitment"``: a commitment as a whole
        (each coder's value over all of its observations, by ``within``).
    period : {"year", "month", "day"} or None, default "year"
        How finely ``"commitment-period"`` cuts time: an observation's period is its
        date cut to the year (``"2017"``), the month (``"2017-12"``) or the day.
        A date is never made finer than it is: an observation dated only ``"2018"``
        has the period ``"2018"`` under ``"month"`` and ``"day"`` too, and is
        compared with the other coders' observations dated ``"2018"``. ``None``: the
        date as coded (the same as ``"day"``). Ignored with ``unit="commitment"``.
    level : {"nominal", "ordinal", "interval", "ratio"}, default "ordinal"
        The level of measurement for α (ordinal for the 0–3 scale) and the weights of
        Cohen's κ (``nominal``: unweighted; ``ordinal``: linear; ``interval`` and
        ``ratio``: quadratic).
    within : {"latest", "min", "max"}, default "latest"
        How one coder's several observations of one unit become one value: the one
        with the latest last day (``date_last``; several on that day: the lower median
        of their levels, the rule of :func:`sistercity.implementation.status`), or the
        lowest or highest level.
    n_boot : int, default 0
        Bootstrap samples for α's confidence interval (:func:`alpha_bootstrap`);
        ``0``: none.
    ci, alpha_min, seed
        Passed to :func:`alpha_bootstrap` when ``n_boot > 0``.

    Returns
    -------
    CaseAgreement
        ``coefficients`` (percent agreement, α, Fleiss's κ, Gwet's AC1 on the 0–3
        scale, Cohen's κ with two coders), ``disagreements`` (the list to discuss),
        ``table`` (units × coders) and ``note``. A coefficient that the data cannot
        give (one coder; no unit coded by two coders; no variation) is NaN with the
        reason in its ``note``: never a made-up number.

    Raises
    ------
    sistercity.ArgumentTypeError
        If ``case`` is neither a Case nor CaseTables, or an option has the wrong type.
    sistercity.ArgumentError
        For an option value not accepted.
    sistercity.CaseValidationError
        If an observation lacks a level 0–3, a date or a coder (possible only with
        tables built with ``validate=False``).

    Notes
    -----
    Every coefficient uses the whole implementation scale 0–3 as its categories
    (:data:`SCALE`), so Gwet's AC1 has :math:`q = 4` and weighted κ keeps the
    distances of the scale. Units coded by one coder only are in ``table`` but enter
    no coefficient. How to read the numbers: see each coefficient and the page
    *Inter-coder reliability* of the documentation.

    Examples
    --------
    The bundled case was coded by one coder, so agreement cannot be computed:

    >>> from sistercity import datasets, reliability
    >>> res = reliability.of_case(datasets.load("bogor-kisarazu"))
    >>> res.coders
    ('sistercity-codebook',)
    >>> print(res.note)
    agreement cannot be computed: the case has one coder ('sistercity-codebook');
    every coefficient needs two or more coders who code the same units
    >>> res.coefficients[["coefficient", "value", "n_units"]]
              coefficient  value  n_units
    0   percent_agreement    NaN        0
    1  krippendorff_alpha    NaN        0
    2        fleiss_kappa    NaN        0
    3            gwet_ac1    NaN        0
    4         cohen_kappa    NaN        0

    Two coders: see :class:`CaseAgreement`.
    """
    t = as_tables(case)
    unit = choice("unit", unit, ("commitment-period", "commitment"))
    cut = None if period is None else choice("period", period, ("year", "month", "day"))
    lv = choice("level", level, LEVELS)
    within = choice("within", within, ("latest", "min", "max"))
    n_boot = positive_int("n_boot", n_boot, minimum=0)
    ci, alpha_min = interval_options(ci, alpha_min)
    rng = generator(seed)
    obs = _observations(t)
    keys = ["commitment"] if unit == "commitment" else ["commitment", "period"]
    if unit == "commitment-period":
        obs = obs.assign(period=_periods(obs, cut or "day"))
    reduced = _reduce(obs, keys, within)
    coders = tuple(sorted(reduced["coder"].unique()))
    table = _wide(t, reduced, keys, coders)
    coefficients, interval = _coefficients(table, lv, n_boot, ci, alpha_min, rng)
    note = ""
    if len(coders) < 2:
        what = "no observations" if not coders else f"one coder ({coders[0]!r})"
        note = (f"agreement cannot be computed: the case has {what}; every coefficient needs two or more coders "
                "who code the same units")
    return CaseAgreement(coefficients=coefficients, disagreements=_disagreements(table), table=table,
                         coders=coders, unit=unit, period=cut if unit == "commitment-period" else None,
                         level=lv, within=within, interval=interval, note=note)


def _wide(t: CaseTables, reduced: pd.DataFrame, keys: list[str], coders: tuple[str, ...]) -> pd.DataFrame:
    """Units (rows, in commitment-table order, then period) by coders (columns), as Int8 levels."""
    wide = reduced.pivot(index=keys, columns="coder", values="level").reindex(columns=list(coders))
    wide.columns.name = None
    if len(wide):
        frame = wide.index.to_frame(index=False)
        order = np.lexsort([frame[k].to_numpy(dtype=str) for k in reversed(keys[1:])]
                           + [_commitment_order(t, frame["commitment"])])
        wide = wide.iloc[order]
    return wide.astype("Int8")


def _disagreements(table: pd.DataFrame) -> pd.DataFrame:
    values = table.to_numpy(dtype=np.float64, na_value=np.nan)
    seen = ~np.isnan(values)
    coded = seen.sum(axis=1)
    high = np.where(seen, values, -np.inf).max(axis=1, initial=-np.inf)
    low = np.where(seen, values, np.inf).min(axis=1, initial=np.inf)
    spread = np.where(coded > 0, high - low, 0.0)
    keep = (coded >= 2) & (spread > 0)
    out: pd.DataFrame = table.loc[keep].reset_index()
    out["n_coders"] = coded[keep].astype(np.int64)
    out["spread"] = spread[keep].astype(np.int64)
    return out.sort_values("spread", ascending=False, kind="stable").reset_index(drop=True)


def same_date_conflicts(case: CaseData, *, date_rule: DateRule = "end") -> pd.DataFrame:
    """Observations of one commitment on the same day that give different levels.

    The implementation functions order a commitment's observations by their day
    (a partial date becomes its last day under ``date_rule="end"``, its first under
    ``"start"``); on the same day, only the row order of the file is left, so the
    "latest" status would rest on whichever row comes later. This lists those ties
    where the levels differ — between coders, or within one coder's sources — so
    that they are seen and settled, not silently chosen.

    Parameters
    ----------
    case : Case or CaseTables
        The case.
    date_rule : {"end", "start"}, default "end"
        How a partial date becomes a day (as in :mod:`sistercity.implementation`):
        under ``"end"``, ``"2018"`` and ``"2018-12-31"`` fall on the same day.

    Returns
    -------
    DataFrame
        One row per observation in a conflict (columns :data:`CONFLICT_COLUMNS`),
        ordered by commitment (table order), day and observation: ``commitment``,
        ``day`` (the shared day, datetime64[s]), ``observation`` (its number),
        ``date`` (as coded), ``coder``, ``level`` (Int8), ``source`` (its first
        evidence source, if any), and for its group ``n_observations``, ``n_coders``
        and ``n_levels`` (distinct levels, at least 2). Empty when there is no
        conflict.

    Raises
    ------
    sistercity.ArgumentTypeError
        If ``case`` is neither a Case nor CaseTables.
    sistercity.ArgumentError
        For a ``date_rule`` other than ``"end"`` or ``"start"``.
    sistercity.CaseValidationError
        If an observation lacks a level 0–3, a date or a coder.

    Examples
    --------
    >>> import pandas as pd
    >>> from sistercity import CaseTables, reliability
    >>> obs = pd.DataFrame({"commitment": ["c1", "c1", "c1"], "date": ["2017-12", "2017-12-31", "2017"],
    ...                     "level": [2, 3, 2], "coder": ["ana", "budi", "ana"]})
    >>> com = pd.DataFrame({"commitment": ["c1"], "agreement": ["a"], "sector": ["education"], "title": ["X"]})
    >>> t = CaseTables.from_frames(observations=obs, commitments=com,
    ...                            agreements=pd.DataFrame({"agreement": ["a"], "kind": ["letter_of_intent"]}))
    >>> reliability.same_date_conflicts(t)[["commitment", "day", "date", "coder", "level", "n_levels"]]
      commitment        day        date coder  level  n_levels
    0         c1 2017-12-31     2017-12   ana      2         2
    1         c1 2017-12-31  2017-12-31  budi      3         2
    2         c1 2017-12-31        2017   ana      2         2
    >>> len(reliability.same_date_conflicts(t, date_rule="start"))
    0
    """
    t = as_tables(case)
    rule = choice("date_rule", date_rule, ("end", "start"))
    found = t.memo((_KEY, "same_date_conflicts", rule), lambda: _conflicts(t, rule))
    return found.copy()


def _conflicts(t: CaseTables, rule: str) -> pd.DataFrame:
    obs = _observations(t)
    frame = pd.DataFrame({
        "commitment": obs["commitment"].to_numpy(), "day": obs["date_last" if rule == "end" else "date_first"],
        "observation": obs["observation"].astype("int64"), "date": obs["date"], "coder": obs["coder"],
        "level": obs["level"].astype("Int8"), "_pos": _commitment_order(t, obs["commitment"]),
    }).reset_index(drop=True)
    groups = frame.groupby(["commitment", "day"], sort=False)
    frame["n_observations"] = groups["level"].transform("size").astype("int64")
    frame["n_coders"] = groups["coder"].transform("nunique").astype("int64")
    frame["n_levels"] = groups["level"].transform("nunique").astype("int64")
    out = frame[frame["n_levels"] >= 2].sort_values(["_pos", "day", "observation"], kind="stable")
    ev = t.evidence
    ev = ev[(ev["record"] == "observation").to_numpy(dtype=bool, na_value=False)].drop_duplicates("record_id")
    source = pd.Series(ev["source"].to_numpy(), index=pd.to_numeric(ev["record_id"], errors="coerce"))
    out = out.assign(source=out["observation"].map(source).astype("str"))
    return out[list(CONFLICT_COLUMNS)].reset_index(drop=True)
