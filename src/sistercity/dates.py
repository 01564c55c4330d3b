"""Partial dates that keep the precision their source gives.

Qualitative sources often date a fact only to the year ("2017") or the month
("2016-11"). :class:`PartialDate` keeps exactly that precision: it never invents a
month or a day. An analysis that needs a point in time asks for the earliest or
latest day the partial date admits (:meth:`PartialDate.start`,
:meth:`PartialDate.end`) or applies a named rule (:meth:`PartialDate.point`).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from typing import Any, Literal

import numpy as np
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from sistercity._errors import quote
from sistercity.exceptions import ArgumentError, ArgumentTypeError

__all__ = ["MAX_YEAR", "MIN_YEAR", "AtLike", "DateRule", "PartialDate", "Precision", "parse_at"]

Precision = Literal["year", "month", "day"]
"""How much of a date the source gives."""

DateRule = Literal["start", "end"]
"""How a partial date becomes one day: its first (``"start"``) or last (``"end"``) day."""

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_JSON_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


MIN_YEAR = 1
"""The earliest supported year (dates are proleptic Gregorian, as :mod:`datetime`'s)."""
MAX_YEAR = 9999
"""The latest supported year; a case is rejected if a date, or an agreement's end, falls after it."""


class PartialDate:
    """A calendar date known to the year, the month or the day.

    Parameters
    ----------
    year : int
        Year, 1 to 9999.
    month : int, optional
        Month, 1 to 12.
    day : int, optional
        Day of the month; needs a month.

    Raises
    ------
    sistercity.ArgumentError
        (a :class:`ValueError`) If the date does not exist (``2016-13-40``), its year is outside
        :data:`MIN_YEAR`-:data:`MAX_YEAR` (1-9999), or a day is given without a month.
    sistercity.ArgumentTypeError
        (a :class:`TypeError`) If a part is not an ``int`` (``PartialDate("2018")``: use
        :meth:`PartialDate.parse` for text).

    Examples
    --------
    >>> d = PartialDate.parse("2016-11")
    >>> d.precision, str(d), d.start(), d.end()
    ('month', '2016-11', datetime.date(2016, 11, 1), datetime.date(2016, 11, 30))
    >>> PartialDate.parse("2017").point("end")
    datetime.date(2017, 12, 31)
    >>> PartialDate.parse("2016-11-18") == PartialDate(2016, 11, 18)
    True
    """

    __slots__ = ("_day", "_month", "_year")

    def __init__(self, year: int, month: int | None = None, day: int | None = None) -> None:
        for name, part in (("year", year), ("month", month), ("day", day)):
            if part is not None and (not isinstance(part, int) or isinstance(part, bool)):
                raise ArgumentTypeError(
                    f"{name} must be an int; got {quote(part)}"
                    + (" (PartialDate.parse reads text such as '2016-11')" if isinstance(part, str) else "")
                )
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ArgumentError(f"year {year} is outside the supported range {MIN_YEAR}-{MAX_YEAR}")
        if month is None and day is not None:
            raise ArgumentError("a day needs a month")
        if month is not None and not 1 <= month <= 12:
            raise ArgumentError(f"month {month} is outside 1-12")
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ArgumentError(f"day {day} does not exist in {year:04d}-{month:02d} (1-{last})")
        self._year = year
        self._month = month
        self._day = day

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Build a partial date from ``"YYYY"``, ``"YYYY-MM"``, ``"YYYY-MM-DD"``,
        an ``int`` year, or a :class:`datetime.date`.

        An ``int`` follows the rule for text: four digits (``2017``); ``16`` is
        rejected as ``'16'`` is, and years before 1000 are written ``'0016'``.

        Parameters
        ----------
        value
            The date as a source gives it.

        Returns
        -------
        PartialDate

        Raises
        ------
        ValueError
            With what was expected, for any other value.

        Examples
        --------
        >>> PartialDate.parse(2017).precision
        'year'
        """
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, _dt.datetime):
            raise ArgumentError("expected a date without a time of day, e.g. '2016-11-18'")
        if isinstance(value, _dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, bool):
            raise ArgumentError(f"expected a date like '2017', '2016-11' or '2016-11-18', got {quote(value)}")
        if isinstance(value, int):  # one rule for both: an unquoted 16 is no more a year than '16'
            if MIN_YEAR <= value < 1000:
                raise ArgumentError(f"a year written as a number needs four digits; got {value} "
                                    f"(write an early year as text, e.g. '{value:04d}')")
            return cls(value)
        if isinstance(value, str):
            m = _PATTERN.match(value.strip())
            if m:
                y, mo, d = m.groups()
                return cls(int(y), int(mo) if mo else None, int(d) if d else None)
        raise ArgumentError(f"expected a date like '2017', '2016-11' or '2016-11-18', got {quote(value)}")

    @property
    def year(self) -> int:
        """The year."""
        return self._year

    @property
    def month(self) -> int | None:
        """The month, or ``None`` when the source gives only the year."""
        return self._month

    @property
    def day(self) -> int | None:
        """The day, or ``None`` when the source gives no day."""
        return self._day

    @property
    def precision(self) -> Precision:
        """``"year"``, ``"month"`` or ``"day"``."""
        if self._day is not None:
            return "day"
        if self._month is not None:
            return "month"
        return "year"

    def start(self) -> _dt.date:
        """The first day this partial date admits."""
        return _dt.date(self._year, self._month or 1, self._day or 1)

    def end(self) -> _dt.date:
        """The last day this partial date admits."""
        if self._month is None:
            return _dt.date(self._year, 12, 31)
        if self._day is None:
            return _dt.date(self._year, self._month, calendar.monthrange(self._year, self._month)[1])
        return _dt.date(self._year, self._month, self._day)

    def point(self, rule: DateRule) -> _dt.date:
        """One day for this partial date under ``rule`` (``"start"`` or ``"end"``)."""
        if rule == "start":
            return self.start()
        if rule == "end":
            return self.end()
        raise ArgumentError(f"rule must be 'start' or 'end', got {quote(rule)}")

    def add_months(self, months: int) -> PartialDate:
        """Shift by whole months, keeping the precision.

        A day that does not exist in the target month is clipped to its last day
        (``2016-08-31`` plus 6 months is ``2017-02-28``).

        Parameters
        ----------
        months : int
            Whole months, may be negative.

        Returns
        -------
        PartialDate

        Raises
        ------
        sistercity.ArgumentTypeError
            If ``months`` is not an ``int``.
        sistercity.ArgumentError
            If the result falls outside years 1-9999, or a year-only date would need a month.

        Examples
        --------
        >>> str(PartialDate.parse("2016-11").add_months(60))
        '2021-11'
        >>> str(PartialDate.parse("2016-11-18").add_months(-6))
        '2016-05-18'
        """
        if not isinstance(months, int) or isinstance(months, bool):
            raise ArgumentTypeError(f"months must be an int; got {quote(months)}")
        if self._month is None:
            if months % 12:
                raise ArgumentError(
                    f"cannot shift a year-only date by {months} months without inventing a month"
                )
            return PartialDate(self._year + months // 12)
        total = self._year * 12 + (self._month - 1) + months
        y, m = divmod(total, 12)
        if self._day is None:
            return PartialDate(y, m + 1)
        return PartialDate(y, m + 1, min(self._day, calendar.monthrange(y, m + 1)[1]))

    def __str__(self) -> str:
        s = f"{self._year:04d}"
        if self._month is not None:
            s += f"-{self._month:02d}"
            if self._day is not None:
                s += f"-{self._day:02d}"
        return s

    def __repr__(self) -> str:
        return f"PartialDate({str(self)!r})"

    def _key(self) -> tuple[int, int, int]:
        return (self._year, self._month or 0, self._day or 0)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: PartialDate) -> bool:
        """Sort order: by year, then month, then day; a coarser date sorts first.

        This is an ordering for sorting tables, not a claim about which came first:
        ``2016`` sorts before ``2016-11`` though it may be the same moment.
        """
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: PartialDate) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() >= other._key()

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source_type: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string", "pattern": _JSON_PATTERN},
                {"type": "integer", "minimum": 1, "maximum": 9999},
            ],
            "description": "A date with the precision the source gives: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'.",
            "examples": ["2017", "2016-11", "2016-11-18"],
        }


AtLike = _dt.date | np.datetime64 | PartialDate | str | int | None
"""What an analysis accepts as ``at``: a date (also ``datetime``, ``pandas.Timestamp``;
``numpy.datetime64`` too), a partial date or its text (``"2018"``, ``"2018-06"``), a year, or ``None``."""


def parse_at(value: object, *, name: str = "at") -> PartialDate | None:
    """The date an analysis is read at, as a :class:`PartialDate` (``None`` stays ``None``).

    One parser for every ``at``-like argument of the library, so they all accept
    the same things: a :class:`datetime.date`, a :class:`datetime.datetime` or
    :class:`pandas.Timestamp` (its calendar day; the time is dropped), a
    :class:`numpy.datetime64`, a :class:`PartialDate`, its text, or a year.
    What a partial ``at`` means (its first or last day) is each analysis's
    documented rule; most read ``"2018"`` as "by the end of 2018".

    Parameters
    ----------
    value
        The argument.
    name
        The argument's name, for the error message.

    Returns
    -------
    PartialDate or None

    Raises
    ------
    sistercity.ArgumentError
        For anything else (including ``NaT`` and impossible dates).

    Examples
    --------
    >>> parse_at("2018"), parse_at(_dt.datetime(2018, 6, 30, 12, 0))
    (PartialDate('2018'), PartialDate('2018-06-30'))
    """
    if value is None:
        return None
    try:
        import numpy as np

        if isinstance(value, np.datetime64):
            if np.isnat(value):
                raise ValueError("NaT is not a date")
            value = value.astype("datetime64[D]").item()
        if isinstance(value, _dt.datetime):
            if value != value:  # pandas.NaT
                raise ValueError("NaT is not a date")
            value = value.date()
        if isinstance(value, (_dt.date, PartialDate, str, int)) and not isinstance(value, bool):
            return PartialDate.parse(value)
        raise ValueError(f"got {type(value).__name__}")
    except (ValueError, TypeError, OverflowError) as err:
        raise ArgumentError(
            f"{name} must be None, a date, or a partial date like '2018', '2018-06' or '2018-06-30' "
            f"({err}); got {quote(value)}"
        ) from None

