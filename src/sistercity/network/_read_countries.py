"""Country names to ISO 3166-1 alpha-2 codes, for the pair-list reader (private).

The table ``network_countries.csv`` ships beside this module; :func:`country_codes`
is its public face. :class:`CountryCoder` codes each distinct name once.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import numpy as np
import numpy.typing as npt
import pandas as pd

TABLE_FILE = "network_countries.csv"

TRANSLIT = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe",
                          "Œ": "OE", "ß": "ss", "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "Þ": "TH",
                          "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H"})
"""Letters NFKD does not take apart, written in ASCII (shared with the city slugs)."""

_KIND_REASON = {"variant": "country_variant", "constituent": "constituent_country",
                "unrecognised": "unrecognised_state"}
_ISO_CODE = re.compile(r"[A-Z]{2}")
_PARENTHESISED = re.compile(r"(.*?)\s*\((.*)\)\s*")


def fold_country(text: str) -> str:
    """Lookup key of a country name: case- and accent-folded, ``.``/``'`` removed, single spaces."""
    t = unicodedata.normalize("NFKD", text.translate(TRANSLIT))
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).casefold()
    t = t.replace("&", " and ").replace("’", "'")
    t = re.sub(r"[.']", "", t)
    return re.sub(r"\s+", " ", t).strip()


@dataclass(frozen=True)
class CountryTable:
    """The shipped table, ready for lookups."""

    by_key: dict[str, tuple[str, str]]  # folded name -> (code, kind)
    sovereign: dict[str, str]  # territory code -> sovereign code
    codes: frozenset[str]  # the ISO codes (and XK)


@cache
def country_table() -> CountryTable:
    """The table of ``network_countries.csv``, read once per process."""
    text = files("sistercity.network").joinpath(TABLE_FILE).read_text(encoding="utf-8")
    by_key: dict[str, tuple[str, str]] = {}
    sovereign: dict[str, str] = {}
    codes: set[str] = set()
    for name, code, kind, sov in (rec for rec in list(csv.reader(text.splitlines()))[1:] if rec):
        by_key[fold_country(name)] = (code, kind)
        if kind == "iso":
            codes.add(code)
            if sov:
                sovereign[code] = sov
    codes.add("XK")
    return CountryTable(by_key, sovereign, frozenset(codes))


def country_codes() -> pd.DataFrame:
    """The table of country names the reader knows, with their ISO 3166-1 alpha-2 codes.

    :func:`~sistercity.network.read_pairs` codes a country name by this table
    (after folding case, accents, ``.`` and ``'``), unless ``country_codes=``
    says otherwise.

    Returns
    -------
    DataFrame
        ``name, code, kind, sovereign`` (all ``str``). ``kind``: ``iso`` (the
        common English short name of an ISO 3166-1 entry), ``alias`` (another
        usual English name), ``variant`` (a misspelt, older or non-English name,
        reported when used), ``constituent`` (England, Scotland, Wales, Northern
        Ireland → GB, reported), ``unrecognised`` (a state ISO 3166-1 does not
        list, coded as the state that claims it, or Kosovo's user-assigned
        ``XK``; reported). ``sovereign``: for a dependent territory, its state's
        code (empty otherwise).

    See Also
    --------
    sistercity.network.read_pairs : uses the table; ``country_codes=`` adds names.

    Examples
    --------
    >>> from sistercity import network
    >>> t = network.country_codes()
    >>> print(t.loc[t.name.isin(["Indonesia", "England", "Réunion"]), ["name", "code", "kind", "sovereign"]]\\
    ...     .to_string(index=False))
         name code        kind sovereign
    Indonesia   ID         iso
      Réunion   RE         iso        FR
      England   GB constituent
    >>> int((t.kind == "iso").sum())
    249
    """
    path = files("sistercity.network").joinpath(TABLE_FILE)
    with path.open("r", encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return df.astype("str")


_SHIPPED_MEMO: dict[str, tuple[str | None, str | None, str]] = {}
_SHIPPED_MEMO_MAX = 100_000


class CountryCoder:
    """Codes country names: the user's mapping first, then the shipped table.

    Each distinct name is resolved once (:meth:`code_many` takes the distinct
    names of a column); a resolution is ``(code, reason, detail)`` with ``code``
    ``None`` for a name nobody knows and ``reason`` ``None`` when there is
    nothing to report.
    """

    def __init__(self, user: Mapping[str, str]) -> None:
        self._table = country_table()
        self._user = dict(user)
        self._user_folded = {fold_country(k): v for k, v in user.items()}
        # without names of the user's, a resolution depends on the shipped table only: keep it for the process
        self._memo: dict[str, tuple[str | None, str | None, str]] = {} if user else _SHIPPED_MEMO

    def _plain(self, name: str) -> tuple[str | None, str]:
        key = fold_country(name)
        if name in self._user:
            return self._user[name].upper(), "user"
        if key in self._user_folded:
            return self._user_folded[key].upper(), "user"
        if key in self._table.by_key:
            return self._table.by_key[key]
        code = name.strip()
        if _ISO_CODE.fullmatch(code) and code in self._table.codes:  # an ISO code, written in capitals
            return code, "code"
        return None, ""

    def code(self, raw: str) -> str | None:
        """The code of ``raw`` (``None``: unknown)."""
        return self.resolve(raw)[0]

    def resolve(self, raw: str) -> tuple[str | None, str | None, str]:
        """``(code, reason, detail)`` for a country name (remembered per name)."""
        hit = self._memo.get(raw)
        if hit is None:
            hit = self._resolve(raw)
            if len(self._memo) < _SHIPPED_MEMO_MAX:
                self._memo[raw] = hit
        return hit

    def _resolve(self, raw: str) -> tuple[str | None, str | None, str]:
        code, kind = self._plain(raw)
        if code is not None:
            reason = _KIND_REASON.get(kind)
            return code, reason, (f"{raw!r} read as {code}" if reason else "")
        if "," in raw:
            head, _, tail = raw.rpartition(",")
            c_tail, _ = self._plain(tail)
            if c_tail is not None:
                c_head, k_head = self._plain(head)
                if c_head is not None and c_head != c_tail and self._table.sovereign.get(c_head) == c_tail:
                    return (c_head, "territory_code",
                            f"{raw!r}: {head.strip()!r} is a territory of {c_tail}; read as {c_head}")
                if c_head == c_tail and k_head in _KIND_REASON:
                    return c_tail, _KIND_REASON[k_head], f"{raw!r} read as {c_tail}"
                return c_tail, "region_in_country", f"{raw!r}: region {head.strip()!r} left out; read as {c_tail}"
        m = _PARENTHESISED.fullmatch(raw)
        if m:
            c_in, _ = self._plain(m.group(1))
            if c_in is not None:
                return c_in, "country_variant", f"{raw!r} read as {c_in}"
        return (None, "unknown_country",
                f"country {raw!r} is not in the table; pass country_codes={{{raw!r}: 'XX'}}")

    def code_many(self, names: npt.NDArray[np.object_]) -> tuple[npt.NDArray[np.object_], ...]:
        """Codes, reasons (``""``: none) and details of distinct names, as object arrays."""
        resolved = [self.resolve(str(u)) for u in names]
        return (np.array([r[0] for r in resolved], dtype=object),
                np.array([r[1] or "" for r in resolved], dtype=object),
                np.array([r[2] for r in resolved], dtype=object))
