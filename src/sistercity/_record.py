"""The base of every validated record, and the field types records share (private).

The case model (:mod:`sistercity.model`) and the legal rule sets
(:mod:`sistercity.legal`) are both frozen pydantic models built from data a user
wrote; this module gives them one base class, :class:`Record`, whose construction
errors are :class:`~sistercity.CaseValidationError` (never pydantic's own), and the
field types both use: ids, non-empty text, country codes and sector words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WithJsonSchema

from sistercity._errors import Loc, quote, raise_from_pydantic, validating
from sistercity._ids import check_id
from sistercity.vocab import SECTORS, normalize_term

__all__ = ["CountryCode", "Id", "NonEmptyStr", "Record", "SectorId"]


Id = Annotated[str, AfterValidator(check_id)]
"""An identifier: letters, digits, ``_ - . :``, starting with a letter or digit."""

NonEmptyStr = Annotated[str, Field(min_length=1)]
"""Text that must not be empty (after stripping white space)."""


_ISO_3166_1 = frozenset((
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB",
    "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY",
    "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX",
    "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK",
    "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
    "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR",
    "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA",
    "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE",
    "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
    "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG",
    "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF",
    "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY",
    "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
))
"""The 249 officially assigned ISO 3166-1 alpha-2 codes (CLDR's territories, less its non-ISO ones:
AC CP CQ DG EA EU EZ IC QO TA UN XA XB XK ZZ)."""
_COUNTRY_CODES = _ISO_3166_1 | {"XK"}
"""Accepted codes: the assigned ones and XK, the user-assigned code in general use for Kosovo."""


def _check_country(value: object) -> object:
    if isinstance(value, str):
        up = value.strip().upper()
        if up in _COUNTRY_CODES:
            return up
        if re.fullmatch(r"[A-Z]{2}", up):
            raise ValueError(f"{quote(value)} is not an assigned ISO 3166-1 alpha-2 country code "
                             "(such as 'ID' or 'JP')")
    raise ValueError(f"expected an ISO 3166-1 alpha-2 country code such as 'ID' or 'JP', got {quote(value)}")


CountryCode = Annotated[
    str,
    BeforeValidator(_check_country),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2}$", "description": "ISO 3166-1 alpha-2"}),
]
"""An assigned ISO 3166-1 alpha-2 country code (or XK, Kosovo), upper-cased (``id`` becomes ``ID``)."""


def _sector_word(value: object) -> object:
    """Fold a sector word to its built-in id when it is one; else keep it (normalised) for a later check."""
    if isinstance(value, str):
        return SECTORS.resolve(value) or normalize_term(value)
    return value


SectorId = Annotated[str, BeforeValidator(_sector_word)]
"""A sector: a built-in id or alias (folded to the id), or a word that a later check must find."""


class Record(BaseModel):
    """Frozen, strict-about-fields base; construction errors become :class:`~sistercity.CaseValidationError`.

    Pydantic builds nested records through their own ``__init__``; only the
    outermost construction converts the error (so nested field paths survive), adding
    what :meth:`_cross_record_problems` finds.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    def __init__(self, /, **data: Any) -> None:
        with validating() as outermost:
            try:
                super().__init__(**data)
            except ValidationError as err:
                if not outermost:
                    raise
                raise_from_pydantic(err, type(self), type(self)._cross_record_problems(data, err))

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        """Validate ``obj`` (a dict) into this model; errors are :class:`~sistercity.CaseValidationError`."""
        with validating() as outermost:
            try:
                return super().model_validate(obj, *args, **kwargs)
            except ValidationError as err:
                if not outermost:
                    raise
                raise_from_pydantic(err, cls, cls._cross_record_problems(obj, err))

    @classmethod
    def _cross_record_problems(cls, data: Any, error: ValidationError) -> Sequence[tuple[Loc, str]]:
        """Problems beyond those in ``error`` to report with it; none here, a case has some."""
        return ()
