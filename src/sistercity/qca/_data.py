"""The data a QCA reads: membership scores of cases in conditions and an outcome (private)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity._frames import problem
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError, Problem

FloatArray = npt.NDArray[np.float64]

MAX_CONDITIONS: Final = 20
"""Most conditions a truth table may have (the search for prime implicants visits
``2**k`` sets of conditions)."""

_NAME = re.compile(r"[^\s*+~(),;]+")


@dataclass(frozen=True, eq=False)
class QCAData:
    """Membership scores built from cases, ready for :func:`truth_table`.

    Built by :func:`sistercity.qca.from_cases`; :func:`truth_table` and
    :func:`necessity` accept it where they take a DataFrame, and then use its
    ``outcome`` and ``conditions`` unless told otherwise.

    Attributes
    ----------
    data : pandas.DataFrame
        One row per unit (commitment or case), indexed by its label; one column per
        condition and one for the outcome, membership scores in [0, 1].
    outcome : str
        The outcome's column.
    conditions : tuple of str
        The condition columns, in order.
    unit : str
        ``"commitment"`` or ``"case"``.
    excluded : pandas.DataFrame
        The units left out because their outcome is unknown (no observation by ``at``):
        columns ``unit``, ``case``, ``commitment``, ``reason``. No data is never 0.

    Examples
    --------
    >>> import sistercity
    >>> from sistercity import qca
    >>> d = qca.from_cases([sistercity.datasets.load("bogor-kisarazu")], at="2018",
    ...                    conditions=["obstacle", "agreed"])
    >>> d.n_excluded, len(d.data)
    (2, 8)
    """

    data: pd.DataFrame
    outcome: str
    conditions: tuple[str, ...]
    unit: str
    excluded: pd.DataFrame = field(repr=False)

    @property
    def n_excluded(self) -> int:
        """How many units were left out for lack of an outcome."""
        return len(self.excluded)

    def __repr__(self) -> str:
        return (f"QCAData(unit={self.unit!r}, n_units={len(self.data)}, n_excluded={self.n_excluded}, "
                f"outcome={self.outcome!r}, conditions={list(self.conditions)!r})")


def check_name(value: object, what: str) -> str:
    """A set name usable in R's notation: text without spaces, ``*``, ``+``, ``~``, brackets."""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{what} must be a column name (str); got {value!r}")
    if not _NAME.fullmatch(value):
        raise ArgumentError(f"{what} must be a name without spaces, '*', '+', '~', brackets, ',' or ';' "
                            f"(the notation DEV*~URB + LIT uses them); got {value!r}")
    return value


def parse_outcome(value: object) -> tuple[str, bool]:
    """The outcome's column and whether it is negated (``"~SURV"``)."""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"outcome must be a column name, optionally negated as '~NAME'; got {value!r}")
    negated = value.startswith("~")
    return check_name(value[1:] if negated else value, "outcome"), negated


def frame_of(data: object) -> pd.DataFrame:
    """The membership frame of ``data`` (a DataFrame, or a :class:`QCAData`'s ``data``)."""
    if isinstance(data, QCAData):
        return data.data
    if isinstance(data, pd.DataFrame):
        if len(data) == 0:
            raise ArgumentError("data has no rows (no cases to compare)")
        return data
    raise ArgumentTypeError(f"data must be a pandas DataFrame of membership scores (or the result of "
                            f"qca.from_cases); got {type(data).__name__}")


def resolve(data: object, outcome: object, conditions: object) -> tuple[pd.DataFrame, str, tuple[str, ...]]:
    """The frame, outcome (as given, maybe ``~``) and conditions a truth table reads."""
    if isinstance(data, QCAData):
        frame = data.data
        outcome = data.outcome if outcome is None else outcome
        conditions = data.conditions if conditions is None else conditions
    elif isinstance(data, pd.DataFrame):
        frame = data
    else:
        raise ArgumentTypeError(f"data must be a pandas DataFrame of membership scores (or the result of "
                                f"qca.from_cases); got {type(data).__name__}")
    if outcome is None:
        raise ArgumentError("outcome is required: the column of the outcome's membership scores")
    name, _ = parse_outcome(outcome)
    if conditions is None:
        conds = tuple(str(c) for c in frame.columns if c != name)
    elif isinstance(conditions, str) or not isinstance(conditions, Sequence):
        raise ArgumentTypeError(f"conditions must be a list of column names; got {conditions!r}")
    else:
        conds = tuple(conditions)
    conds = tuple(check_name(c, "each condition") for c in conds)
    if not conds:
        raise ArgumentError("at least one condition is needed")
    if len(conds) > MAX_CONDITIONS:
        raise ArgumentError(f"at most {MAX_CONDITIONS} conditions are supported; got {len(conds)}")
    dup = sorted({c for c in conds if conds.count(c) > 1})
    if dup:
        raise ArgumentError(f"conditions must be distinct; repeated: {', '.join(dup)}")
    if name in conds:
        raise ArgumentError(f"the outcome {name!r} cannot also be a condition")
    missing = [c for c in (*conds, name) if c not in frame.columns]
    if missing:
        raise ArgumentError(f"no column {', '.join(map(repr, missing))} in data; columns: "
                            f"{', '.join(map(str, frame.columns))}")
    if len(frame) == 0:
        raise ArgumentError("data has no rows (no cases to compare)")
    return frame, str(outcome), conds


def _numbers(s: pd.Series) -> FloatArray:
    if pd.api.types.is_bool_dtype(s.dtype):
        s = s.astype("Float64")
    try:
        num = s if pd.api.types.is_numeric_dtype(s.dtype) else pd.to_numeric(s, errors="coerce")
        return np.asarray(num.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)
    except (TypeError, ValueError):
        return np.full(len(s), np.nan)


def memberships(frame: pd.DataFrame, columns: Sequence[str]) -> FloatArray:
    """The columns as a float matrix; every bad cell of every column reported at once."""
    problems: list[Problem] = []
    out = np.empty((len(frame), len(columns)), dtype=np.float64)
    for j, col in enumerate(columns):
        s = frame[col]
        values = _numbers(s)
        not_number = np.isnan(values) & s.notna().to_numpy()
        missing = s.isna().to_numpy()
        outside = ~np.isnan(values) & ((values < 0) | (values > 1))
        for mask, expected in ((not_number, "a membership score must be a number in [0, 1]"),
                               (missing, "a membership score is missing (no data is not 0: leave the case "
                                         "out, or code it)"),
                               (outside, "a membership score must lie in [0, 1]")):
            if mask.any():
                problems.append(problem("data", str(col), mask, expected, s.reset_index(drop=True)))
        out[:, j] = values
    if problems:
        raise CaseValidationError(problems)
    return out


def labels(frame: pd.DataFrame) -> list[str]:
    """Case labels: the index as text."""
    return [str(v) for v in frame.index]
