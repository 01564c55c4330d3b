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
* with ``since=YEAR``, pairs founded before it, or undated, are dropped.

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

import hashlib
import re
import unicodedata
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import pandas as pd

from sistercity.exceptions import CaseValidationError, Problem
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
    "action": "category",
    "reason": "category",
    "column": "str",
    "original": "str",
    "value": "str",
    "detail": "str",
}
"""The columns of :attr:`PairsResult.report`.

``row`` is the row's 0-based position in the input; ``action`` is ``dropped``
or ``mended``; ``column`` the input column concerned (empty for a whole row);
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
    "year_unreadable": ("mended", "no year could be read; the pair is kept undated"),
    "kind_unknown": ("mended", "an agreement kind the model does not know; coded 'other'"),
    "name_variant": ("mended", "a city name that differs from an earlier one only in case, spaces, "
                     "punctuation or s/t-comma vs cedilla; taken as the same city"),
    "id_disambiguated": ("mended", "two city names fold to the same id; a suffix tells them apart"),
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
    import csv

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


def _norm_text(s: pd.Series) -> pd.Series:
    """NFC, single spaces, stripped; empty becomes missing (worked out once per distinct value)."""
    codes, uniq = pd.factorize(s.astype(object), use_na_sentinel=True)
    cleaned = np.array([" ".join((u if u.isascii() else unicodedata.normalize("NFC", u)).split()) or None
                        for u in map(str, uniq)] + [None], dtype=object)
    return pd.Series(cleaned[codes], dtype="str")


def _columns(frame: pd.DataFrame, columns: Sequence[str] | Mapping[str, str] | None) -> dict[str, str]:
    cols = [str(c) for c in frame.columns]
    if columns is None:
        found = {r: r for r in _ROLES if r in cols}
        if len(found) < 4:
            missing = [r for r in _ROLES if r not in found]
            raise CaseValidationError([Problem(
                f"cannot find the column(s) {', '.join(missing)}; the table has {', '.join(cols)}. "
                "Pass columns=('city1', 'country1', 'city2', 'country2') with your column names, "
                "or a mapping {'city1': ..., 'country1': ..., 'city2': ..., 'country2': ...}",
                path="columns")])
        return found
    if isinstance(columns, Mapping):
        mapping = {str(k): str(v) for k, v in columns.items()}
        unknown = [k for k in mapping if k not in _ROLES]
        if unknown:
            raise CaseValidationError([Problem(
                f"unknown role(s) {', '.join(unknown)} in columns; expected {', '.join(_ROLES)}",
                path="columns")])
    else:
        seq = [str(c) for c in columns]
        if len(seq) != 4:
            raise CaseValidationError([Problem(
                f"columns must name 4 columns (city1, country1, city2, country2), got {len(seq)}",
                path="columns")])
        mapping = dict(zip(_ROLES, seq, strict=True))
    missing = [r for r in _ROLES if r not in mapping]
    absent = [v for v in mapping.values() if v not in cols]
    problems = []
    if missing:
        problems.append(Problem(f"columns does not say which column is {', '.join(missing)}", path="columns"))
    if absent:
        problems.append(Problem(f"no column {', '.join(map(repr, absent))} in the table; it has {', '.join(cols)}",
                                path="columns"))
    if problems:
        raise CaseValidationError(problems)
    return mapping


def _years(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Founding years (nullable Int64) and, per row, ``""``, ``"year_from_text"`` or ``"year_unreadable"``."""
    text = values.astype("str").str.strip()
    present = values.notna() & (text.str.len() > 0)
    plain = text.str.fullmatch(r"\d{4}(\.0+)?").fillna(False).astype(bool)
    found = text.str.extract(r"(?<!\d)(\d{4})(?!\d)", expand=False)
    year = pd.to_numeric(found, errors="coerce").astype("Int64")
    ok = year.notna() & (year >= 1) & (year <= 9999)
    year = year.where(ok)
    reason = pd.Series("", index=values.index, dtype=object)
    reason[present & ok & ~plain] = "year_from_text"
    reason[present & ~ok] = "year_unreadable"
    return year, reason


def _kinds(values: pd.Series, default: str) -> tuple[pd.Series, pd.Series]:
    from typing import get_args

    from sistercity.model import AgreementKind
    from sistercity.vocab import normalize_term

    allowed = set(get_args(AgreementKind))
    aliases = {"loi": "letter_of_intent", "mou": "memorandum_of_understanding"}
    text = values.astype(object)
    folded = {u: (aliases.get(normalize_term(str(u)), normalize_term(str(u))) if pd.notna(u) else default)
              for u in pd.unique(text)}
    kind = text.map(lambda u: folded[u] if folded[u] in allowed else "other")
    bad = text.map(lambda u: folded[u] not in allowed)
    return kind.astype("str"), bad.astype(bool)


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
        """Report rows counted by action and reason."""
        r = self.report
        out = r.groupby(["action", "reason"], observed=True).size().rename("rows").reset_index()
        out["description"] = out["reason"].astype(str).map(lambda k: REPORT_REASONS[k][1]).astype("str")
        return out.sort_values("rows", ascending=False, kind="stable").reset_index(drop=True)

    def __repr__(self) -> str:
        return (f"PairsResult(rows={self.rows}, pairs={self.kept}, cities={len(self.tables.actors)}, "
                f"dropped={self.dropped}, report={len(self.report)} rows)")


def read_pairs(
    frame_or_path: pd.DataFrame | str | Path,
    *,
    columns: Sequence[str] | Mapping[str, str] | None = None,
    kind: str = "sister_city_agreement",
    since: int | None = None,
    year: str | None = None,
    country_codes: Mapping[str, str] | None = None,
    identity: Literal["folded", "exact"] = "folded",
    case_id: str = "pairs",
    title: str = "Partnership network",
) -> PairsResult:
    """Read a pair list (city, country, city, country per row) into a partnership network.

    Parameters
    ----------
    frame_or_path : DataFrame, str or Path
        The list, or a CSV file of it (UTF-8; read as text, only empty cells are missing).
    columns : sequence of 4 str, or mapping, optional
        Which columns hold ``city1, country1, city2, country2``: 4 names in that
        order, or a mapping from those roles to names. Default: columns so named.
    kind : str
        The agreement kind of every pair (one of
        :data:`~sistercity.AGREEMENT_KINDS`, ``loi`` and ``mou`` accepted), or the
        name of a column holding a kind per row (an unknown value there becomes
        ``other`` and is reported).
    since : int, optional
        Keep only pairs founded in or after this year; the others, and undated
        pairs, are dropped and reported.
    year : str, optional
        The column holding the founding year (``1962``, ``"since 1962"``).
        Default: a column named ``year``, ``since``, ``founded``, ``start`` or
        ``established`` if there is one.
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
        Of the case.

    Returns
    -------
    PairsResult
        ``.tables`` (the network), ``.report`` (every row dropped or mended),
        ``.case`` (a validated :class:`~sistercity.Case`, built when first used).

    Raises
    ------
    CaseValidationError
        If the columns cannot be found, an option is invalid, or the file cannot be read.

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
    """
    if isinstance(frame_or_path, pd.DataFrame):
        frame = frame_or_path
    elif isinstance(frame_or_path, str | Path):
        try:
            frame = pd.read_csv(frame_or_path, dtype=str, keep_default_na=False, na_values=[""],
                                encoding="utf-8")
        except (OSError, ValueError, UnicodeDecodeError, pd.errors.ParserError) as err:
            raise CaseValidationError([Problem(f"cannot read the pair list: {err}",
                                               file=str(frame_or_path))]) from None
    else:
        raise CaseValidationError([Problem(
            f"expected a DataFrame or a path to a CSV file, got {type(frame_or_path).__name__}",
            path="frame_or_path")])
    if since is not None and (isinstance(since, bool) or not isinstance(since, int | np.integer)):
        raise CaseValidationError([Problem(f"since must be a year (int), got {since!r}", path="since")])
    if identity not in ("folded", "exact"):
        raise CaseValidationError([Problem(f"identity must be 'folded' or 'exact', got {identity!r}",
                                           path="identity")])
    cols = _columns(frame, columns)
    user = dict(country_codes or {})
    bad_user = [k for k, v in user.items() if not re.fullmatch(r"[A-Za-z]{2}", str(v))]
    if bad_user:
        raise CaseValidationError([Problem(
            f"country_codes must map names to ISO 3166-1 alpha-2 codes; {bad_user[0]!r} maps to "
            f"{user[bad_user[0]]!r}", path="country_codes")])
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

    # ---- text
    text: dict[str, pd.Series] = {}
    for role in _ROLES:
        raw = frame[cols[role]].reset_index(drop=True)
        clean = _norm_text(raw)
        changed = (raw.notna() & clean.notna() & (raw.astype("str") != clean)).to_numpy()
        report(changed, "text_normalised", cols[role], raw, clean, "whitespace or Unicode form normalised")
        text[role] = clean
    alive = np.ones(n, dtype=bool)

    # ---- cities and countries, side by side
    codes: dict[str, np.ndarray] = {}
    for side in ("1", "2"):
        city, country = text["city" + side], text["country" + side]
        ccol, kcol = cols["city" + side], cols["country" + side]
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
    year_col = year
    if year_col is None:
        year_col = next((c for c in frame.columns if str(c).strip().lower() in _YEAR_NAMES), None)
    elif year_col not in frame.columns:
        raise CaseValidationError([Problem(f"no column {year_col!r} for the year", path="year")])
    if year_col is not None:
        yraw = frame[year_col].reset_index(drop=True)
        years, yreason = _years(yraw)
        for rsn in ("year_from_text", "year_unreadable"):
            m = (yreason == rsn).to_numpy() & alive
            report(m, rsn, str(year_col), yraw, years.astype("str").where(years.notna(), ""),
                   REPORT_REASONS[rsn][1])
    else:
        years = pd.Series(pd.NA, index=range(n), dtype="Int64")
    if kind in frame.columns:
        kinds, unknown = _kinds(frame[kind].reset_index(drop=True), "other")
        report(unknown.to_numpy() & alive, "kind_unknown", kind, frame[kind].reset_index(drop=True), "other",
               REPORT_REASONS["kind_unknown"][1])
    else:
        k_one, bad = _kinds(pd.Series([kind]), kind)
        if bool(bad.iloc[0]):
            from sistercity.model import AGREEMENT_KINDS

            raise CaseValidationError([Problem(
                f"kind {kind!r} is neither a column of the table nor an agreement kind "
                f"({', '.join(AGREEMENT_KINDS)})", path="kind")])
        kinds = pd.Series(k_one.iloc[0], index=range(n), dtype="str")

    # ---- actors: one per (country, identity key); ends in input order, side 1 before side 2
    names = np.column_stack([text["city1"].to_numpy(dtype=object), text["city2"].to_numpy(dtype=object)]).ravel()
    ccodes = np.column_stack([codes["1"], codes["2"]]).ravel()
    live = np.flatnonzero(np.repeat(alive, 2))
    end_actor = np.full(2 * n, -1, dtype=np.int64)  # actor number of each end
    nm, cc = names[live], ccodes[live]
    name_code, uniq_names = pd.factorize(nm)
    if identity == "folded":
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
            "column": np.where(where % 2 == 0, cols["city1"], cols["city2"]), "original": nm[variant],
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
        before = alive & ~np.isnan(yv) & (yv < int(since))
        report(undated, "undated", str(year_col or ""), "", "", f"no year; since={since}")
        report(before, "before_since", str(year_col or ""), years.astype("str"), "", f"before {since}")
        alive &= ~(undated | before)

    # ---- tables
    keep = np.flatnonzero(alive)
    used = np.zeros(len(a_id), dtype=bool)
    used[act1[keep]] = True
    used[act2[keep]] = True
    act = pd.DataFrame({"actor": a_id[used], "name": a_name[used], "country": a_country[used],
                        "level": "subnational", "kind": "government", "governmental": True})
    agreement = np.array([f"pair-{r}" for r in row[keep].tolist()], dtype=object)
    ysel = years.iloc[keep]
    signed = ysel.astype("str").where(ysel.notna(), None).to_numpy(dtype=object)
    agreements = pd.DataFrame({"agreement": agreement, "kind": kinds.iloc[keep].to_numpy(), "title": "",
                               "signed": signed, "start": signed, "open_sectors": False})
    parties = pd.DataFrame({"agreement": np.repeat(agreement, 2),
                            "actor": a_id[np.column_stack([act1[keep], act2[keep]]).ravel()]})
    # references are consistent by construction (the tests check them with validate=True)
    tables = CaseTables.from_frames(actors=act, agreements=agreements, agreement_parties=parties, validate=False)
    rep = (pd.concat(reports, ignore_index=True) if reports else
           pd.DataFrame({c: [] for c in REPORT_COLUMNS}))
    rep = rep.sort_values(["row"], kind="stable").reset_index(drop=True)
    rep = pd.DataFrame({
        "row": rep["row"].astype("int64"),
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
    if by == "country":
        cu, cv = e.country[e.u], e.country[e.v]
        ends = pd.Series(np.concatenate([cu, cv]))
        a = ends.value_counts(normalize=True).to_numpy(dtype="float64")
        sum_a2 = float((a * a).sum())
        e_ii = float((cu == cv).mean())
        return (e_ii - sum_a2) / (1 - sum_a2) if sum_a2 < 1 - 1e-12 else float("nan")
    raise CaseValidationError([Problem(f"by must be 'degree' or 'country', got {by!r}", path="by")])


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
