"""The pair-list reader, :func:`read_pairs`, as a sequence of named steps over whole columns (private).

Each step works on every row at once (numpy masks, :func:`pandas.factorize`
codes) and reports through a :class:`~sistercity.network._read_result.RowLog`:
the arguments, the table (a frame, or the cells of a CSV file), text, places
(cities and country codes, side by side), founding years, kinds, actors (one per
city), pairs (self pairs, duplicates, ``since``), and the tables.
"""

from __future__ import annotations

import os
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.network._read_args import (
    ROLES,
    Options,
    check_options,
    column_at,
    role_columns,
    year_column,
)
from sistercity.network._read_countries import CountryCoder
from sistercity.network._read_file import DEFAULT_MAX_BYTES, read_cells
from sistercity.network._read_result import REPORT_REASONS, PairsResult, RowLog
from sistercity.network._read_tables import pair_tables
from sistercity.network._read_text import (
    Cells,
    Coded,
    Years,
    is_text,
    keys_and_slugs,
    kinds,
    norm_text,
    years,
)
from sistercity.tables import CaseTables

Objects = npt.NDArray[np.object_]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class _Source:
    """The table read: its column labels and cells, and for a file its name, lines and malformed rows."""

    labels: list[Hashable]
    n: int
    frame: pd.DataFrame | None
    csv_columns: list[Objects] | None
    file: str | None
    lines: Ints | None
    malformed: list[tuple[int, str, str]]

    def column(self, pos: int) -> Cells:
        if self.csv_columns is not None:
            return self.csv_columns[pos]
        assert self.frame is not None
        return self.frame.iloc[:, pos].reset_index(drop=True)

    def text_only(self, pos: int) -> bool:
        return self.csv_columns is not None or is_text(self.column(pos))


@dataclass(frozen=True)
class _Layout:
    """Where the roles are: column positions and the names reported."""

    pos: dict[str, int]
    name: dict[str, str]
    year_pos: int | None
    kind_pos: int | None
    one_kind: str


@dataclass(frozen=True)
class _Actors:
    """One actor per city; the actor at each end of each row (-1 for a row dropped before)."""

    id: Objects
    name: Objects
    country: Objects
    end1: Ints
    end2: Ints


def _source(frame_or_path: pd.DataFrame | str | os.PathLike[str], opts: Options) -> _Source:
    if isinstance(frame_or_path, pd.DataFrame):
        return _Source(list(frame_or_path.columns), len(frame_or_path), frame_or_path, None, None, None, [])
    file = os.fspath(frame_or_path)
    cells = read_cells(frame_or_path, opts.max_bytes)
    n = len(cells.lines)
    return _Source(list(cells.header), n, None, cells.columns, file, cells.lines, cells.malformed)


def _layout(src: _Source, opts: Options) -> _Layout:
    pos = role_columns(src.labels, opts.wanted, src.file)
    year_pos = year_column(src.labels, opts.year, src.file)
    kind_pos = column_at(src.labels, opts.kind, "kind", src.file)
    one_kind = ""
    if kind_pos is None:
        from sistercity.model import AGREEMENT_KINDS

        accepts = f"an agreement kind ({', '.join(AGREEMENT_KINDS)}; loi, mou) or the name of a column"
        if not isinstance(opts.kind, str):
            raise ArgumentTypeError(f"kind must be {accepts}; got {type(opts.kind).__name__} {opts.kind!r}")
        k_one, bad, _ = kinds(np.array([opts.kind], dtype=object), opts.kind)
        if bool(bad[0]) or not opts.kind.strip():
            raise ArgumentError(f"kind must be {accepts}; got {opts.kind!r}, which is neither")
        one_kind = str(k_one[0])
    return _Layout(pos, {r: str(src.labels[p]) for r, p in pos.items()}, year_pos, kind_pos, one_kind)


def _malformed(src: _Source, log: RowLog) -> None:
    if src.malformed:
        rows = np.array([r for r, _, _ in src.malformed], dtype=np.int64)
        log.report_at(rows, "malformed_row", "", np.array([o for _, o, _ in src.malformed], dtype=object), "",
                      np.array([d for _, _, d in src.malformed], dtype=object))
        log.alive[rows] = False


def _text(src: _Source, lay: _Layout, log: RowLog) -> dict[str, Coded]:
    """Each role's cells as clean text, coded (the two cities over one set of values, the two countries
    over another); changed cells reported.
    """
    text: dict[str, Coded] = {}
    changed: dict[str, npt.NDArray[np.bool_]] = {}
    for pair in (("city1", "city2"), ("country1", "country2")):
        raws = [src.column(lay.pos[r]) for r in pair]
        coded, changes = norm_text(raws, all(src.text_only(lay.pos[r]) for r in pair))
        text.update(zip(pair, coded, strict=True))
        changed.update(zip(pair, changes, strict=True))
    for role in ROLES:
        rows = np.flatnonzero(changed[role] & log.alive)
        if len(rows):
            raw = src.column(lay.pos[role])
            original = raw[rows] if isinstance(raw, np.ndarray) else raw.to_numpy(dtype=object)[rows]
            log.report_at(rows, "text_normalised", lay.name[role], original, text[role].at(rows),
                          "whitespace or Unicode form normalised")
    return text


def _country_from_city(city: Coded, country: Coded, rows: Ints, coder: CountryCoder, lay: _Layout, side: str,
                       log: RowLog) -> None:
    """Rows with a city but no country: the country named in the city field ("Varna, Bulgaria"), or the
    city itself when it names a country or territory ("Falkland Islands"); else the row is dropped.
    """
    used, codes = np.unique(city.codes[rows], return_inverse=True)
    names = city.values[used]
    how = np.zeros(len(names), dtype=np.int8)  # 0 no country, 1 "city, country", 2 the city is a country
    new_city, new_country, value, detail = (np.empty(len(names), dtype=object) for _ in range(4))
    for k, c in enumerate(names.tolist()):
        head, sep, tail = c.rpartition(",")
        h, t = head.strip(), tail.strip()
        if sep and coder.code(t) is not None and h:
            how[k], new_city[k], new_country[k] = 1, h, t
            value[k], detail[k] = f"{h} / {t}", f"city {c!r} read as {h!r} in {t!r}"
        elif coder.code(c) is not None:
            how[k], new_city[k], new_country[k] = 2, c, c
            value[k], detail[k] = c, f"the city {c!r} names a country or territory; read as its country"
        else:
            detail[k] = f"no country for {c!r}"
    found = how[codes] > 0
    at, which = rows[found], codes[found]
    log.report_at(at, "country_from_city", lay.name["city" + side], names[which], value[which], detail[which])
    city.set(at, new_city[which])
    country.set(at, new_country[which])
    lost = rows[~found]
    log.report_at(lost, "missing_country", lay.name["country" + side], "", "", detail[codes[~found]])
    log.alive[lost] = False


def _places(text: dict[str, Coded], lay: _Layout, coder: CountryCoder,
            log: RowLog) -> tuple[dict[str, Ints], Objects]:
    """Cities and countries, side 1 then side 2: missing ones reported, countries coded (per distinct name).

    Returns the country of each row's side as a number (``-1`` where the row is dropped) and the
    codes those numbers stand for.
    """
    numbers: dict[str, int] = {}
    ids: dict[str, Ints] = {}
    for side in ("1", "2"):
        city, country = text["city" + side], text["country" + side]
        kcol = lay.name["country" + side]
        no_city = city.missing
        log.report(no_city & log.alive, "missing_city", lay.name["city" + side], "", "", "no city")
        log.drop(no_city)
        no_country = country.missing & log.alive
        if no_country.any():
            _country_from_city(city, country, np.flatnonzero(no_country), coder, lay, side, log)
        code_u, reason_u, detail_u = coder.code_many(country.values)
        id_u = np.array([-1 if c is None else numbers.setdefault(c, len(numbers)) for c in code_u.tolist()]
                        + [-1], dtype=np.int64)
        row_id = id_u[country.codes]
        reason_names = sorted(set(reason_u.tolist()) - {""})
        reason_code = np.append(np.array([reason_names.index(r) if r else -1 for r in reason_u.tolist()],
                                         dtype=np.int64), -1)[country.codes]
        flagged = np.flatnonzero((reason_code >= 0) & log.alive)  # one pass over the rows, then by reason
        flagged = flagged[np.argsort(reason_code[flagged], kind="stable")]
        bounds = np.searchsorted(reason_code[flagged], np.arange(len(reason_names) + 1))
        for k, rsn in enumerate(reason_names):
            rows = flagged[bounds[k]:bounds[k + 1]]
            at = country.codes[rows]
            log.report_at(rows, rsn, kcol, country.values[at], np.where(pd.notna(code_u[at]), code_u[at], ""),
                          detail_u[at])
        log.drop(row_id < 0)
        ids[side] = row_id
    return ids, np.array(list(numbers), dtype=object)


def _founding(src: _Source, lay: _Layout, log: RowLog) -> tuple[Years, str]:
    """Founding years, and the year column's name (``""``: none); unreadable years reported."""
    if lay.year_pos is None:
        return Years.none(src.n), ""
    name = str(src.labels[lay.year_pos])
    raw = src.column(lay.year_pos)
    found = years(raw)
    for rsn in ("year_from_text", "year_unreadable"):
        rows = np.flatnonzero((found.reason == rsn) & log.alive)
        if len(rows):
            original = raw[rows] if isinstance(raw, np.ndarray) else raw.to_numpy(dtype=object)[rows]
            shown = found.text_at(rows)
            log.report_at(rows, rsn, name, original, np.where(pd.notna(shown), shown, ""), REPORT_REASONS[rsn][1])
    return found, name


def _kinds(src: _Source, lay: _Layout, log: RowLog) -> Objects | str:
    """The kind of each row's agreement: one for all, or from the kind column (reported when coded)."""
    if lay.kind_pos is None:
        return lay.one_kind
    raw = src.column(lay.kind_pos)
    name = str(src.labels[lay.kind_pos])
    kind, unknown, missing = kinds(raw, "other")
    log.report(unknown & log.alive, "kind_unknown", name, raw, "other", REPORT_REASONS["kind_unknown"][1])
    log.report(missing & log.alive, "kind_missing", name, "", "other", REPORT_REASONS["kind_missing"][1])
    return kind


def _first_seen(labels: Ints) -> Ints:
    """Positions where each label of a :func:`pandas.factorize` result (numbered in order of appearance)
    first appears: where it exceeds every label before it.
    """
    if not len(labels):
        return np.array([], dtype=np.int64)
    top = np.maximum.accumulate(labels)
    return np.flatnonzero(np.concatenate([[True], top[1:] > top[:-1]]))


def _nth(labels: Ints) -> Ints:
    """How many earlier elements have the same label (0 for the first), for labels numbered in order of
    appearance; the repeats are few (ids that need a suffix), so they are counted one by one.
    """
    nth = np.zeros(len(labels), dtype=np.int64)
    repeat = np.ones(len(labels), dtype=bool)
    repeat[_first_seen(labels)] = False
    seen: dict[int, int] = {}
    for i, label in zip(np.flatnonzero(repeat).tolist(), labels[repeat].tolist(), strict=True):
        nth[i] = seen[label] = seen.get(label, 0) + 1
    return nth


def _actors(text: dict[str, Coded], countries: tuple[dict[str, Ints], Objects], lay: _Layout,
            identity: Literal["folded", "exact"], log: RowLog) -> _Actors:
    """One actor per (country, identity key of the name), numbered in input order, side 1 before side 2;
    its id ``{country}:{slug}`` (suffixed ``-2``, ``-3`` when two cities share a slug), its name the first
    spelling met. Later spellings (``name_variant``) and suffixed ids (``id_disambiguated``) reported.
    """
    n = log.n
    c1, c2 = text["city1"], text["city2"]
    ascii_ = None
    if c1.pool is c2.pool:  # one set of distinct names, the usual case
        names, code1, code2, ascii_ = c1.values, c1.codes, c2.codes, c1.pool.ascii
    else:  # the columns were read apart: one code per distinct name (factorize the texts, not the rows)
        name_of_value, names = pd.factorize(np.concatenate([c1.values, c2.values]))
        code1 = name_of_value[np.maximum(c1.codes, 0)]
        code2 = name_of_value[len(c1.values) + np.maximum(c2.codes, 0)]
    ids, country_names = countries
    ends = np.column_stack([code1, code2]).ravel()
    live = np.flatnonzero(np.repeat(log.alive, 2))
    name_code = ends[live]
    country_code = np.column_stack([ids["1"], ids["2"]]).ravel()[live]
    keys, name_slugs = keys_and_slugs(np.asarray(names, dtype=object), identity == "folded", ascii_)
    key_code = name_code if keys is None else \
        np.asarray(pd.factorize(np.array(keys, dtype=object))[0], dtype=np.int64)[name_code]
    ident, _ = pd.factorize(country_code * (int(key_code.max(initial=0)) + 1) + key_code)
    first = _first_seen(ident)  # the first end of each actor (numbered in order of appearance)
    end_actor = np.full(2 * n, -1, dtype=np.int64)
    end_actor[live] = ident
    a_name = names[name_code[first]]
    a_country = country_names[country_code[first]]
    prefix = np.array([f"{c}:" for c in country_names.tolist()], dtype=object)  # one per country
    a_slug = prefix[country_code[first]] + np.array(name_slugs, dtype=object)[name_code[first]]
    nth = _nth(pd.factorize(a_slug)[0])
    suffixed = nth > 0
    a_id = a_slug.copy()
    a_id[suffixed] = a_slug[suffixed] + "-" + (nth[suffixed] + 1).astype(str).astype(object)
    log.report_at(live[first[suffixed]] // 2, "id_disambiguated", "", a_name[suffixed], a_id[suffixed],
                  np.array([f"another city's name already folds to {x!r}; suffixed" for x in a_slug[suffixed]],
                           dtype=object))
    variant = name_code != name_code[first][ident]
    where = live[variant]
    canon, canon_id = a_name[ident[variant]], a_id[ident[variant]]
    log.report_at(where // 2, "name_variant", np.where(where % 2 == 0, lay.name["city1"], lay.name["city2"]),
                  names[name_code[variant]], canon,
                  np.array([f"taken as {c!r} ({i}): the names differ only in case, spaces, punctuation "
                            "or Romanian s/t-comma vs cedilla" for c, i in zip(canon, canon_id, strict=True)],
                           dtype=object))
    return _Actors(a_id, a_name, a_country, end_actor[0::2], end_actor[1::2])


def _pairs(act: _Actors, year: Years, year_name: str, since: int | None, log: RowLog) -> None:
    """Drop (and report) self pairs, the same pair again in either direction, and pairs before ``since``."""
    a1, a2 = act.end1, act.end2
    selfp = np.flatnonzero(log.alive & (a1 == a2))
    log.report_at(selfp, "self_pair", "", act.id[a1[selfp]], "", "both sides are the same city")
    log.alive[selfp] = False
    lo, hi = np.minimum(a1, a2), np.maximum(a1, a2)
    pair = np.where(log.alive, lo * (len(act.id) + 1) + hi, -1)
    pair_code, _ = pd.factorize(pair)
    first_row = _first_seen(pair_code)  # the row where each pair first appears
    dup = np.flatnonzero(log.alive & (first_row[pair_code] != np.arange(log.n)))
    log.report_at(dup, "duplicate_pair", "",
                  np.array([f"{act.id[x]} – {act.id[y]}" for x, y in zip(lo[dup], hi[dup], strict=True)],
                           dtype=object), "",
                  np.array([f"the same pair as row {r}" for r in first_row[pair_code[dup]].tolist()], dtype=object))
    log.alive[dup] = False
    if since is not None:
        yv = year.year.to_numpy(dtype="float64", na_value=np.nan)
        undated = log.alive & np.isnan(yv)
        before = np.flatnonzero(log.alive & ~np.isnan(yv) & (yv < since))
        log.report(undated, "undated", year_name, "", "", f"no year; since={since}")
        log.report_at(before, "before_since", year_name, year.text_at(before), "", f"before {since}")
        log.drop(undated)
        log.alive[before] = False


def _tables(act: _Actors, kind: Objects | str, year: Years, alive: npt.NDArray[np.bool_]) -> CaseTables:
    """The tables of the rows kept: the actors they use, one agreement ``pair-{row}`` per row."""
    keep = np.flatnonzero(alive)
    a1, a2 = act.end1[keep], act.end2[keep]
    used = np.zeros(len(act.id), dtype=bool)
    used[a1] = True
    used[a2] = True
    agreement = np.array([f"pair-{r}" for r in keep.tolist()], dtype=object)
    # references are consistent by construction (the tests check them with validate=True)
    position = np.cumsum(used) - 1  # of each actor among those used
    return pair_tables(act.id[used], act.name[used], act.country[used], agreement,
                       kind if isinstance(kind, str) else kind[keep], (year.codes[keep], year.text),
                       position[np.column_stack([a1, a2]).ravel()])


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
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> PairsResult:
    """Read a pair list (city, country, city, country per row) into a partnership network.

    Parameters
    ----------
    frame_or_path : DataFrame, str or path-like
        The list, or a UTF-8 CSV file of it (a header line first; only empty cells
        are missing; blank lines skipped; a line with more or fewer fields than the
        header, or not valid CSV, is dropped as ``malformed_row`` with its line).
    columns : sequence of 4 column names, or mapping, optional
        The columns of ``city1, country1, city2, country2``: 4 labels in that order
        or a mapping from those roles (``[0, 1, 2, 3]`` for a frame read with
        ``header=None``; ``"0"`` finds the column ``0`` too). Default: so named.
    kind : str
        The agreement kind of every pair (:data:`~sistercity.AGREEMENT_KINDS`;
        ``loi``, ``mou`` accepted), or a column of kinds (an unknown or missing one
        becomes ``other``, reported as ``kind_unknown`` or ``kind_missing``).
    since : int, optional
        Keep pairs founded in or after this year (1 … 9999); drop the others.
    year : str, optional
        The column of founding years (``1962``, ``"0956"``, ``"since 1962"``);
        default: one named ``year``, ``since``, ``founded``, ``start`` or
        ``established``. Years 1 … 9999 are kept as four digits; a cell with no
        such year (``"0000"``, ``"unknown"``) keeps the pair undated, reported
        as ``year_unreadable``.
    country_codes : mapping, optional
        Country names to ISO 3166-1 alpha-2 codes, before the table (:func:`country_codes`).
    identity : {"folded", "exact"}
        Two city names in one country are one city when equal once case, spaces,
        punctuation and the Romanian s/t cedilla/comma below are folded
        (``"Chişinău"``, ``"Chișinău"``; the later reported as ``name_variant``),
        or only when written alike (``"exact"``).
    case_id, title : str
        Of the case (an id as :class:`~sistercity.Case` takes; a non-empty title).
    max_bytes : int
        The largest file read (default 256 MiB); a larger one, or anything but a
        regular file (a FIFO, ``/dev/zero``), is refused before it is read.

    Returns
    -------
    PairsResult
        ``.tables`` (the network), ``.report`` (every row dropped or mended),
        ``.case`` (a validated :class:`~sistercity.Case`, built when first used).

    Raises
    ------
    sistercity.ArgumentTypeError
        An argument of the wrong type (``frame_or_path=42``, ``columns=5``, ``max_bytes=1.5``).
    sistercity.ArgumentError
        A value not accepted: a column the table lacks or one named twice; ``kind``
        neither a column nor a kind; ``identity``, ``since``, ``case_id``, ``max_bytes=0``.
    sistercity.CaseValidationError
        Data that cannot be read: the file missing, not a regular file, over
        ``max_bytes``, empty, binary, not UTF-8 or with a quote never closed (the
        problem names the file and line); no columns ``city1`` … (with ``columns=None``)
        or two of the name asked for.

    See Also
    --------
    country_codes : the country names the reader knows.
    PairsResult.summary : the report counted by reason.

    Notes
    -----
    Each distinct text, country, year and name is worked out once, pairs are
    compared as integer codes: a million rows read in seconds (``benchmarks/``).

    Examples
    --------
    >>> import pandas as pd
    >>> from sistercity import network
    >>> rows = pd.DataFrame({
    ...     "city1": ["Bogor", "Bogor", "St. Louis", "Nanning", "Varna"],
    ...     "country1": ["Indonesia", "Indonesia", "United States", "China", "Bulgaria"],
    ...     "city2": ["Nanning", "St. Louis", "Bogor", "Nanning", "Coventry"],
    ...     "country2": ["China", "United States", "Indonesia", "China", "England"]})
    >>> res = network.read_pairs(rows)
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
    >>> network.read_pairs(bare, columns=[0, 1, 2, 3]).kept
    1
    """
    opts = check_options(frame_or_path, columns, kind, since, year, country_codes, identity, case_id, title,
                         max_bytes)
    src = _source(frame_or_path, opts)
    lay = _layout(src, opts)
    log = RowLog(src.n)
    _malformed(src, log)
    text = _text(src, lay, log)
    codes = _places(text, lay, CountryCoder(opts.user_codes), log)
    year, year_name = _founding(src, lay, log)
    kind_values = _kinds(src, lay, log)
    act = _actors(text, codes, lay, opts.identity, log)
    _pairs(act, year, year_name, opts.since, log)
    tables = _tables(act, kind_values, year, log.alive)
    return PairsResult(tables=tables, report=log.frame(src.lines), rows=src.n, case_id=opts.case_id,
                       title=opts.title)
