"""Partnership networks: pair lists of twinned cities, read and measured at scale.

A city's partnerships are one case; the world's are a network of tens of
thousands. This module reads a *pair list* — one row per partnership, naming two
cities and their countries (as the Wikipedia lists of twin towns do) — into a
case with one actor per city and one agreement per pair, and measures the
network: degree by city and by country, country dyads, components, degree and
country assortativity, growth by founding year.

Reading (:func:`read_pairs`)
----------------------------
Real lists are messy. Every row that is dropped or mended is reported, never
silently, in :attr:`PairsResult.report` (one row per problem, with the input row,
the column, the value before and after, and the reason; reasons in
:data:`REPORT_REASONS`):

* a **malformed line** of a CSV file (more or fewer fields than the header, or
  not valid CSV) → the row is dropped (``malformed_row``, with the line number);
  ``pandas.read_csv`` would shift extra fields into the index or pad missing
  ones silently, so the file is read with the :mod:`csv` module;
* **text** is normalised (Unicode NFC, surrounding and repeated whitespace);
* **missing city** → the row is dropped;
* **missing country** → taken from the city when it has one (``"Varna,
  Bulgaria"`` → city ``Varna``, country ``BG``; ``"Falkland Islands"`` → ``FK``),
  else the row is dropped;
* **country names** become ISO 3166-1 alpha-2 codes (the model's
  :attr:`Actor.country <sistercity.Actor.country>`) through the table
  ``network_countries.csv`` shipped with the package: every ISO 3166-1 entry
  under its common English short name (``South Korea``, not ``Korea, Republic
  of``) with the usual aliases (``Czech Republic``, ``Ivory Coast``, ``Republic
  of Ireland``; not reported), misspellings and older names (``Grece``,
  ``Moldavia``; reported as ``country_variant``), the constituent countries of
  the United Kingdom — ``England``, ``Scotland``, ``Wales``, ``Northern
  Ireland`` — coded ``GB`` since ISO 3166-1 has no code for them (reported as
  ``constituent_country``), and states ISO 3166-1 does not list, under the code
  of the state that claims the territory, except Kosovo under the user-assigned
  ``XK`` (reported as ``unrecognised_state``). ``"Region, Country"`` becomes the
  country's code (``"Brandenburg, Germany"`` → ``DE``), or the region's own
  code when it is a territory of that country (``"Réunion, France"`` → ``RE``).
  Two-letter ISO codes written in capitals (``JP``) are accepted as they are. A name the table does not know
  drops the row (``unknown_country``); pass ``country_codes={"Name": "XX"}`` to
  add or override names;
* a **city paired with itself** (same city and country on both sides) is dropped;
* the **same pair twice**, in either direction, keeps its first row;
* **years** (``year=`` column) are kept as four digits, zero-padded (``956`` →
  ``0956``); a cell with no year 0001–9999 in it (``0000``, ``unknown``) keeps
  the pair undated and is reported (``year_unreadable``), never an error;
* **kinds** (``kind=`` a column): an unknown or missing value becomes ``other``
  (``kind_unknown``, ``kind_missing``);
* with ``since=YEAR``, pairs founded before it, or undated, are dropped.

Bad arguments raise :class:`~sistercity.ArgumentError` (a value not accepted) or
:class:`~sistercity.ArgumentTypeError` (a wrong type); a file that cannot be read
at all (missing, empty, binary, not UTF-8, a quote never closed) or a table
without the columns raises :class:`~sistercity.CaseValidationError` naming the
file and line. A bad row never raises: it is reported.

A city is identified by its country and its name, where case, spaces,
punctuation and the Romanian cedilla/comma-below confusion do not count
(``"Iaşi"`` and ``"Iași"``, ``"Târgu Jiu"`` and ``"Târgu-Jiu"`` are one city,
the later spelling reported as ``name_variant``) but other letters do
(``"Münster"`` and ``"Munster"`` are two towns); ``identity="exact"`` counts
every character. Its actor id is ``"{country}:{slug}"`` with the name folded to
ASCII (``"ID:bogor"``, ``"HU:godollo"``), ``-2``, ``-3`` added when two cities
fold to the same slug (reported as ``id_disambiguated``); its name is the first
spelling met.
Each city is a ``subnational`` ``government`` actor (governmental); each pair
is an agreement ``pair-{row}`` of the given kind.

Measures
--------
Every measure takes a :class:`~sistercity.Case`, its
:class:`~sistercity.CaseTables`, or a :class:`PairsResult`, and works on the
pairs of actors that are parties of a common agreement (an agreement with more
than two parties ties every pair of them). Measures per node are
:class:`pandas.Series` keyed by actor id, as networkx returns dicts keyed by
node, and equal to networkx's on :func:`partnership_graph` (the tests check it).
They are computed with vectorised numpy and pandas, without building a graph.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import unicodedata
import weakref
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import pandas as pd

from sistercity._args import choice
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError, Problem
from sistercity.tables import CaseTables, as_tables

if TYPE_CHECKING:
    import networkx as nx

    from sistercity.model import Case

__all__ = [
    "REPORT_COLUMNS",
    "REPORT_REASONS",
    "PairsResult",
    "assortativity",
    "components",
    "country_codes",
    "country_degree",
    "country_dyads",
    "degree",
    "growth",
    "partnership_graph",
    "read_pairs",
    "summary",
]

NetworkData: TypeAlias = "Case | CaseTables | PairsResult"

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

_ROLES = ("city1", "country1", "city2", "country2")
_YEAR_NAMES = ("year", "since", "founded", "start", "established")
_TRANSLIT = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe",
                           "Œ": "OE", "ß": "ss", "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "Þ": "TH",
                           "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H"})


# =========================================================================== country names


def _fold(text: str) -> str:
    """Lookup key of a country name: case- and accent-folded, ``.``/``'`` removed, single spaces."""
    t = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).casefold()
    t = t.replace("&", " and ").replace("’", "'")
    t = re.sub(r"[.']", "", t)
    return re.sub(r"\s+", " ", t).strip()


@dataclass(frozen=True)
class _CountryTable:
    by_key: dict[str, tuple[str, str]]  # folded name -> (code, kind)
    sovereign: dict[str, str]  # territory code -> sovereign code
    codes: frozenset[str]


_TABLE: list[_CountryTable] = []


def _country_table() -> _CountryTable:
    if not _TABLE:
        text = files("sistercity").joinpath("network_countries.csv").read_text(encoding="utf-8")
        by_key: dict[str, tuple[str, str]] = {}
        sovereign: dict[str, str] = {}
        codes: set[str] = set()
        for line in text.splitlines()[1:]:
            if not line.strip():
                continue
            name, code, kind, sov = _split_csv_line(line)
            by_key[_fold(name)] = (code, kind)
            if kind == "iso":
                codes.add(code)
                if sov:
                    sovereign[code] = sov
        codes.add("XK")
        _TABLE.append(_CountryTable(by_key, sovereign, frozenset(codes)))
    return _TABLE[0]


def _split_csv_line(line: str) -> list[str]:
    return next(csv.reader([line]))


def country_codes() -> pd.DataFrame:
    """The table of country names the reader knows, with their ISO 3166-1 alpha-2 codes.

    Returns
    -------
    DataFrame
        ``name, code, kind, sovereign``. ``kind``: ``iso`` (the common English
        short name of an ISO 3166-1 entry), ``alias`` (another usual English
        name), ``variant`` (a misspelt, older or non-English name, reported when
        used), ``constituent`` (England, Scotland, Wales, Northern Ireland → GB,
        reported), ``unrecognised`` (a state ISO 3166-1 does not list, coded as
        the state that claims it, or Kosovo's user-assigned ``XK``; reported).
        ``sovereign``: for a dependent territory, its state's code.

    Examples
    --------
    >>> t = country_codes()
    >>> print(t.loc[t.name.isin(["Indonesia", "England", "Réunion"]), ["name", "code", "kind", "sovereign"]]\\
    ...     .to_string(index=False))
         name code        kind sovereign
    Indonesia   ID         iso
      Réunion   RE         iso        FR
      England   GB constituent
    >>> int((t.kind == "iso").sum())
    249
    """
    path = files("sistercity").joinpath("network_countries.csv")
    with path.open("r", encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return df.astype("str")


def _resolve_country(raw: str, user: Mapping[str, str]) -> tuple[str | None, str | None, str]:
    """``(code, reason, detail)`` for a country name; reason ``None`` when nothing to report."""
    table = _country_table()
    user_folded = {_fold(k): v for k, v in user.items()}

    def plain(name: str) -> tuple[str | None, str]:
        key = _fold(name)
        if name in user:
            return user[name].upper(), "user"
        if key in user_folded:
            return user_folded[key].upper(), "user"
        if key in table.by_key:
            return table.by_key[key]
        code = name.strip()
        if re.fullmatch(r"[A-Z]{2}", code) and code in table.codes:  # an ISO code, written in capitals
            return code, "code"
        return None, ""

    kind_reason = {"variant": "country_variant", "constituent": "constituent_country",
                   "unrecognised": "unrecognised_state"}
    code, kind = plain(raw)
    if code is not None:
        reason = kind_reason.get(kind)
        return code, reason, (f"{raw!r} read as {code}" if reason else "")
    if "," in raw:
        head, _, tail = raw.rpartition(",")
        c_tail, _ = plain(tail)
        if c_tail is not None:
            c_head, k_head = plain(head)
            if c_head is not None and c_head != c_tail and table.sovereign.get(c_head) == c_tail:
                return (c_head, "territory_code",
                        f"{raw!r}: {head.strip()!r} is a territory of {c_tail}; read as {c_head}")
            if c_head == c_tail and k_head in kind_reason:
                return c_tail, kind_reason[k_head], f"{raw!r} read as {c_tail}"
            return c_tail, "region_in_country", f"{raw!r}: region {head.strip()!r} left out; read as {c_tail}"
    m = re.fullmatch(r"(.*?)\s*\((.*)\)\s*", raw)
    if m:
        c_in, _ = plain(m.group(1))
        if c_in is not None:
            return c_in, "country_variant", f"{raw!r} read as {c_in}"
    return None, "unknown_country", f"country {raw!r} is not in the table; pass country_codes={{{raw!r}: 'XX'}}"


# =========================================================================== reading


_SLUG_RE = re.compile(r"[^a-z0-9]+")


def _slug(name: str) -> str:
    """ASCII id part of a city name: ``"Gödöllő"`` -> ``"godollo"``, ``"St. Louis"`` -> ``"st-louis"``."""
    if name.isascii():
        t = name
    else:
        t = unicodedata.normalize("NFKD", name.translate(_TRANSLIT)).encode("ascii", "ignore").decode("ascii")
    t = _SLUG_RE.sub("-", t.lower()).strip("-")[:150]
    return t or "x" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


_FOLD_EXTRA = str.maketrans({"ş": "ș", "ţ": "ț"})  # Romanian: cedilla written for comma below
_NON_WORD_RE = re.compile(r"[\W_]+")


def _identity_key(name: str) -> str:
    """When two city names are one city: case, spaces, punctuation and ş/ș, ţ/ț do not count."""
    if name.isascii():
        return _NON_WORD_RE.sub("", name.lower())
    return _NON_WORD_RE.sub("", unicodedata.normalize("NFC", name).casefold().translate(_FOLD_EXTRA))


def _is_missing(x: object) -> bool:
    return x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float | np.floating) and bool(np.isnan(x)))


def _norm_text(s: pd.Series) -> pd.Series:
    """NFC, single spaces, stripped; empty becomes missing (worked out once per distinct value)."""
    values = s.astype(object)
    try:
        codes, uniq = pd.factorize(values, use_na_sentinel=True)
    except TypeError:  # unhashable cells (a list, a dict): their text
        values = values.map(lambda x: x if _is_missing(x) else str(x))
        codes, uniq = pd.factorize(values, use_na_sentinel=True)
    cleaned = np.array([" ".join((u if u.isascii() else unicodedata.normalize("NFC", u)).split()) or None
                        for u in map(str, uniq)] + [None], dtype=object)
    return pd.Series(cleaned[codes], dtype="str")


# --------------------------------------------------------------------------- the CSV file


def _read_csv(path: str | os.PathLike[str]) -> tuple[pd.DataFrame, np.ndarray, list[tuple[int, str, str]]]:
    """The pair list in a CSV file: its cells as text (empty cells missing), the line each row starts
    on, and the malformed rows as ``(row, original, detail)`` (their cells are all missing).

    Read with the :mod:`csv` module, not :func:`pandas.read_csv`, which shifts a row with more fields
    than the header into the index (or, with ``index_col=False``, cuts them off) and pads a row with
    fewer, both silently.
    """
    name = os.fspath(path)
    try:
        raw = Path(name).read_bytes()
    except OSError as err:
        raise CaseValidationError([Problem(f"cannot read the pair list: {err.strerror or err}", file=name)]) from None
    if b"\x00" in raw:
        raise CaseValidationError([Problem(
            "the file contains NUL bytes: it looks binary; expected a pair list as UTF-8 CSV text", file=name)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CaseValidationError([Problem(
            f"the file is not valid UTF-8 (byte {err.start}: {err.reason}); save it as UTF-8 CSV",
            file=name, line=raw[: err.start].count(b"\n") + 1)]) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[list[str] | None] = []
    lines: list[int] = []
    bad: list[tuple[int, str, str]] = []
    prev = 0  # lines read before the current record
    while True:
        start = prev + 1
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            if str(err) == "unexpected end of data" or header is None:
                what = ("a quoted field that starts here is not closed before the end of the file"
                        if str(err) == "unexpected end of data" else f"the header is not valid CSV ({err})")
                raise CaseValidationError([Problem(what, file=name, line=start)]) from None
            prev = reader.line_num
            bad.append((len(rows), "", f"line {start} is not valid CSV ({err}); row dropped"))
            rows.append(None)
            lines.append(start)
            continue
        prev = reader.line_num
        if not rec:  # a blank line, skipped (as pandas does)
            continue
        if header is None:
            header = rec
            continue
        if len(rec) != len(header):
            bad.append((len(rows), ",".join(rec)[:300],
                        f"line {start} has {len(rec)} field{'s' if len(rec) != 1 else ''} where the header has "
                        f"{len(header)}; row dropped"))
            rows.append(None)
        else:
            rows.append(rec)
        lines.append(start)
    if header is None:
        raise CaseValidationError([Problem(
            "the file is empty; expected a header line (city1,country1,city2,country2) and one line per pair",
            file=name)])
    width = len(header)
    blank = [None] * width
    cells = np.array([r if r is not None else blank for r in rows], dtype=object).reshape(len(rows), width)
    cells[cells == ""] = None
    return pd.DataFrame(cells, columns=header), np.array(lines, dtype=np.int64), bad


# --------------------------------------------------------------------------- arguments


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _same_label(a: object, b: object) -> bool:
    if type(a) is not type(b):
        return False
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # labels whose == is not a truth value
        return False


def _column_names(frame: pd.DataFrame) -> str:
    names = [str(c) for c in frame.columns]
    if not names:
        return "no columns"
    return ", ".join(names[:20]) + (f" … ({len(names)} columns)" if len(names) > 20 else "")


def _column_at(frame: pd.DataFrame, label: Hashable, name: str, file: str | None) -> int | None:
    """Position of the column ``label`` (an equal label, else one written alike: ``0`` and ``"0"``)."""
    labels = list(frame.columns)
    hits = [i for i, c in enumerate(labels) if _same_label(c, label)]
    if not hits:
        hits = [i for i, c in enumerate(labels) if str(c) == str(label)]
    if len(hits) > 1:
        raise CaseValidationError([Problem(
            f"the table has {len(hits)} columns named {str(label)!r}; give them distinct names", path=name,
            file=file)])
    return hits[0] if hits else None


def _wanted_columns(columns: object) -> dict[str, Hashable] | None:
    """The column label asked for each role (``None``: the default names); checks only the argument."""
    if columns is None:
        return None
    accepts = ("4 column names (city1, country1, city2, country2, in that order) or a mapping from those "
               "roles to column names")
    wanted: dict[str, Hashable]
    if isinstance(columns, Mapping):
        unknown = [k for k in columns if not (isinstance(k, str) and k in _ROLES)]
        if unknown:
            raise ArgumentError(f"columns has unknown role(s) {', '.join(map(repr, unknown))}; expected {accepts}")
        missing = [r for r in _ROLES if r not in columns]
        if missing:
            raise ArgumentError(f"columns does not say which column is {', '.join(missing)}; expected {accepts}")
        wanted = {r: columns[r] for r in _ROLES}
    elif isinstance(columns, Sequence | np.ndarray | pd.Index) and not isinstance(columns, str | bytes):
        seq = list(columns)
        if len(seq) != 4:
            raise ArgumentError(f"columns must name 4 columns (city1, country1, city2, country2); got {len(seq)}: "
                                f"{seq!r}")
        wanted = dict(zip(_ROLES, seq, strict=True))
    else:
        raise ArgumentTypeError(f"columns must be {accepts}; got {type(columns).__name__} {columns!r}")
    for role, label in wanted.items():
        if not _hashable(label):
            raise ArgumentTypeError(f"columns: the column for {role} must be a column name; got {label!r}")
    return wanted


def _columns(frame: pd.DataFrame, wanted: dict[str, Hashable] | None, file: str | None) -> dict[str, int]:
    """Position of the column of each role."""
    if wanted is None:
        found = {r: p for r in _ROLES if (p := _column_at(frame, r, "columns", file)) is not None}
        if len(found) < 4:
            missing = [r for r in _ROLES if r not in found]
            raise CaseValidationError([Problem(
                f"cannot find the column(s) {', '.join(missing)}; the table has {_column_names(frame)}. "
                "Pass columns=('city1', 'country1', 'city2', 'country2') with your column names (column "
                "numbers for a table read without a header), or a mapping {'city1': ..., 'country1': ..., "
                "'city2': ..., 'country2': ...}" + (" (the first line of the file is read as its header)"
                                                    if file is not None else ""), path="columns", file=file)])
        return found
    pos: dict[str, int] = {}
    absent: list[Hashable] = []
    for role, label in wanted.items():
        p = _column_at(frame, label, "columns", file)
        if p is None:
            absent.append(label)
        else:
            pos[role] = p
    if absent:
        raise ArgumentError(f"columns names {', '.join(map(repr, absent))}: no column of that name in the table; "
                            f"it has {_column_names(frame)}")
    by_pos: dict[int, list[str]] = {}
    for role, p in pos.items():
        by_pos.setdefault(p, []).append(role)
    twice = [(p, roles) for p, roles in by_pos.items() if len(roles) > 1]
    if twice:
        p, roles = twice[0]
        raise ArgumentError(f"columns names the column {str(frame.columns[p])!r} for both {' and '.join(roles)}; "
                            "each of city1, country1, city2, country2 needs its own column")
    return pos


def _since(since: object) -> int | None:
    if since is None:
        return None
    if isinstance(since, bool) or not isinstance(since, int | np.integer):
        raise ArgumentTypeError(f"since must be a year (an int such as 1990) or None; got {since!r}")
    if not 1 <= int(since) <= 9999:
        raise ArgumentError(f"since must be a year from 1 to 9999; got {since!r}")
    return int(since)


def _user_codes(codes: object) -> dict[str, str]:
    if codes is None:
        return {}
    if not isinstance(codes, Mapping):
        raise ArgumentTypeError("country_codes must be a mapping from country names to ISO 3166-1 alpha-2 codes "
                                f"(such as {{'Kosova': 'XK'}}); got {type(codes).__name__}")
    out: dict[str, str] = {}
    for k, v in codes.items():
        if not isinstance(k, str):
            raise ArgumentTypeError(f"country_codes must map country names (str) to codes; got the key {k!r}")
        if not isinstance(v, str) or not re.fullmatch(r"[A-Za-z]{2}", v):
            err = ArgumentError if isinstance(v, str) else ArgumentTypeError
            raise err(f"country_codes must map names to ISO 3166-1 alpha-2 codes (two letters); {k!r} maps to {v!r}")
        out[k] = v.upper()
    return out


def _case_fields(case_id: object, title: object) -> tuple[str, str]:
    from sistercity._ids import check_id

    if not isinstance(case_id, str):
        raise ArgumentTypeError(f"case_id must be a str; got {type(case_id).__name__} {case_id!r}")
    try:
        check_id(case_id)
    except ValueError as err:
        raise ArgumentError(f"case_id: {err}") from None
    if not isinstance(title, str):
        raise ArgumentTypeError(f"title must be a str; got {type(title).__name__} {title!r}")
    if not title:
        raise ArgumentError("title must not be empty")
    return case_id, title


# --------------------------------------------------------------------------- columns of values


def _years(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Founding years (nullable Int64) and, per row, ``""``, ``"year_from_text"`` or ``"year_unreadable"``.

    A cell that is a whole number (``956``, ``"0956"``, ``1962.0``) is that year; other text gives the
    first four-digit number in it (``"since 1962"``). Years are 1 … 9999; ``0000`` is unreadable.
    """
    text = _norm_text(values)
    present = text.notna().to_numpy()
    text = text.fillna("")
    plain = text.str.fullmatch(r"\d{1,4}(?:\.0+)?").fillna(False).astype(bool)
    number = text.str.extract(r"^(\d{1,4})", expand=False).where(plain)
    number = number.fillna(text.str.extract(r"(?<!\d)(\d{4})(?!\d)", expand=False))
    year = pd.to_numeric(number, errors="coerce").astype("Int64")
    ok = (year.notna() & (year >= 1) & (year <= 9999)).to_numpy(dtype=bool, na_value=False)
    year = year.where(ok)
    reason = pd.Series("", index=values.index, dtype=object)
    reason[present & ok & ~plain.to_numpy()] = "year_from_text"
    reason[present & ~ok] = "year_unreadable"
    return year, reason


def _year_text(years: pd.Series) -> pd.Series:
    """Years as partial dates: 4 digits, zero-padded (``956`` → ``"0956"``); missing stays missing."""
    out = years.astype("str").str.zfill(4)
    return out.where(years.notna().to_numpy(), None)


def _kinds(values: pd.Series, default: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Agreement kinds, and per row whether the value was unknown (coded ``other``) or missing."""
    from typing import get_args

    from sistercity.model import AgreementKind
    from sistercity.vocab import normalize_term

    allowed = set(get_args(AgreementKind))
    aliases = {"loi": "letter_of_intent", "mou": "memorandum_of_understanding"}
    text = _norm_text(values).astype(object)
    missing = text.isna()
    text = text.where(~missing, None)
    folded = {u: aliases.get(normalize_term(u), normalize_term(u)) for u in pd.unique(text[~missing])}
    kind = text.map(lambda u: default if u is None else (folded[u] if folded[u] in allowed else "other"))
    bad = text.map(lambda u: u is not None and folded[u] not in allowed)
    return kind.astype("str"), bad.astype(bool), missing.astype(bool)


@dataclass(frozen=True, eq=False)
class PairsResult:
    """What :func:`read_pairs` returns: the partnership network as tables, the report, and the case.

    Attributes
    ----------
    tables : CaseTables
        ``actors`` (one per city), ``agreements`` (one per pair, ``signed`` the
        founding year when known) and ``agreement_parties``; built without model
        objects, so every measure of this module runs on them at once.
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
    >>> res = read_pairs(pd.DataFrame({
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
    >>> print(res.summary()[["action", "reason", "rows"]].to_string(index=False))
     action          reason  rows
    dropped unknown_country     1
    dropped  duplicate_pair     1
    >>> [a.id for a in res.case.actors]
    ['ID:bogor', 'JP:kisarazu', 'CN:nanning']
    >>> degree(res).to_dict()
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
        """Report rows counted by action and reason: ``action, reason, rows, description``."""
        r = self.report
        out = r.groupby(["action", "reason"], observed=True).size().rename("rows").reset_index()
        out["rows"] = out["rows"].astype("int64")
        out["description"] = pd.Series([REPORT_REASONS[k][1] for k in out["reason"].astype(str)],
                                       index=out.index, dtype="str")
        return out.sort_values("rows", ascending=False, kind="stable").reset_index(drop=True)

    def __repr__(self) -> str:
        return (f"PairsResult(rows={self.rows}, pairs={self.kept}, cities={len(self.tables.actors)}, "
                f"dropped={self.dropped}, report={len(self.report)} rows)")


def read_pairs(
    frame_or_path: pd.DataFrame | str | os.PathLike[str],
    *,
    columns: Sequence[Hashable] | Mapping[str, Hashable] | None = None,
    kind: str | Hashable = "sister_city_agreement",
    since: int | None = None,
    year: Hashable | None = None,
    country_codes: Mapping[str, str] | None = None,
    identity: Literal["folded", "exact"] = "folded",
    case_id: str = "pairs",
    title: str = "Partnership network",
) -> PairsResult:
    """Read a pair list (city, country, city, country per row) into a partnership network.

    Parameters
    ----------
    frame_or_path : DataFrame, str or path-like
        The list, or a CSV file of it (UTF-8, comma-separated, a header line
        first; read as text, only empty cells are missing, blank lines skipped).
        A line with more or fewer fields than the header, or that is not valid
        CSV, is dropped and reported (``malformed_row``, with its line number).
    columns : sequence of 4 column names, or mapping, optional
        Which columns hold ``city1, country1, city2, country2``: 4 names in that
        order, or a mapping from those roles to names. Names are column labels
        as the frame has them — integers for a frame read with ``header=None``
        (``columns=[0, 1, 2, 3]``); ``"0"`` finds the column ``0`` too. Default:
        columns so named.
    kind : str
        The agreement kind of every pair (one of
        :data:`~sistercity.AGREEMENT_KINDS`, ``loi`` and ``mou`` accepted), or the
        name of a column holding a kind per row (an unknown value there becomes
        ``other`` and is reported as ``kind_unknown``, a missing one ``other``
        reported as ``kind_missing``).
    since : int, optional
        Keep only pairs founded in or after this year (1 … 9999); the others,
        and undated pairs, are dropped and reported.
    year : str, optional
        The column holding the founding year (``1962``, ``"0956"``, ``"since
        1962"``). Default: a column named ``year``, ``since``, ``founded``,
        ``start`` or ``established`` if there is one. A year is 1 … 9999 and is
        kept as four digits (``956`` and ``"0956"`` are ``"0956"``); a cell
        with no such year (``"0000"``, ``"unknown"``) is never an error: the pair
        is kept undated and the cell reported (``year_unreadable``, with the
        column and row).
    country_codes : mapping, optional
        Country names to ISO 3166-1 alpha-2 codes, added to and taking
        precedence over the built-in table (:func:`country_codes`).
    identity : {"folded", "exact"}
        When two city names in one country are the same city: when they are equal
        once case, spaces, punctuation and the Romanian s/t with cedilla or comma
        below are folded (``"Chişinău"`` and ``"Chișinău"``, ``"Washington D.C."``
        and ``"Washington, D.C."``; default; the later spelling is reported as
        ``name_variant``), or only when written alike (``"exact"``).
    case_id, title : str
        Of the case (an id as :class:`~sistercity.Case` takes; a non-empty title).

    Returns
    -------
    PairsResult
        ``.tables`` (the network), ``.report`` (every row dropped or mended),
        ``.case`` (a validated :class:`~sistercity.Case`, built when first used).

    Raises
    ------
    sistercity.ArgumentTypeError
        If an argument has the wrong type (``frame_or_path`` neither a frame nor
        a path, ``columns=5``, ``year=["x"]``, ``country_codes=5``).
    sistercity.ArgumentError
        If an argument has a value it does not accept (``columns`` naming a
        column the table does not have, or one column twice; ``kind`` neither a
        column nor an agreement kind; ``identity``, ``since``, ``case_id``).
    sistercity.CaseValidationError
        If the data cannot be read: the file cannot be read, is empty, binary,
        not UTF-8 or has a quote never closed (the problem names the file and
        line); the table has no columns ``city1`` … (with ``columns=None``) or
        two columns of the name asked for.

    Examples
    --------
    >>> rows = pd.DataFrame({
    ...     "city1": ["Bogor", "Bogor", "St. Louis", "Nanning", "Varna"],
    ...     "country1": ["Indonesia", "Indonesia", "United States", "China", "Bulgaria"],
    ...     "city2": ["Nanning", "St. Louis", "Bogor", "Nanning", "Coventry"],
    ...     "country2": ["China", "United States", "Indonesia", "China", "England"]})
    >>> res = read_pairs(rows)
    >>> res
    PairsResult(rows=5, pairs=3, cities=5, dropped=2, report=3 rows)
    >>> print(res.report[["row", "action", "reason", "value"]].to_string(index=False))
     row  action              reason value
       2 dropped      duplicate_pair
       3 dropped           self_pair
       4  mended constituent_country    GB
    >>> sorted(res.tables.actors["actor"])
    ['BG:varna', 'CN:nanning', 'GB:coventry', 'ID:bogor', 'US:st-louis']

    A table without a header row has numbered columns:

    >>> bare = pd.DataFrame([["Bogor", "ID", "Kisarazu", "JP"]])
    >>> read_pairs(bare, columns=[0, 1, 2, 3]).kept
    1
    """
    # ---- the arguments, before any file is read
    if not isinstance(frame_or_path, pd.DataFrame | str | os.PathLike):
        raise ArgumentTypeError(f"frame_or_path must be a DataFrame or the path of a CSV file (str or "
                                f"os.PathLike); got {type(frame_or_path).__name__}")
    wanted = _wanted_columns(columns)
    ident = choice("identity", identity, ("folded", "exact"))
    since = _since(since)
    user = _user_codes(country_codes)
    case_id, title = _case_fields(case_id, title)
    if not _hashable(kind):
        raise ArgumentTypeError(f"kind must be an agreement kind or the name of a column; got {kind!r}")
    if year is not None and not _hashable(year):
        raise ArgumentTypeError(f"year must be the name of a column or None; got {year!r}")

    # ---- the table
    file: str | None = None
    lines: np.ndarray | None = None
    malformed: list[tuple[int, str, str]] = []
    if isinstance(frame_or_path, pd.DataFrame):
        frame = frame_or_path
    else:
        file = os.fspath(frame_or_path)
        frame, lines, malformed = _read_csv(frame_or_path)
    cols = _columns(frame, wanted, file)
    cname = {r: str(frame.columns[p]) for r, p in cols.items()}
    if year is None:
        year_pos = next((i for i, c in enumerate(frame.columns) if str(c).strip().lower() in _YEAR_NAMES), None)
    else:
        year_pos = _column_at(frame, year, "year", file)
        if year_pos is None:
            raise ArgumentError(f"year names {year!r}: no column of that name in the table; "
                                f"it has {_column_names(frame)}")
    kind_pos = _column_at(frame, kind, "kind", file)
    one_kind = ""
    if kind_pos is None:
        from sistercity.model import AGREEMENT_KINDS

        accepts = f"an agreement kind ({', '.join(AGREEMENT_KINDS)}; loi, mou) or the name of a column"
        if not isinstance(kind, str):
            raise ArgumentTypeError(f"kind must be {accepts}; got {type(kind).__name__} {kind!r}")
        k_one, bad, _ = _kinds(pd.Series([kind]), kind)
        if bool(bad.iloc[0]) or not kind.strip():
            raise ArgumentError(f"kind must be {accepts}; got {kind!r}, which is neither")
        one_kind = str(k_one.iloc[0])

    n = len(frame)
    row = np.arange(n, dtype="int64")
    reports: list[pd.DataFrame] = []

    def report(mask: np.ndarray | pd.Series, reason: str, column: str, original: Any, value: Any,
               detail: Any) -> None:
        m = np.asarray(mask, dtype=bool)
        if not m.any():
            return

        def pick(x: Any) -> Any:
            if isinstance(x, np.ndarray):
                return x[m]
            if isinstance(x, pd.Series):
                return x.to_numpy(dtype=object)[m]
            return x

        reports.append(pd.DataFrame({
            "row": row[m], "action": REPORT_REASONS[reason][0], "reason": reason, "column": column,
            "original": pick(original), "value": pick(value), "detail": pick(detail),
        }))

    alive = np.ones(n, dtype=bool)
    if malformed:
        bad_rows = np.array([r for r, _, _ in malformed], dtype=np.int64)
        reports.append(pd.DataFrame({
            "row": bad_rows, "action": "dropped", "reason": "malformed_row", "column": "",
            "original": [o for _, o, _ in malformed], "value": "", "detail": [d for _, _, d in malformed]}))
        alive[bad_rows] = False

    # ---- text
    text: dict[str, pd.Series] = {}
    for role in _ROLES:
        raw = frame.iloc[:, cols[role]].reset_index(drop=True)
        clean = _norm_text(raw)
        changed = (raw.notna() & clean.notna() & (raw.astype("str") != clean)).to_numpy() & alive
        report(changed, "text_normalised", cname[role], raw, clean, "whitespace or Unicode form normalised")
        text[role] = clean

    # ---- cities and countries, side by side
    codes: dict[str, np.ndarray] = {}
    for side in ("1", "2"):
        city, country = text["city" + side], text["country" + side]
        ccol, kcol = cname["city" + side], cname["country" + side]
        no_city = city.isna().to_numpy()
        report(no_city & alive, "missing_city", ccol, "", "", "no city")
        alive &= ~no_city
        # missing country: from the city field
        no_country = (country.isna().to_numpy()) & alive
        if no_country.any():
            idx = np.flatnonzero(no_country)
            new_city = city.copy()
            new_country = country.copy()
            for i in idx:
                c = str(city.iloc[i])
                head, sep, tail = c.rpartition(",")
                code_t, _, _ = _resolve_country(tail.strip(), user) if sep else (None, None, "")
                if sep and code_t is not None and head.strip():
                    new_city.iloc[int(i)], new_country.iloc[int(i)] = head.strip(), tail.strip()
                    report(row == i, "country_from_city", ccol, c, f"{head.strip()} / {tail.strip()}",
                           f"city {c!r} read as {head.strip()!r} in {tail.strip()!r}")
                    continue
                code_w, _, _ = _resolve_country(c, user)
                if code_w is not None:
                    new_country.iloc[int(i)] = c
                    report(row == i, "country_from_city", ccol, c, c,
                           f"the city {c!r} names a country or territory; read as its country")
                    continue
                report(row == i, "missing_country", kcol, "", "", f"no country for {c!r}")
                alive[i] = False
            text["city" + side], text["country" + side] = new_city, new_country
            city, country = new_city, new_country
        cobj = country.to_numpy(dtype=object)
        fcode, funiq = pd.factorize(cobj, use_na_sentinel=True)
        resolved = [_resolve_country(str(u), user) for u in funiq]
        code_u = np.array([r[0] for r in resolved] + [None], dtype=object)
        reason_u = np.array([r[1] or "" for r in resolved] + [""], dtype=object)
        detail_u = np.array([r[2] for r in resolved] + [""], dtype=object)
        code, reason, detail = code_u[fcode], reason_u[fcode], detail_u[fcode]
        has_code = pd.notna(code)
        for rsn in sorted(set(reason_u) - {""}):
            m = (reason == rsn) & alive
            report(m, rsn, kcol, cobj, np.where(has_code, code, ""), detail)
        alive &= has_code
        codes[side] = code

    # ---- years, kinds
    year_name = ""
    if year_pos is not None:
        year_name = str(frame.columns[year_pos])
        yraw = frame.iloc[:, year_pos].reset_index(drop=True)
        years, yreason = _years(yraw)
        ytext = _year_text(years)
        for rsn in ("year_from_text", "year_unreadable"):
            m = (yreason == rsn).to_numpy() & alive
            report(m, rsn, year_name, yraw, ytext.where(ytext.notna(), ""), REPORT_REASONS[rsn][1])
    else:
        years = pd.Series(pd.NA, index=range(n), dtype="Int64")
        ytext = pd.Series(None, index=range(n), dtype=object)
    if kind_pos is not None:
        kraw = frame.iloc[:, kind_pos].reset_index(drop=True)
        kname = str(frame.columns[kind_pos])
        kinds, unknown, no_kind = _kinds(kraw, "other")
        report(unknown.to_numpy() & alive, "kind_unknown", kname, kraw, "other", REPORT_REASONS["kind_unknown"][1])
        report(no_kind.to_numpy() & alive, "kind_missing", kname, "", "other", REPORT_REASONS["kind_missing"][1])
    else:
        kinds = pd.Series(one_kind, index=range(n), dtype="str")

    # ---- actors: one per (country, identity key); ends in input order, side 1 before side 2
    names = np.column_stack([text["city1"].to_numpy(dtype=object), text["city2"].to_numpy(dtype=object)]).ravel()
    ccodes = np.column_stack([codes["1"], codes["2"]]).ravel()
    live = np.flatnonzero(np.repeat(alive, 2))
    end_actor = np.full(2 * n, -1, dtype=np.int64)  # actor number of each end
    nm, cc = names[live], ccodes[live]
    name_code, uniq_names = pd.factorize(nm)
    if ident == "folded":
        key_code = pd.factorize(np.array([_identity_key(str(u)) for u in uniq_names], dtype=object))[0][name_code]
    else:
        key_code = name_code
    country_code, _ = pd.factorize(cc)
    ident_code, _ = pd.factorize(country_code.astype(np.int64) * (int(key_code.max(initial=0)) + 1) + key_code)
    first = np.unique(ident_code, return_index=True)[1]  # first end of each actor, in order of appearance
    end_actor[live] = ident_code
    slug_u = np.array([_slug(str(u)) for u in uniq_names], dtype=object)
    a_name, a_country = nm[first], cc[first]
    a_slug = pd.Series(a_country, dtype=object) + ":" + pd.Series(slug_u[name_code[first]], dtype=object)
    nth = a_slug.groupby(a_slug.to_numpy(), sort=False).cumcount().to_numpy()
    a_id = np.where(nth == 0, a_slug.to_numpy(), a_slug.to_numpy() + "-" + (nth + 1).astype(str).astype(object))
    suffixed = nth > 0
    if suffixed.any():
        reports.append(pd.DataFrame({
            "row": (live[first[suffixed]] // 2).astype("int64"), "action": "mended", "reason": "id_disambiguated",
            "column": "", "original": a_name[suffixed], "value": a_id[suffixed],
            "detail": [f"another city's name already folds to {x!r}; suffixed" for x in a_slug[suffixed]]}))
    variant = name_code != name_code[first][ident_code]
    if variant.any():
        where = live[variant]
        canon = a_name[ident_code[variant]]
        reports.append(pd.DataFrame({
            "row": (where // 2).astype("int64"), "action": "mended", "reason": "name_variant",
            "column": np.where(where % 2 == 0, cname["city1"], cname["city2"]), "original": nm[variant],
            "value": canon,
            "detail": [f"taken as {c!r} ({i}): the names differ only in case, spaces, punctuation "
                       "or Romanian s/t-comma vs cedilla" for c, i in zip(canon, a_id[ident_code[variant]],
                                                                         strict=True)]}))
    act1, act2 = end_actor[0::2], end_actor[1::2]

    # ---- self pairs, duplicates, since
    selfp = alive & (act1 == act2)
    report(selfp, "self_pair", "", a_id[np.maximum(act1, 0)] if len(a_id) else "", "",
           "both sides are the same city")
    alive &= ~selfp
    lo, hi = np.minimum(act1, act2), np.maximum(act1, act2)
    pair = np.where(alive, lo * (len(a_id) + 1) + hi, -1)
    dup = alive & pd.Series(pair).duplicated(keep="first").to_numpy()
    if dup.any():
        first_row = pd.Series(row).groupby(pair).transform("min").to_numpy(dtype="int64")
        pair_text = np.full(n, "", dtype=object)
        pair_text[dup] = [f"{a_id[x]} – {a_id[y]}" for x, y in zip(lo[dup], hi[dup], strict=True)]
        same_as = np.full(n, "", dtype=object)
        same_as[dup] = [f"the same pair as row {r}" for r in first_row[dup].tolist()]
        report(dup, "duplicate_pair", "", pair_text, "", same_as)
    alive &= ~dup
    if since is not None:
        yv = years.to_numpy(dtype="float64", na_value=np.nan)
        undated = alive & np.isnan(yv)
        before = alive & ~np.isnan(yv) & (yv < since)
        report(undated, "undated", year_name, "", "", f"no year; since={since}")
        report(before, "before_since", year_name, ytext, "", f"before {since}")
        alive &= ~(undated | before)

    # ---- tables
    keep = np.flatnonzero(alive)
    used = np.zeros(len(a_id), dtype=bool)
    used[act1[keep]] = True
    used[act2[keep]] = True
    act = pd.DataFrame({"actor": a_id[used], "name": a_name[used], "country": a_country[used],
                        "level": "subnational", "kind": "government", "governmental": True})
    agreement = np.array([f"pair-{r}" for r in row[keep].tolist()], dtype=object)
    signed = ytext.iloc[keep].to_numpy(dtype=object)
    agreements = pd.DataFrame({"agreement": agreement, "kind": kinds.iloc[keep].to_numpy(), "title": "",
                               "signed": signed, "start": signed, "open_sectors": False})
    parties = pd.DataFrame({"agreement": np.repeat(agreement, 2),
                            "actor": a_id[np.column_stack([act1[keep], act2[keep]]).ravel()]})
    # references are consistent by construction (the tests check them with validate=True)
    tables = CaseTables.from_frames(actors=act, agreements=agreements, agreement_parties=parties, validate=False)
    rep = (pd.concat(reports, ignore_index=True) if reports else
           pd.DataFrame({c: [] for c in REPORT_COLUMNS if c != "line"}))
    rep = rep.sort_values(["row"], kind="stable").reset_index(drop=True)
    rows_at = rep["row"].to_numpy(dtype="int64")
    rep = pd.DataFrame({
        "row": rows_at,
        "line": (pd.array(lines[rows_at], dtype="Int64") if lines is not None
                 else pd.array([pd.NA] * len(rep), dtype="Int64")),
        "action": pd.Categorical(rep["action"], categories=["dropped", "mended"]),
        "reason": pd.Categorical(rep["reason"], categories=list(REPORT_REASONS)),
        **{c: rep[c].astype(object).where(rep[c].notna(), "").astype("str") for c in
           ("column", "original", "value", "detail")},
    })
    return PairsResult(tables=tables, report=rep, rows=n, case_id=case_id, title=title)


# =========================================================================== measures


@dataclass(frozen=True)
class _Edges:
    actors: pd.Index  # actor ids, in table order
    country: np.ndarray  # per actor
    u: np.ndarray  # int positions, u < v per pair (unique pairs)
    v: np.ndarray
    agreements: np.ndarray  # agreements per pair
    year: np.ndarray  # first founding year per pair (float, NaN unknown)


_CACHE: weakref.WeakKeyDictionary[CaseTables, _Edges] = weakref.WeakKeyDictionary()


def _edges(data: NetworkData) -> _Edges:
    t = as_tables(data)
    hit = _CACHE.get(t)
    if hit is not None:
        return hit
    actors = pd.Index(t.actors["actor"].astype(object).to_numpy())
    country = t.actors["country"].astype(object).to_numpy()
    p = t.agreement_parties[["agreement", "actor"]]
    ag = p["agreement"].astype(object).to_numpy()
    pos = np.asarray(actors.get_indexer(pd.Index(p["actor"].astype(object).to_numpy())))
    if (pos < 0).any():
        raise CaseValidationError([Problem("agreement_parties names an actor the actors table does not have",
                                           path="agreement_parties")])
    frame = pd.DataFrame({"agreement": ag, "pos": pos}).drop_duplicates()
    size = frame.groupby("agreement", sort=False)["pos"].transform("size").to_numpy()
    if len(frame) and (size == 2).all():
        a = frame["pos"].to_numpy()[0::2]
        b = frame["pos"].to_numpy()[1::2]
        agr = frame["agreement"].to_numpy()[0::2]
        if not (frame["agreement"].to_numpy()[1::2] == agr).all():  # parties not adjacent: sort first
            frame = frame.sort_values("agreement", kind="stable")
            a, b = frame["pos"].to_numpy()[0::2], frame["pos"].to_numpy()[1::2]
            agr = frame["agreement"].to_numpy()[0::2]
    else:
        frame = frame.assign(k=frame.groupby("agreement", sort=False).cumcount())
        m = frame.merge(frame, on="agreement")
        m = m[m["k_x"] < m["k_y"]]
        a, b, agr = m["pos_x"].to_numpy(), m["pos_y"].to_numpy(), m["agreement"].to_numpy()
    u = np.minimum(a, b).astype(np.int64)
    v = np.maximum(a, b).astype(np.int64)
    starts = t.agreements.drop_duplicates("agreement")
    yr = pd.Series(pd.to_datetime(starts["start_first"]).dt.year.to_numpy(dtype="float64", na_value=np.nan),
                   index=starts["agreement"].astype(object).to_numpy())
    years = pd.Series(agr).map(yr).to_numpy(dtype="float64") if len(agr) else np.array([], dtype="float64")
    e = pd.DataFrame({"u": u, "v": v, "year": years})
    e = e[e["u"] != e["v"]]
    g = e.groupby(["u", "v"], sort=True).agg(agreements=("year", "size"), year=("year", "min")).reset_index()
    out = _Edges(actors=actors, country=country, u=g["u"].to_numpy(np.int64), v=g["v"].to_numpy(np.int64),
                 agreements=g["agreements"].to_numpy(np.int64), year=g["year"].to_numpy("float64"))
    _CACHE[t] = out
    return out


def _degrees(e: _Edges) -> np.ndarray:
    return np.bincount(np.concatenate([e.u, e.v]), minlength=len(e.actors)).astype(np.int64)


def partnership_graph(data: NetworkData) -> nx.Graph:
    """The partnership network as a simple undirected :class:`networkx.Graph`.

    Nodes are actors (attributes ``name`` and ``country``), edges the pairs of
    actors that are parties of a common agreement (attributes ``agreements``, the
    number of agreements between them, and ``year``, the first founding year when
    known).

    Examples
    --------
    >>> g = partnership_graph(read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Bogor"], "country1": ["Indonesia", "Indonesia"],
    ...     "city2": ["Nanning", "St. Louis"], "country2": ["China", "United States"]})))
    >>> sorted(g.edges()), g.nodes["ID:bogor"]["country"]
    ([('ID:bogor', 'CN:nanning'), ('ID:bogor', 'US:st-louis')], 'ID')
    """
    import networkx as nx

    t = as_tables(data)
    e = _edges(t)
    g = nx.Graph()
    ids = e.actors.to_numpy(dtype=object)
    names = t.actors["name"].to_numpy(dtype=object).tolist()
    g.add_nodes_from(
        (a, {"name": n, "country": c}) for a, n, c in zip(ids.tolist(), names, e.country.tolist(), strict=True)
    )
    dated = ~np.isnan(e.year)
    years = np.where(dated, e.year, 0).astype(np.int64).tolist()
    g.add_edges_from(
        (x, y, {"agreements": k, "year": yr} if d else {"agreements": k})
        for x, y, k, yr, d in zip(ids[e.u].tolist(), ids[e.v].tolist(), e.agreements.tolist(), years,
                                  dated.tolist(), strict=True)
    )
    return g


def degree(data: NetworkData) -> pd.Series:
    """Number of partners of each city (distinct actors it shares an agreement with).

    .. math:: k_i = \\sum_j a_{ij}

    with ``a`` the 0/1 adjacency of the partnership graph. Equal to
    ``dict(partnership_graph(data).degree())``. Scale: 0 … n − 1.

    Returns
    -------
    Series
        Keyed by actor id (every actor, isolates 0), named ``degree``, int64.

    Examples
    --------
    >>> res = read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Bogor", "Nanning"], "country1": ["Indonesia", "Indonesia", "China"],
    ...     "city2": ["Nanning", "St. Louis", "St. Louis"], "country2": ["China", "United States", "USA"]}))
    >>> degree(res).to_dict()
    {'ID:bogor': 2, 'CN:nanning': 2, 'US:st-louis': 2}
    """
    e = _edges(data)
    return pd.Series(_degrees(e), index=pd.Index(e.actors, name="actor", dtype="str"), name="degree")


def country_degree(data: NetworkData) -> pd.DataFrame:
    """Partnerships by country.

    Returns
    -------
    DataFrame
        One row per country: ``country``, ``cities`` (actors), ``linked``
        (actors with a partner), ``partnerships`` (pairs with at least one city in
        the country), ``foreign`` (pairs with a city abroad), ``domestic`` (both
        cities in the country), ``partner_countries`` (other countries it is paired
        with), ``mean_degree`` (partners per city); most partnerships first.

    Examples
    --------
    >>> res = read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Bogor", "Nanning"], "country1": ["Indonesia", "Indonesia", "China"],
    ...     "city2": ["Nanning", "Depok", "Bogor"], "country2": ["China", "Indonesia", "Indonesia"]}))
    >>> print(country_degree(res)[["country", "partnerships", "foreign", "domestic"]].to_string(index=False))
    country  partnerships  foreign  domestic
         ID             2        1         1
         CN             1        1         0
    """
    e = _edges(data)
    deg = _degrees(e)
    cu, cv = e.country[e.u], e.country[e.v]
    same = cu == cv
    a = pd.DataFrame({"country": e.country, "deg": deg, "linked": deg > 0})
    per = a.groupby("country", sort=False).agg(cities=("deg", "size"), linked=("linked", "sum"),
                                               mean_degree=("deg", "mean"))
    ends = pd.DataFrame({"country": np.concatenate([cu, cv[~same]]),
                         "foreign": np.concatenate([~same, ~same[~same]])})
    pc = ends.groupby("country", sort=False).agg(partnerships=("foreign", "size"), foreign=("foreign", "sum"))
    dom = pd.Series(cu[same]).value_counts()
    pairs = pd.DataFrame({"a": np.concatenate([cu[~same], cv[~same]]), "b": np.concatenate([cv[~same], cu[~same]])})
    partner_countries = pairs.drop_duplicates().groupby("a").size()
    out = per.join(pc, how="left")
    out["partnerships"] = out["partnerships"].fillna(0).astype("int64")
    out["foreign"] = out["foreign"].fillna(0).astype("int64")
    out["domestic"] = dom.reindex(out.index, fill_value=0).astype("int64")
    out["partner_countries"] = partner_countries.reindex(out.index, fill_value=0).astype("int64")
    out = out.reset_index()
    out["country"] = out["country"].astype("str")
    out = out[["country", "cities", "linked", "partnerships", "foreign", "domestic", "partner_countries",
               "mean_degree"]].astype({"cities": "int64", "linked": "int64", "mean_degree": "float64"})
    return out.sort_values(["partnerships", "country"], ascending=[False, True], kind="stable").reset_index(drop=True)


def country_dyads(data: NetworkData) -> pd.DataFrame:
    """Partnerships between each pair of countries.

    Returns
    -------
    DataFrame
        ``country_a, country_b`` (sorted; equal for domestic pairs), ``pairs``,
        ``share`` of all pairs; most pairs first.

    Examples
    --------
    >>> res = read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Bogor", "Nanning"], "country1": ["Indonesia", "Indonesia", "China"],
    ...     "city2": ["Nanning", "Depok", "Bogor"], "country2": ["China", "Indonesia", "Indonesia"]}))
    >>> print(country_dyads(res).to_string(index=False))
    country_a country_b  pairs  share
           CN        ID      1    0.5
           ID        ID      1    0.5
    """
    e = _edges(data)
    cu = pd.Series(e.country[e.u], dtype="str")
    cv = pd.Series(e.country[e.v], dtype="str")
    swap = (cv < cu).to_numpy()
    a = cu.where(~swap, cv)
    b = cv.where(~swap, cu)
    out = pd.DataFrame({"country_a": a, "country_b": b}).value_counts().rename("pairs").reset_index()
    out["pairs"] = out["pairs"].astype("int64")
    total = int(out["pairs"].sum())
    out["share"] = out["pairs"] / total if total else np.nan
    out = out.astype({"country_a": "str", "country_b": "str"})
    return out.sort_values(["pairs", "country_a", "country_b"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


def _component_labels(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Connected-component root of each node: vectorised hook-and-compress union-find."""
    parent = np.arange(n, dtype=np.int64)
    if len(u) == 0:
        return parent
    while True:
        pu, pv = parent[u], parent[v]
        lo, hi = np.minimum(pu, pv), np.maximum(pu, pv)
        diff = lo != hi
        if not diff.any():
            return parent
        np.minimum.at(parent, hi[diff], lo[diff])
        while True:
            pp = parent[parent]
            if (pp == parent).all():
                break
            parent = pp


def components(data: NetworkData) -> pd.Series:
    """The connected component of each city, numbered from the largest (0).

    Two cities are in the same component when a chain of partnerships joins
    them (as :func:`networkx.connected_components`). Ties in size are numbered
    by their first actor in table order.

    Returns
    -------
    Series
        Keyed by actor id, named ``component``, int64.

    Examples
    --------
    >>> res = read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Nanning", "Varna"], "country1": ["Indonesia", "China", "Bulgaria"],
    ...     "city2": ["Nanning", "Liuzhou", "Ningbo"], "country2": ["China", "China", "China"]}))
    >>> components(res).to_dict()
    {'ID:bogor': 0, 'CN:nanning': 0, 'CN:liuzhou': 0, 'BG:varna': 1, 'CN:ningbo': 1}
    """
    e = _edges(data)
    root = _component_labels(len(e.actors), e.u, e.v)
    r = pd.Series(root)
    size = r.map(r.value_counts())
    first = r.groupby(root).transform("min")
    order = pd.DataFrame({"root": root, "size": size, "first": first}).drop_duplicates("root") \
        .sort_values(["size", "first"], ascending=[False, True], kind="stable")
    label = pd.Series(np.arange(len(order), dtype=np.int64), index=order["root"].to_numpy())
    return pd.Series(label.reindex(root).to_numpy(dtype=np.int64),
                     index=pd.Index(e.actors, name="actor", dtype="str"), name="component")


def assortativity(data: NetworkData, *, by: Literal["degree", "country"] = "degree") -> float:
    """Assortative mixing of the partnership network (Newman 2002, 2003).

    ``by="degree"``: the Pearson correlation of the degrees at the two ends of
    the edges (each edge counted both ways),

    .. math:: r = \\frac{M^{-1}\\sum_e j_e k_e - [M^{-1}\\sum_e \\tfrac12 (j_e + k_e)]^2}
                        {M^{-1}\\sum_e \\tfrac12 (j_e^2 + k_e^2) - [M^{-1}\\sum_e \\tfrac12 (j_e + k_e)]^2}

    (Newman 2002, "Assortative mixing in networks", *Physical Review Letters* 89,
    208701, eq. 4); −1 … 1, positive when well-partnered cities partner each
    other; equal to :func:`networkx.degree_assortativity_coefficient`.
    ``by="country"``: ``r = (Σ_i e_ii − Σ_i a_i²) / (1 − Σ_i a_i²)`` with ``e_ii``
    the share of edge ends joining two cities of country ``i`` and ``a_i`` the
    share of edge ends in country ``i`` (Newman 2003, "Mixing patterns in
    networks", *Physical Review E* 67, 026126, eq. 2); 1 when cities pair only at
    home, negative when they pair across borders more than chance would;
    equal to :func:`networkx.attribute_assortativity_coefficient`. Missing (NaN)
    when undefined (no edges, or all degrees equal).

    Raises
    ------
    sistercity.ArgumentError
        If ``by`` is neither ``"degree"`` nor ``"country"``.
    sistercity.ArgumentTypeError
        If ``data`` is not a case, its tables or a :class:`PairsResult`.

    Examples
    --------
    >>> res = read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Bogor", "Bogor", "Nanning"],
    ...     "country1": ["Indonesia", "Indonesia", "Indonesia", "China"],
    ...     "city2": ["Nanning", "St. Louis", "Gödöllő", "Liuzhou"],
    ...     "country2": ["China", "United States", "Hungary", "China"]}))
    >>> round(assortativity(res), 4), round(assortativity(res, by="country"), 4)
    (-0.6667, -0.0909)
    """
    by = choice("by", by, ("degree", "country"))
    e = _edges(data)
    if len(e.u) == 0:
        return float("nan")
    if by == "degree":
        d = _degrees(e).astype("float64")
        j, k = d[e.u], d[e.v]
        m = len(j)
        mean = (j + k).sum() / (2 * m)
        num = (j * k).sum() / m - mean * mean
        den = (j * j + k * k).sum() / (2 * m) - mean * mean
        return float(num / den) if den > 1e-12 else float("nan")
    cu, cv = e.country[e.u], e.country[e.v]
    ends = pd.Series(np.concatenate([cu, cv]))
    a = ends.value_counts(normalize=True).to_numpy(dtype="float64")
    sum_a2 = float((a * a).sum())
    e_ii = float((cu == cv).mean())
    return (e_ii - sum_a2) / (1 - sum_a2) if sum_a2 < 1 - 1e-12 else float("nan")


def growth(data: NetworkData) -> pd.DataFrame:
    """Partnerships founded by year, where years exist.

    Returns
    -------
    DataFrame
        ``year``, ``new`` (pairs first founded that year), ``cumulative``
        (dated pairs founded up to that year), ``cities`` and ``countries``
        (distinct ones in those pairs). Empty (same columns) when no pair is dated;
        undated pairs are left out (count them with :func:`summary`).

    Examples
    --------
    >>> res = read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Bogor", "Bogor"], "country1": ["Indonesia"] * 3,
    ...     "city2": ["Nanning", "St. Louis", "Gödöllő"], "country2": ["China", "United States", "Hungary"],
    ...     "year": ["1993", "since 2000", ""]}))
    >>> print(growth(res).to_string(index=False))
     year  new  cumulative  cities  countries
     1993    1           1       2          2
     2000    1           2       3          3
    """
    e = _edges(data)
    dated = ~np.isnan(e.year)
    cols = ["year", "new", "cumulative", "cities", "countries"]
    if not dated.any():
        return pd.DataFrame({c: pd.Series([], dtype="int64") for c in cols})
    y = e.year[dated].astype(np.int64)
    u, v = e.u[dated], e.v[dated]
    new = pd.Series(y).value_counts().sort_index()
    ends = pd.DataFrame({"year": np.concatenate([y, y]), "actor": np.concatenate([u, v])})
    first_seen = ends.groupby("actor")["year"].min()
    cities = first_seen.value_counts().sort_index().reindex(new.index, fill_value=0).cumsum()
    ends["country"] = e.country[ends["actor"].to_numpy()]
    c_first = ends.groupby("country")["year"].min()
    countries = c_first.value_counts().sort_index().reindex(new.index, fill_value=0).cumsum()
    out = pd.DataFrame({"year": new.index.to_numpy(np.int64), "new": new.to_numpy(np.int64),
                        "cumulative": new.cumsum().to_numpy(np.int64), "cities": cities.to_numpy(np.int64),
                        "countries": countries.to_numpy(np.int64)})
    return out[cols]


def summary(data: NetworkData) -> pd.Series:
    """The network in figures.

    Returns
    -------
    Series
        ``cities`` (actors), ``partnerships`` (distinct pairs), ``countries``,
        ``country_dyads``, ``domestic_share`` (pairs within one country),
        ``components``, ``largest_component`` (cities) and ``largest_share``,
        ``isolates``, ``mean_degree``, ``max_degree``, ``density``
        (``2m / n(n − 1)``), ``assortativity`` (degree) and
        ``country_assortativity``, ``dated`` (pairs with a founding year).

    Examples
    --------
    >>> res = read_pairs(pd.DataFrame({
    ...     "city1": ["Bogor", "Nanning"], "country1": ["Indonesia", "China"],
    ...     "city2": ["Nanning", "Liuzhou"], "country2": ["China", "China"]}))
    >>> s = summary(res)
    >>> int(s["cities"]), int(s["partnerships"]), int(s["components"]), float(s["domestic_share"])
    (3, 2, 1, 0.5)
    """
    e = _edges(data)
    n, m = len(e.actors), len(e.u)
    deg = _degrees(e)
    comp = components(data)
    sizes = comp.value_counts()
    cu, cv = e.country[e.u], e.country[e.v]
    dy = country_dyads(data)
    largest = int(sizes.iloc[0]) if len(sizes) else 0
    return pd.Series({
        "cities": n,
        "partnerships": m,
        "countries": int(pd.Series(e.country).nunique()),
        "country_dyads": len(dy),
        "domestic_share": float((cu == cv).mean()) if m else float("nan"),
        "components": len(sizes),
        "largest_component": largest,
        "largest_share": largest / n if n else float("nan"),
        "isolates": int((deg == 0).sum()),
        "mean_degree": float(deg.mean()) if n else float("nan"),
        "max_degree": int(deg.max()) if n else 0,
        "density": 2 * m / (n * (n - 1)) if n > 1 else float("nan"),
        "assortativity": assortativity(data),
        "country_assortativity": assortativity(data, by="country"),
        "dated": int((~np.isnan(e.year)).sum()),
    }, name="value", dtype="float64")
