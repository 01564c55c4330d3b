"""What the pair-list reader returns: :class:`PairsResult`, and the report it keeps of every row (private)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity._frames import from_codes
from sistercity.tables import CaseTables

if TYPE_CHECKING:
    from sistercity.model import Case

REPORT_COLUMNS: dict[str, str] = {
    "row": "int64",
    "line": "Int64",
    "action": "category",
    "reason": "category",
    "column": "str",
    "original": "str",
    "value": "str",
    "detail": "str",
}
"""The columns of :attr:`PairsResult.report`.

``row`` is the row's 0-based position in the input (for a CSV file: the
data lines, blank lines skipped); ``line`` the 1-based line of the file the row
starts on (missing for a DataFrame); ``action`` is ``dropped`` or ``mended``;
``column`` the input column concerned (empty for a whole row);
``original`` the value read and ``value`` the value used (empty when dropped);
``detail`` says what was done, in words.
"""

REPORT_REASONS: dict[str, tuple[str, str]] = {
    "text_normalised": ("mended", "whitespace or Unicode form normalised"),
    "country_from_city": ("mended", "missing country taken from the city field"),
    "country_variant": ("mended", "a misspelt, older or non-English country name mapped to its code"),
    "constituent_country": ("mended", "a constituent country of the United Kingdom coded GB"),
    "unrecognised_state": ("mended", "a state ISO 3166-1 does not list, coded as the table says"),
    "region_in_country": ("mended", "'Region, Country' coded as the country"),
    "territory_code": ("mended", "'Territory, Country' coded as the territory's own ISO code"),
    "year_from_text": ("mended", "the founding year read from text around it"),
    "year_unreadable": ("mended", "no year 0001–9999 could be read (e.g. '0000', 'unknown'); "
                        "the pair is kept undated"),
    "kind_unknown": ("mended", "an agreement kind the model does not know; coded 'other'"),
    "kind_missing": ("mended", "no agreement kind in the kind column; coded 'other'"),
    "name_variant": ("mended", "a city name that differs from an earlier one only in case, spaces, "
                     "punctuation or s/t-comma vs cedilla; taken as the same city"),
    "id_disambiguated": ("mended", "two city names fold to the same id; a suffix tells them apart"),
    "malformed_row": ("dropped", "a line of the CSV file with more or fewer fields than the header, "
                      "or not valid CSV (the detail gives the line)"),
    "missing_city": ("dropped", "a city is missing"),
    "missing_country": ("dropped", "a country is missing and the city does not name one"),
    "unknown_country": ("dropped", "a country name the table does not know (see country_codes=)"),
    "self_pair": ("dropped", "a city paired with itself"),
    "duplicate_pair": ("dropped", "the same pair as an earlier row, in either direction"),
    "before_since": ("dropped", "founded before the year given as since="),
    "undated": ("dropped", "no founding year, and since= asks for pairs founded since a year"),
}
"""Every reason a row of a pair list is dropped or mended: ``reason: (action, description)``."""

_TEXT_COLUMNS = ("column", "original", "value", "detail")


class RowLog:
    """The rows still alive, and the report of every row dropped or mended, in blocks of one reason.

    A block's rows are in input order; :meth:`frame` sorts the blocks by row, stably,
    so that a row's problems keep the order in which they were found.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self.alive = np.ones(n, dtype=bool)
        self._blocks: list[tuple[npt.NDArray[np.int64], str, dict[str, Any]]] = []

    def report_at(self, rows: npt.NDArray[np.integer[Any]], reason: str, column: Any, original: Any, value: Any,
                  detail: Any) -> None:
        """Report ``rows`` (positions) for ``reason``; each other argument is one value or one per row."""
        if len(rows):
            self._blocks.append((np.asarray(rows, dtype=np.int64), reason,
                                 {"column": column, "original": original, "value": value, "detail": detail}))

    def report(self, mask: npt.NDArray[np.bool_], reason: str, column: Any, original: Any, value: Any,
               detail: Any) -> None:
        """Report the rows in ``mask``; each other argument is one value or one per input row."""
        rows = np.flatnonzero(mask)
        if not len(rows):
            return

        def pick(x: Any) -> Any:
            if isinstance(x, np.ndarray):
                return x[rows]
            if isinstance(x, pd.Series):
                return x.to_numpy(dtype=object)[rows]
            return x

        self.report_at(rows, reason, pick(column), pick(original), pick(value), pick(detail))

    def drop(self, mask: npt.NDArray[np.bool_]) -> None:
        """The rows in ``mask`` are no longer alive."""
        self.alive &= ~mask

    def frame(self, lines: npt.NDArray[np.int64] | None) -> pd.DataFrame:
        """The report (:data:`REPORT_COLUMNS`), by row; ``lines``: the file line of each input row."""
        rows = (np.concatenate([b[0] for b in self._blocks]) if self._blocks else np.array([], dtype=np.int64))
        order = np.argsort(rows, kind="stable")
        rows_at = rows[order]

        def column(get: Any) -> npt.NDArray[np.object_]:
            parts = []
            for block_rows, reason, fields in self._blocks:
                v = get(reason, fields)
                parts.append(v if isinstance(v, np.ndarray) else np.full(len(block_rows), v, dtype=object))
            return (np.concatenate([p.astype(object, copy=False) for p in parts]) if parts
                    else np.array([], dtype=object))[order]

        names = list(REPORT_REASONS)
        reason = np.repeat(np.array([names.index(r) for _, r, _ in self._blocks], dtype=np.int64),
                           [len(b[0]) for b in self._blocks])[order]
        action = np.array([("dropped", "mended").index(REPORT_REASONS[r][0]) for r in names], dtype=np.int64)
        out: dict[str, Any] = {
            "row": rows_at,
            "line": (pd.array(lines[rows_at], dtype="Int64") if lines is not None
                     else pd.arrays.IntegerArray(np.zeros(len(rows_at), dtype=np.int64),
                                                 np.ones(len(rows_at), dtype=bool))),
            "action": from_codes(action[reason], ["dropped", "mended"]),
            "reason": from_codes(reason, names),
        }
        for name in _TEXT_COLUMNS:
            values = column(lambda _, fields, name=name: fields[name])
            out[name] = pd.array(np.where(pd.isna(values), "", values), dtype="str")
        return pd.DataFrame(out)


@dataclass(frozen=True, eq=False)
class PairsResult:
    """What :func:`~sistercity.network.read_pairs` returns: the partnership network as tables, the report,
    and the case.

    Attributes
    ----------
    tables : CaseTables
        ``actors`` (one per city), ``agreements`` (one per pair, ``signed`` the
        founding year when known) and ``agreement_parties``; built without model
        objects, so every measure of :mod:`sistercity.network` runs on them at once.
    report : DataFrame
        Every row dropped or mended (columns :data:`REPORT_COLUMNS`).
    rows : int
        Rows read.
    case_id, title : str
        Of the case.

    Notes
    -----
    Why a result object and not a bare :class:`~sistercity.Case`: the report
    must travel with the data, and building 40,000 validated model objects takes
    about a second for the Wikipedia list, while the tables take a tenth of
    that. :attr:`case` builds (and validates) the case the first time it is
    asked for, then keeps it.

    Examples
    --------
    >>> import pandas as pd
    >>> from sistercity import network
    >>> res = network.read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Kisarazu", "Bogor", "Atlantis"],
    ...     "country1": ["Indonesia", "Japan", "Indonesia", "Mu"],
    ...     "city2": ["Kisarazu", "Bogor", "Nanning", "Bogor"],
    ...     "country2": ["Japan", "Indonesia", "China", "Indonesia"],
    ...     "year": ["2016", "2016", "0956", ""]}))
    >>> res
    PairsResult(rows=4, pairs=2, cities=3, dropped=2, report=2 rows)
    >>> res.rows, res.kept, res.dropped
    (4, 2, 2)
    >>> print(res.tables.agreements[["agreement", "kind", "signed"]].to_string(index=False))
    agreement                  kind signed
       pair-0 sister_city_agreement   2016
       pair-2 sister_city_agreement   0956
    >>> print(res.report[["row", "action", "reason", "column", "original"]].to_string(index=False))
     row  action          reason   column               original
       1 dropped  duplicate_pair          ID:bogor – JP:kisarazu
       3 dropped unknown_country country1                     Mu
    >>> [a.id for a in res.case.actors]
    ['ID:bogor', 'JP:kisarazu', 'CN:nanning']
    >>> network.degree(res).to_dict()
    {'ID:bogor': 2, 'JP:kisarazu': 1, 'CN:nanning': 1}
    """

    tables: CaseTables
    report: pd.DataFrame
    rows: int
    case_id: str = "pairs"
    title: str = "Partnership network"

    @property
    def kept(self) -> int:
        """Pairs kept (agreements)."""
        return len(self.tables.agreements)

    @property
    def dropped(self) -> int:
        """Input rows dropped."""
        return int(self.report.loc[self.report["action"] == "dropped", "row"].nunique())

    @cached_property
    def case(self) -> Case:
        """The network as a validated :class:`~sistercity.Case` (built on first use)."""
        from sistercity.model import Case

        a = self.tables.actors
        actors = [dict(id=i, name=n, level="subnational", kind="government", country=c)
                  for i, n, c in zip(a["actor"], a["name"], a["country"], strict=True)]
        ag = self.tables.agreements
        p = self.tables.agreement_parties
        first = p.groupby("agreement", sort=False)["actor"].first()
        last = p.groupby("agreement", sort=False)["actor"].last()
        agreements = []
        for i, k, s in zip(ag["agreement"], ag["kind"].astype(object), ag["signed"].astype(object), strict=True):
            d: dict[str, Any] = dict(id=i, kind=k, parties=[first[i], last[i]])
            if isinstance(s, str):
                d["signed"] = s
            agreements.append(d)
        return Case(id=self.case_id, title=self.title, actors=actors, agreements=agreements)

    def summary(self) -> pd.DataFrame:
        """The report counted by action and reason.

        Returns
        -------
        DataFrame
            ``action, reason, n_rows, description``: one row per reason that
            occurs, the most frequent first (``n_rows`` input rows dropped or
            mended for that reason; a row mended twice for one reason counts twice).

        Examples
        --------
        >>> import pandas as pd
        >>> from sistercity import network
        >>> res = network.read_pairs(pd.DataFrame({
        ...     "city1": ["Bogor", "Kisarazu", "Atlantis"], "country1": ["Indonesia", "Japan", "Mu"],
        ...     "city2": ["Kisarazu", "Bogor", "Bogor"], "country2": ["Japan", "Indonesia", "Indonesia"]}))
        >>> print(res.summary()[["action", "reason", "n_rows"]].to_string(index=False))
         action          reason  n_rows
        dropped unknown_country       1
        dropped  duplicate_pair       1
        """
        r = self.report
        out = r.groupby(["action", "reason"], observed=True).size().rename("n_rows").reset_index()
        out["n_rows"] = out["n_rows"].astype("int64")
        out["description"] = pd.Series([REPORT_REASONS[k][1] for k in out["reason"].astype(str)],
                                       index=out.index, dtype="str")
        return out.sort_values("n_rows", ascending=False, kind="stable").reset_index(drop=True)

    def __repr__(self) -> str:
        return (f"PairsResult(rows={self.rows}, pairs={self.kept}, cities={len(self.tables.actors)}, "
                f"dropped={self.dropped}, report={len(self.report)} rows)")
