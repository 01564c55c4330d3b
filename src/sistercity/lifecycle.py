"""The life of each agreement: term, expiry, renewal window and state at a date.

An agreement binds from its *start* (``effective``, else ``signed``) for its
*term* (``P5Y``); it *expires* at the start plus the term (or at ``ends`` when the
case gives it). Its *renewal window* is the span of ``renewal_window`` months
before expiry in which it is to be renewed (``P6M``). The bundled Bogor-Kisarazu
letter of intent -- signed 2016-11-18, five years, renewal in the last six months
(seed thesis §1.1) -- expires 2021-11-18 and its renewal window opens 2021-05-18.

Definitions
-----------
With start :math:`s`, expiry :math:`e`, window opening :math:`w = e - r`
(:math:`r` the window in months) and a day :math:`d`:

====================  ===============================================
state                 when
====================  ===============================================
``not yet in force``  :math:`d < s`
``active``            :math:`s \\le d < w` (or :math:`s \\le d` when there is no window)
``in renewal window`` :math:`w \\le d \\le e`
``expired``           :math:`d > e`
====================  ===============================================

The expiry day is the *last day in force* (inclusive), read the same way whether
it comes from ``ends`` or from start plus term. When the case gives both ``ends``
and a term and they disagree, ``ends`` is taken and ``ends_conflict`` says so
(``term_expiry`` shows what the term gives).

Months are calendar months. A day the target month lacks is clipped to its last
day: a letter signed on 29 February 2016 for five years expires on 28 February
2021, and one signed 31 August 2016 for six months on 28 February 2017. The
renewal window is counted back from the expiry (the seed's rule: renewed "di 6
bulan terakhir menjelang berakhirnya", in the last six months before it ends),
so the leap-day letter's window opens on 28 August 2020 (2021-02-28 - 6 months),
not on start + 54 months (29 August 2020). An agreement with neither
``ends`` nor ``term`` has no fixed end (many friendship agreements run without
one): after its start it is ``active`` and has no deadline.

Partial dates
-------------
Dates keep the precision the sources give; no day is ever invented. Months are
added to a partial date at its own precision (:meth:`PartialDate.add_months
<sistercity.dates.PartialDate.add_months>`): a start known to the month gives an
expiry and a window opening known to the month (``2016-11`` + ``P5Y`` =
``2021-11``). When the shift cannot keep the precision -- a start known only to
the year, shifted by six months -- the result is the span of months it may fall
in, written as an ISO 8601 interval: ``2016`` - ``P6M`` = ``2015-07/2016-06``.
Every date column comes with ``_first`` and ``_last``: the first and last day it
admits. With a partial start the expiry is a partial date too: a letter signed in
"2016-11" for five years expires on a day of November 2021 (``expiry`` ``2021-11``,
``expiry_first`` 2021-11-01, ``expiry_last`` 2021-11-30); its state is known
only where every admissible day gives the same one.

When the dates cannot decide the state at ``at`` (``at`` may itself be partial,
e.g. ``"2021-11"``), the state names every state still possible, in life order,
joined by "or": ``"in renewal window or expired"``. Because each state follows
the one before, the possible states always form one run, so ``state`` takes one
of ten values (:data:`STATES`), and ``earliest_state`` and ``latest_state`` give
its two ends (each one of the four plain states). ``"unknown"`` means all four
are possible -- for instance when the agreement has a term but no start date.

References
----------
Seed thesis, *Implementasi Kerjasama Sister City antara Kota Bogor dan Kota
Kisarazu periode 2016-2018*, §1.1 (the LoI binds for five years and is to be
renewed in its last six months). ISO 8601-1:2019, §5.5 (time intervals,
``start/end``).

Examples
--------
>>> from sistercity import Case
>>> case = Case(
...     id="demo", title="Demo",
...     actors=[dict(id="a", name="A", level="subnational", country="ID"),
...             dict(id="b", name="B", level="subnational", country="JP")],
...     agreements=[dict(id="loi", kind="letter_of_intent", parties=["a", "b"],
...                      signed="2016-11-18", term="P5Y", renewal_window="P6M")],
... )
>>> row = lifecycle(case, at="2021-06-01").iloc[0]
>>> row["expiry"], row["renewal_window_start"], row["state"], int(row["days_until_min"])
('2021-11-18', '2021-05-18', 'in renewal window', 170)
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from sistercity.dates import PartialDate, parse_at
from sistercity.tables import as_tables

if TYPE_CHECKING:
    from sistercity.model import Case
    from sistercity.tables import CaseTables

__all__ = ["DEADLINES", "LIFECYCLE_COLUMNS", "PHASES", "STATES", "lifecycle"]

PHASES: tuple[str, ...] = ("not yet in force", "active", "in renewal window", "expired")
"""The four plain states of an agreement, in the order of its life."""


def _state_label(lo: int, hi: int) -> str:
    if lo == 0 and hi == len(PHASES) - 1:
        return "unknown"
    names = list(PHASES[lo : hi + 1])
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]


STATES: tuple[str, ...] = tuple(
    _state_label(lo, hi) for lo in range(len(PHASES)) for hi in range(lo, len(PHASES))
)
"""Every value of the ``state`` column: a plain state, a run of possible states, or ``"unknown"``."""

DEADLINES: tuple[str, ...] = ("entry into force", "renewal window opens", "expiry")
"""The deadlines of an agreement, in order."""

LIFECYCLE_COLUMNS: dict[str, str] = {
    "agreement": "str",
    "kind": "str",
    "start": "str",
    "start_first": "datetime64[s]",
    "start_last": "datetime64[s]",
    "term_months": "Int64",
    "renewal_window_months": "Int64",
    "expiry": "str",
    "expiry_first": "datetime64[s]",
    "expiry_last": "datetime64[s]",
    "term_expiry": "str",
    "ends_conflict": "bool",
    "renewal_window_start": "str",
    "renewal_window_start_first": "datetime64[s]",
    "renewal_window_start_last": "datetime64[s]",
    "renewal_window_end": "str",
    "at": "str",
    "state": "category",
    "earliest_state": "category",
    "latest_state": "category",
    "next_deadline": "category",
    "next_deadline_date": "str",
    "days_until_min": "Int64",
    "days_until_max": "Int64",
    "months_until": "Int64",
}
"""The columns of :func:`lifecycle` and their dtypes, in order."""


# --------------------------------------------------------------------------- spans


@dataclass(frozen=True)
class _Span:
    """A date known to lie between the first day of ``first`` and the last day of ``last``."""

    first: PartialDate
    last: PartialDate

    @classmethod
    def of(cls, date: PartialDate) -> _Span:
        return cls(date, date)

    @property
    def first_day(self) -> _dt.date:
        return self.first.start()

    @property
    def last_day(self) -> _dt.date:
        return self.last.end()

    @property
    def exact(self) -> bool:
        return self.first == self.last

    def shift(self, months: int) -> _Span:
        """The span shifted by whole months, keeping precision where it can."""
        if self.exact:
            try:
                return _Span.of(self.first.add_months(months))
            except ValueError:
                pass
        return _Span(_shift_end(self.first, months, first=True), _shift_end(self.last, months, first=False))

    def month_span(self) -> tuple[int, int] | None:
        """``(year, month)`` when the whole span lies in one calendar month."""
        a, b = self.first_day, self.last_day
        if (a.year, a.month) == (b.year, b.month):
            return a.year, a.month
        return None

    def __str__(self) -> str:
        return str(self.first) if self.exact else f"{self.first}/{self.last}"


def _shift_end(date: PartialDate, months: int, *, first: bool) -> PartialDate:
    if date.month is None:  # a year-only end of a span: its first or last month
        date = PartialDate(date.year, 1 if first else 12)
    return date.add_months(months)


def _parse_at(at: object) -> PartialDate:
    """``at`` as a partial date; ``None`` is today."""
    return parse_at(at) or PartialDate.parse(_dt.date.today())


def _missing(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def _partial(value: Any) -> PartialDate | None:
    return None if _missing(value) else PartialDate.parse(str(value))


def _int(value: Any) -> int | None:
    return None if _missing(value) else int(value)


_MIN, _MAX = _dt.date.min, _dt.date.max


def _phase(d: _dt.date, s: _dt.date, w: _dt.date | None, e: _dt.date | None) -> int:
    if d < s:
        return 0
    if e is not None and d > e:
        return 3
    if w is not None and d >= w:
        return 2
    return 1


# --------------------------------------------------------------------------- public


def lifecycle(data: Case | CaseTables, *, at: object = None) -> pd.DataFrame:
    """Term, expiry, renewal window and state of every agreement at a date.

    Parameters
    ----------
    data : Case or CaseTables
        The case, or its tables (only ``agreements`` is read: ``start``, ``end``,
        ``term_months``, ``renewal_window_months``).
    at : str, datetime.date, PartialDate or None, keyword-only
        The date to report the state at; a partial date (``"2021"``,
        ``"2021-11"``) reports every state possible on any day it admits.
        ``None`` (the default) is today.

    Returns
    -------
    DataFrame
        One row per agreement, in case order, with the columns of
        :data:`LIFECYCLE_COLUMNS`:

        - ``agreement``, ``kind``; ``start`` (effective, else signed) with
          ``start_first``/``start_last``;
        - ``term_months``, ``renewal_window_months``;
        - ``expiry`` (the last day in force: ``ends``, else start + term) with
          ``expiry_first``/``expiry_last``; missing when there is no fixed end;
        - ``term_expiry``: start + term, whatever ``ends`` says (missing without
          a start or a term), and ``ends_conflict`` (bool): whether the case gives
          an ``ends`` that falls on no day start + term admits. ``expiry`` then
          follows ``ends`` (an agreement may be ended early or extended), and the
          flag shows that the case's own dates disagree -- often an end written
          one day early (``2021-11-17`` for a five-year term from
          ``2016-11-18``), which this module's inclusive expiry day does not use;
        - ``renewal_window_start`` (expiry - window) with ``_first``/``_last``, and
          ``renewal_window_end`` (= ``expiry``); missing without a window;
        - ``at``: the date asked about, as a partial-date string;
        - ``state``: one of :data:`STATES`; ``earliest_state`` and
          ``latest_state``: the ends of the run of possible states (each one of
          :data:`PHASES`);
        - ``next_deadline``: the first of :data:`DEADLINES` that may still fall on
          or after ``at`` (missing when none is left or its date is unknown), and
          ``next_deadline_date``;
        - ``days_until_min``, ``days_until_max``: the fewest and most days from
          ``at`` to that deadline (0 = on the day; a negative minimum means the
          deadline may already have passed); ``months_until``: calendar months
          from ``at``'s month to the deadline's month, when each is known to lie
          in one month (``2021-03-31`` to ``2021-05-01`` counts 2).

        Date strings keep their precision; a span that no partial date expresses
        is written ``first/last`` (``"2015-07/2016-06"``).

    Raises
    ------
    ValueError
        If ``at`` is not a date.

    See Also
    --------
    sistercity.plotting.timeline : draws these bars and windows.

    Notes
    -----
    The ``state`` is decided from the bounds of the dates: the earliest possible
    state puts every boundary at its latest day and ``at`` at its earliest; the
    latest possible state does the opposite. Every state in between is possible
    too, because the states follow one another in a fixed order.

    References
    ----------
    Seed thesis §1.1: "binds both city governments for 5 years and is to be
    renewed in the last 6 months before it ends".

    Examples
    --------
    A start known to the day, the month and the year:

    >>> from sistercity import Case
    >>> actors = [dict(id="a", name="A", level="subnational", country="ID"),
    ...           dict(id="b", name="B", level="subnational", country="JP")]
    >>> def loi(i, signed):
    ...     return dict(id=i, kind="loi", parties=["a", "b"], signed=signed, term="P5Y",
    ...                 renewal_window="P6M")
    >>> case = Case(id="d", title="D", actors=actors,
    ...             agreements=[loi("day", "2016-11-18"), loi("month", "2016-11"), loi("year", "2016")])
    >>> df = lifecycle(case, at="2021-11-10")
    >>> df[["agreement", "expiry", "renewal_window_start", "state"]]
      agreement      expiry renewal_window_start                        state
    0       day  2021-11-18           2021-05-18            in renewal window
    1     month     2021-11              2021-05  in renewal window or expired
    2      year        2021      2020-07/2021-06  in renewal window or expired
    >>> df.loc[0, "next_deadline"], int(df.loc[0, "days_until_min"]), int(df.loc[0, "months_until"])
    ('expiry', 8, 0)

    An ``ends`` that start + term contradicts is taken, and reported:

    >>> early = dict(loi("early", "2016-11-18"), ends="2021-11-17")
    >>> lifecycle(Case(id="e", title="E", actors=actors, agreements=[early]), at="2019")[
    ...     ["expiry", "term_expiry", "ends_conflict"]]
           expiry term_expiry  ends_conflict
    0  2021-11-17  2021-11-18           True
    """
    tables = as_tables(data)
    day = _parse_at(at)
    at_span = _Span.of(day)
    rows = []
    for rec in tables.agreements.to_dict("records"):
        rows.append(_row(rec, at_span))
    return _frame(rows)


def _row(rec: dict[Any, Any], at: _Span) -> dict[str, object]:
    start_pd = _partial(rec.get("start"))
    end_pd = _partial(rec.get("end"))
    term = _int(rec.get("term_months"))
    window = _int(rec.get("renewal_window_months"))
    start = _Span.of(start_pd) if start_pd is not None else None

    expiry: _Span | None = None
    by_term = start.shift(term) if start is not None and term is not None else None
    conflict = False
    if by_term is not None:
        expiry = by_term
        if end_pd is not None and not (by_term.exact and by_term.first == end_pd):
            expiry = _Span.of(end_pd)  # an explicit ``ends`` wins, as in Agreement.end ...
            # ... and is reported when no day it admits is one that start + term admits
            conflict = end_pd.end() < by_term.first_day or end_pd.start() > by_term.last_day
    elif end_pd is not None:
        expiry = _Span.of(end_pd)
    has_end = expiry is not None or term is not None  # a term with no start: an end we cannot date
    opens = expiry.shift(-window) if expiry is not None and window is not None else None

    # bounds of each boundary (None: no such boundary)
    e_lo: _dt.date | None
    e_hi: _dt.date | None
    w_lo: _dt.date | None
    w_hi: _dt.date | None
    s_lo = start.first_day if start else _MIN
    s_hi = start.last_day if start else (expiry.last_day if expiry else _MAX)
    if expiry is not None:
        e_lo, e_hi = expiry.first_day, expiry.last_day
    elif has_end:
        e_lo, e_hi = _MIN, _MAX
    else:
        e_lo = e_hi = None
    if opens is not None:
        w_lo, w_hi = opens.first_day, opens.last_day
    elif has_end and window is not None and expiry is None:
        w_lo, w_hi = _MIN, _MAX
    else:
        w_lo = w_hi = None
    earliest = _phase(at.first_day, s_hi, w_hi, e_hi)
    latest = _phase(at.last_day, s_lo, w_lo, e_lo)
    earliest, latest = min(earliest, latest), max(earliest, latest)

    deadline: tuple[str, _Span] | None = None
    for name, span in zip(DEADLINES, (start, opens, expiry), strict=True):
        if span is not None and span.last_day >= at.first_day:
            deadline = (name, span)
            break
    days_min = days_max = months = None
    if deadline is not None:
        span = deadline[1]
        days_min = (span.first_day - at.last_day).days
        days_max = (span.last_day - at.first_day).days
        a_month, d_month = at.month_span(), span.month_span()
        if a_month is not None and d_month is not None:
            months = (d_month[0] - a_month[0]) * 12 + d_month[1] - a_month[1]

    def bounds(span: _Span | None) -> tuple[str | None, _dt.date | None, _dt.date | None]:
        return (str(span), span.first_day, span.last_day) if span is not None else (None, None, None)

    s_str, s_first, s_last = bounds(start)
    e_str, e_first, e_last = bounds(expiry)
    w_str, w_first, w_last = bounds(opens)
    return {
        "agreement": rec.get("agreement"),
        "kind": None if _missing(rec.get("kind")) else str(rec.get("kind")),
        "start": s_str,
        "start_first": s_first,
        "start_last": s_last,
        "term_months": term,
        "renewal_window_months": window,
        "expiry": e_str,
        "expiry_first": e_first,
        "expiry_last": e_last,
        "term_expiry": str(by_term) if by_term is not None else None,
        "ends_conflict": conflict,
        "renewal_window_start": w_str,
        "renewal_window_start_first": w_first,
        "renewal_window_start_last": w_last,
        "renewal_window_end": e_str if opens is not None else None,
        "at": str(at),
        "state": _state_label(earliest, latest),
        "earliest_state": PHASES[earliest],
        "latest_state": PHASES[latest],
        "next_deadline": deadline[0] if deadline else None,
        "next_deadline_date": str(deadline[1]) if deadline else None,
        "days_until_min": days_min,
        "days_until_max": days_max,
        "months_until": months,
    }


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(LIFECYCLE_COLUMNS))
    out: dict[str, Any] = {}
    for col, dtype in LIFECYCLE_COLUMNS.items():
        s: Any = df[col]
        if col == "state":
            out[col] = pd.Categorical(s, categories=list(STATES))
        elif col in ("earliest_state", "latest_state"):
            out[col] = pd.Categorical(s, categories=list(PHASES), ordered=True)
        elif col == "next_deadline":
            out[col] = pd.Categorical(s, categories=list(DEADLINES), ordered=True)
        elif dtype == "str":
            out[col] = s.astype(object).where(s.notna(), None).astype("str")
        elif dtype == "datetime64[s]":
            out[col] = pd.Series(pd.to_datetime(s.astype(object)), index=df.index).astype("datetime64[s]")
        else:
            out[col] = s.astype(object).where(s.notna(), None).astype(dtype)
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)))

