"""Field types of the case model: implementation levels, durations, category and kind words (private)."""

from __future__ import annotations

import enum
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

from sistercity._errors import FROM_FILE, quote
from sistercity.vocab import OBSTACLE_CATEGORIES, normalize_term

__all__ = ["CategoryId", "ImplementationLevel", "Level", "Months", "alias_before"]


class ImplementationLevel(enum.IntEnum):
    """How far a commitment is implemented: the Peace Accords Matrix ordinal scale.

    ``0`` not initiated, ``1`` minimal, ``2`` intermediate, ``3`` full
    (Joshi, Quinn & Regan 2015, "Annualized implementation data on comprehensive
    intrastate peace accords, 1989-2012", *Journal of Peace Research* 52(4)).
    A commitment with no observation has no data, which is never coded as 0.

    Examples
    --------
    >>> ImplementationLevel(3).name
    'FULL'
    >>> ImplementationLevel.parse("intermediate")
    <ImplementationLevel.INTERMEDIATE: 2>
    """

    NOT_INITIATED = 0
    MINIMAL = 1
    INTERMEDIATE = 2
    FULL = 3

    @classmethod
    def parse(cls, value: object) -> ImplementationLevel:
        """Accept ``0``-``3`` or a name (``"full"``, ``"not initiated"``).

        Parameters
        ----------
        value
            A level, an ``int`` 0-3, a digit string, or a level's name in any case
            and spacing.

        Returns
        -------
        ImplementationLevel

        Raises
        ------
        ValueError
            For anything else (``True``/``False`` are not levels).

        Examples
        --------
        >>> ImplementationLevel.parse("Not initiated"), ImplementationLevel.parse("3")
        (<ImplementationLevel.NOT_INITIATED: 0>, <ImplementationLevel.FULL: 3>)
        """
        if isinstance(value, cls):
            return value
        if isinstance(value, bool):
            raise ValueError(f"expected a level 0-3, got {quote(value)}")
        if isinstance(value, int):
            if 0 <= value <= 3:
                return cls(value)
            raise ValueError(
                f"level {value} is outside the scale 0-3 "
                "(0 not initiated, 1 minimal, 2 intermediate, 3 full)"
            )
        if isinstance(value, str):
            key = normalize_term(value).upper()
            if key in cls.__members__:
                return cls[key]
            if key.isascii() and key.isdigit() and len(key) <= 4:  # not '³', not 5,000 digits
                return cls.parse(int(key))
        raise ValueError(
            f"expected a level 0-3 or one of not_initiated, minimal, intermediate, full; got {quote(value)}"
        )


Level = Annotated[
    ImplementationLevel,
    BeforeValidator(ImplementationLevel.parse),
    PlainSerializer(int, return_type=int),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": 3,
                    "description": "0 not initiated, 1 minimal, 2 intermediate, 3 full"}),
]
"""An implementation level field: written as 0-3 or a level's name, stored as :class:`ImplementationLevel`."""

_DURATION_RE = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?$")
MAX_TERM_MONTHS = 1200
"""The longest span a :data:`Months` field accepts: 1,200 months (100 years)."""


def _bounded_months(months: int, value: object) -> int:
    if months > MAX_TERM_MONTHS:
        raise ValueError(
            f"a span of at most {MAX_TERM_MONTHS:,} months (P100Y) is supported; got {quote(value)}"
        )
    return months


def _parse_duration(value: object) -> int:
    from_file = FROM_FILE.get()
    if isinstance(value, int) and not isinstance(value, bool) and not from_file:
        return _bounded_months(value, value)  # Python callers may give whole months
    if isinstance(value, str):
        m = _DURATION_RE.match(value.strip().upper())
        if m and (m.group(1) or m.group(2)):
            if len(m.group(1) or "") > 6 or len(m.group(2) or "") > 6:
                return _bounded_months(MAX_TERM_MONTHS + 1, value)
            return _bounded_months(int(m.group(1) or 0) * 12 + int(m.group(2) or 0), value)
    raise ValueError(
        f"expected an ISO 8601 duration in years and months such as 'P5Y' (five years) "
        f"or 'P6M' (six months), got {quote(value)}" + (" (a bare number is ambiguous in a file)" if from_file else "")
    )


def _format_duration(months: int) -> str:
    years, rest = divmod(months, 12)
    return "P" + (f"{years}Y" if years else "") + (f"{rest}M" if rest or not years else "")


Months = Annotated[
    int,
    BeforeValidator(_parse_duration),
    PlainSerializer(_format_duration, return_type=str),
    WithJsonSchema({"type": "string", "pattern": "^P(\\d+Y)?(\\d+M)?$", "examples": ["P5Y", "P6M"]}),
]
"""A span in whole months, written in files as an ISO 8601 duration (``P5Y``, ``P6M``), at most
:data:`MAX_TERM_MONTHS` (1,200 months, 100 years).

Python callers may pass an ``int`` number of months; a case file must use the ISO
form, since a bare ``5`` there could mean years or months."""


def alias_before(aliases: dict[str, str]) -> Any:
    """A before-validator folding a word (normalised) to the id ``aliases`` maps it to, if any."""

    def fold(value: object) -> object:
        if isinstance(value, str):
            key = normalize_term(value)
            return aliases.get(key, key)
        return value

    return BeforeValidator(fold)


def _category_word(value: object) -> object:
    if isinstance(value, str):
        return OBSTACLE_CATEGORIES.resolve(value) or normalize_term(value)
    return value


CategoryId = Annotated[str, BeforeValidator(_category_word)]
"""An obstacle category: a built-in id or alias (folded to the id), or a word the case check must find."""
