"""Cell values of a pair list: text, city names, years and kinds, each worked out once per distinct value (private).

Every function here factorizes a column (:func:`pandas.factorize`, vectorised),
computes on the distinct values, and spreads the result back over the rows
with the integer codes, so that a million rows with a hundred thousand
distinct names cost a hundred thousand string operations, not a million.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity.network._read_countries import TRANSLIT

Cells = pd.Series | npt.NDArray[np.object_]
"""A column of cells: a Series of a frame, or the object array of a CSV column (``None`` missing)."""

_SLUG_RE = re.compile(r"[^a-z0-9]+")
_FOLD_EXTRA = str.maketrans({"ş": "ș", "ţ": "ț"})  # Romanian: cedilla written for comma below
_NON_WORD_RE = re.compile(r"[\W_]+")
_KIND_ALIASES = {"loi": "letter_of_intent", "mou": "memorandum_of_understanding"}  # as a case file reads them


_NONE = np.array(None, dtype=object)


def with_none(values: npt.NDArray[np.object_]) -> npt.NDArray[np.object_]:
    """``values`` and ``None`` after them, so that code ``-1`` picks ``None``."""
    return np.concatenate([values, np.array([None], dtype=object)])


def is_none(values: npt.NDArray[np.object_]) -> npt.NDArray[np.bool_]:
    """Where an object array holds ``None``."""
    return np.asarray(np.equal(values, _NONE), dtype=bool)


def is_missing(x: object) -> bool:
    """Whether a cell holds no value (``None``, ``pd.NA``, ``NaT``, NaN)."""
    return x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float | np.floating) and bool(np.isnan(x)))


def factorize_cells(values: Cells) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.object_]]:
    """Integer codes (missing: -1) and distinct values of a column; unhashable cells (a list) as their text."""
    arr = values if isinstance(values, np.ndarray) else values.to_numpy(dtype=object)
    try:
        codes, uniq = pd.factorize(arr, use_na_sentinel=True)
    except TypeError:
        arr = np.array([x if is_missing(x) else str(x) for x in arr], dtype=object)
        codes, uniq = pd.factorize(arr, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.intp), np.asarray(uniq, dtype=object)


def is_text(values: Cells) -> bool:
    """Whether every cell is a ``str`` or missing (then a cell's text is the cell itself)."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.StringDtype):
        return True
    arr = values if isinstance(values, np.ndarray) else values.to_numpy(dtype=object)
    return pd.api.types.infer_dtype(arr, skipna=True) in ("string", "empty")


def clean_text(text: str) -> str | None:
    """NFC, single spaces, stripped; empty becomes ``None``."""
    return " ".join((text if text.isascii() else unicodedata.normalize("NFC", text)).split()) or None


class Pool:
    """Distinct texts, shared by the coded columns built together (the two city columns)."""

    def __init__(self, values: npt.NDArray[np.object_], ascii_: npt.NDArray[np.bool_] | None = None) -> None:
        self.values = values
        self.ascii = ascii_  # which values are ASCII, when known

    def codes_of(self, texts: npt.NDArray[np.object_]) -> npt.NDArray[np.intp]:
        """Codes of ``texts`` (not missing), adding those not in the pool yet."""
        codes, found = pd.factorize(texts)
        uniq = np.asarray(found, dtype=object)
        at = np.full(len(uniq), -1, dtype=np.intp)
        if len(uniq) <= 32:  # a few texts: compare each with the pool (no hash table of the whole pool)
            for k, text in enumerate(uniq.tolist()):
                hit = np.flatnonzero(self.values == text)
                at[k] = hit[0] if len(hit) else -1
        else:
            which = np.asarray(pd.Index(uniq).get_indexer(self.values), dtype=np.intp)
            known = np.flatnonzero(which >= 0)
            at[which[known]] = known
        new = at < 0
        at[new] = len(self.values) + np.arange(int(new.sum()))
        self.values = np.concatenate([self.values, uniq[new]])
        if self.ascii is not None:
            self.ascii = np.concatenate([self.ascii, _ascii_mask(uniq[new].tolist())])
        return np.asarray(at[codes], dtype=np.intp)


class Coded:
    """A column of text as integer codes into a :class:`Pool` of distinct clean texts (``-1``: missing)."""

    def __init__(self, codes: npt.NDArray[np.intp], pool: Pool) -> None:
        self.codes = codes
        self.pool = pool

    @property
    def values(self) -> npt.NDArray[np.object_]:
        """The distinct texts the codes point into."""
        return self.pool.values

    @property
    def missing(self) -> npt.NDArray[np.bool_]:
        """Rows with no text."""
        return np.asarray(self.codes < 0)

    def at(self, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.object_]:
        """The texts of ``rows`` (``None`` where missing)."""
        return with_none(self.values)[self.codes[rows]]

    def set(self, rows: npt.NDArray[np.intp], texts: npt.NDArray[np.object_]) -> None:
        """Give ``rows`` the texts ``texts`` (one per row, not missing)."""
        self.codes[rows] = self.pool.codes_of(texts)


def norm_text(columns: list[Cells], text_only: bool) -> tuple[list[Coded], list[npt.NDArray[np.bool_]]]:
    """Columns of cells as clean text, coded over one set of values, and per row whether the text changed.

    A cell that is not text (a number, a list) is read as its ``str``;
    ``text_only`` says every cell is a ``str`` or missing (:func:`is_text`), which
    lets the change be found once per distinct value. Columns that share values
    (the two city columns) are factorized together, so each distinct text is
    cleaned once.
    """
    if not text_only and len(columns) > 1:  # each column on its own: equal cells of other types differ in text
        done = [norm_text([c], False) for c in columns]
        return [d[0][0] for d in done], [d[1][0] for d in done]
    arrays = [c if isinstance(c, np.ndarray) else c.to_numpy(dtype=object) for c in columns]
    codes, uniq = factorize_cells(np.concatenate(arrays) if len(arrays) > 1 else arrays[0])
    texts = uniq if text_only else np.array([str(u) for u in uniq], dtype=object)
    cleaned, ascii_ = clean_texts(texts)
    empty = is_none(cleaned)
    same = np.asarray(cleaned == texts, dtype=bool)
    if (same | empty).all():  # nothing but empty texts changed: the distinct texts are the clean ones
        value_code = np.where(empty, -1, np.cumsum(~empty) - 1)
        values, values_ascii = texts[~empty], ascii_[~empty]
    else:
        value_code, distinct = pd.factorize(cleaned, use_na_sentinel=True)
        values, values_ascii = np.asarray(distinct, dtype=object), None
    all_codes = np.append(np.asarray(value_code, dtype=np.intp), -1)[codes]
    pool = Pool(values, values_ascii)
    bounds = np.cumsum([0] + [len(a) for a in arrays])
    coded = [Coded(all_codes[lo:hi], pool) for lo, hi in itertools.pairwise(bounds)]
    if text_only:
        changed = np.append(~same & ~empty, False)[codes]
        return coded, [changed[lo:hi] for lo, hi in itertools.pairwise(bounds)]
    changes = []
    for col, c in zip(columns, coded, strict=True):
        raw = col if isinstance(col, pd.Series) else pd.Series(col, dtype=object)
        raw = raw.reset_index(drop=True)
        new = pd.Series(with_none(values)[c.codes], dtype="str")
        changes.append((raw.notna() & new.notna() & (raw.astype("str") != new)).to_numpy(dtype=bool))
    return coded, changes


_SEP = "\x00"  # joins many names into one string for C-level string methods; never in a name read from a file
_ASCII_PUNCT = [chr(c) for c in range(128) if not chr(c).isalnum() and chr(c) != _SEP]
_TO_SPACE = str.maketrans(dict.fromkeys(_ASCII_PUNCT, " "))
_DROP = str.maketrans(dict.fromkeys(_ASCII_PUNCT))
_NON_WORD_KEEP_SEP = re.compile(r"(?:[^\w\x00]|_)+")


def slug(name: str) -> str:
    """ASCII id part of a city name: ``"Gödöllő"`` -> ``"godollo"``, ``"St. Louis"`` -> ``"st-louis"``.

    Runs of characters other than ``a-z0-9`` become one ``-`` (none at the ends),
    at most 150 characters; a name with no such character gets ``x`` and a hash.
    """
    if name.isascii():
        t = name
    else:
        t = unicodedata.normalize("NFKD", name.translate(TRANSLIT)).encode("ascii", "ignore").decode("ascii")
    t = _SLUG_RE.sub("-", t.lower()).strip("-")[:150]
    return t or "x" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def identity_key(name: str) -> str:
    """When two city names are one city: case, spaces, punctuation and ş/ș, ţ/ț do not count."""
    if name.isascii():
        return _NON_WORD_RE.sub("", name.lower())
    return _NON_WORD_RE.sub("", unicodedata.normalize("NFC", name).casefold().translate(_FOLD_EXTRA))


def _replace_each(text: str, table: dict[int, str]) -> str:
    """``text.translate(table)`` for a table of a few characters: one C-level ``replace`` per character
    present (``translate`` looks every character of a long non-ASCII text up in the table).
    """
    for code, to in table.items():
        ch = chr(code)
        if ch in text:
            text = text.replace(ch, to)
    return text


def _joined(texts: list[str]) -> str | None:
    """The texts joined by the separator, or ``None`` if one of them holds it."""
    j = _SEP.join(texts)
    return j if j.count(_SEP) == max(len(texts) - 1, 0) else None


def _ascii_mask(names: list[str]) -> npt.NDArray[np.bool_]:
    return np.fromiter(map(str.isascii, names), dtype=bool, count=len(names))


_OTHER_ASCII_SPACE = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"


def clean_texts(texts: npt.NDArray[np.object_]) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.bool_]]:
    """:func:`clean_text` of each text, and which texts are ASCII; the ASCII ones are checked at once,
    joined, and left as they are when none has a space to remove (the usual case).
    """
    out = texts.copy()
    ascii_ = _ascii_mask(texts.tolist())
    plain = _joined(out[ascii_].tolist())
    if plain is None or "  " in plain or plain[:1] == " " or plain[-1:] == " " or _SEP + " " in plain \
            or " " + _SEP in plain or any(c in plain for c in _OTHER_ASCII_SPACE):
        out[ascii_] = [clean_text(t) for t in out[ascii_].tolist()]
    else:
        out[ascii_ & (out == "")] = None
    if not ascii_.all():
        others = out[~ascii_].tolist()
        joined = _joined(others)
        composed = None if joined is None else unicodedata.normalize("NFC", joined)
        if composed is not None and " ".join(composed.split()) == composed and _SEP + " " not in composed \
                and " " + _SEP not in composed:  # composed at once; no space to remove
            out[~ascii_] = composed.split(_SEP)
        else:
            out[~ascii_] = [clean_text(t) for t in others]
    return out, ascii_


def keys_and_slugs(names: npt.NDArray[np.object_], with_keys: bool,
                   ascii_: npt.NDArray[np.bool_] | None = None) -> tuple[list[str] | None, list[str]]:
    """:func:`identity_key` (if ``with_keys``) and :func:`slug` of each name (``ascii_``: which names are
    ASCII, if known), worked out on all the names joined into one string (C-level ``lower``, ``translate``,
    ``split``, Unicode normalisation), the ASCII names apart from the others; equal to the functions
    applied one name at a time (the tests check it).
    """
    if ascii_ is None:
        ascii_ = _ascii_mask(names.tolist())
    plain, other = _joined(names[ascii_].tolist()), _joined(names[~ascii_].tolist())
    if plain is None or other is None or not len(names):
        listed = names.tolist()
        return ([identity_key(n) for n in listed] if with_keys else None), [slug(n) for n in listed]
    n_plain = int(ascii_.sum())
    low = plain.lower()
    keys: list[str] | None = None
    if with_keys:
        key_arr = np.empty(len(names), dtype=object)
        if n_plain:
            key_arr[ascii_] = low.translate(_DROP).split(_SEP)
        if n_plain < len(names):
            folded = _replace_each(unicodedata.normalize("NFC", other).casefold(), _FOLD_EXTRA)
            for ch in [c for c in _ASCII_PUNCT if c in folded]:  # most punctuation is ASCII: drop it in C
                folded = folded.replace(ch, "")
            key_arr[~ascii_] = _NON_WORD_KEEP_SEP.sub("", folded).split(_SEP)
        keys = key_arr.tolist()
    pieces = [low] if n_plain else []
    if n_plain < len(names):
        decomposed = unicodedata.normalize("NFKD", _replace_each(other, TRANSLIT))
        pieces.append(decomposed.encode("ascii", "ignore").decode("ascii").lower())
    j = _SEP.join(pieces).translate(_TO_SPACE)  # now only letters, digits, spaces and separators
    while "  " in j:  # runs of spaces as one (a few passes of C-level replace, no list of words)
        j = j.replace("    ", " ").replace("  ", " ")
    j = j.replace(_SEP + " ", _SEP).replace(" " + _SEP, _SEP).strip(" ").replace(" ", "-")
    parts = j.split(_SEP)
    if len(max(parts, key=len)) > 150:
        parts = [p[:150] for p in parts]
    slug_arr = np.empty(len(names), dtype=object)
    slug_arr[ascii_] = parts[:n_plain]
    slug_arr[~ascii_] = parts[n_plain:]
    slugs: list[str] = slug_arr.tolist()
    if not all(slugs):
        for i in [i for i, p in enumerate(slugs) if not p]:
            slugs[i] = slug(str(names[i]))
    return keys, slugs


# --------------------------------------------------------------------------- years


def _years_of(values: pd.Series) -> tuple[pd.Series, npt.NDArray[np.object_]]:
    """Years (Int64) and reasons (``""``, ``year_from_text``, ``year_unreadable``) of distinct cells."""
    clean = np.array([None if is_missing(v) else clean_text(str(v)) for v in values], dtype=object)
    present = pd.notna(clean)
    text = pd.Series(np.where(present, clean, ""), dtype="str")
    plain = text.str.fullmatch(r"\d{1,4}(?:\.0+)?").fillna(False).astype(bool)
    number = text.str.extract(r"^(\d{1,4})", expand=False).where(plain)
    number = number.fillna(text.str.extract(r"(?<!\d)(\d{4})(?!\d)", expand=False))
    year = pd.to_numeric(number, errors="coerce").astype("Int64")
    ok = (year.notna() & (year >= 1) & (year <= 9999)).to_numpy(dtype=bool, na_value=False)
    year = year.where(ok)
    reason = np.full(len(values), "", dtype=object)
    reason[present & ok & ~plain.to_numpy()] = "year_from_text"
    reason[present & ~ok] = "year_unreadable"
    return year, reason


@dataclass(frozen=True)
class Years:
    """Founding years per row: ``year`` (Int64), and the year as text (``"0956"``) by codes into ``text``."""

    year: pd.Series
    codes: npt.NDArray[np.intp]  # per row, into text (-1: no cell)
    text: npt.NDArray[np.object_]  # per distinct cell: its year as 4 digits, None without one
    reason: npt.NDArray[np.object_]  # per row: "", "year_from_text" or "year_unreadable"

    def text_at(self, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.object_]:
        """The year texts of ``rows`` (``None``: no year)."""
        return with_none(self.text)[self.codes[rows]]

    @classmethod
    def none(cls, n: int) -> Years:
        """No year column: every row undated."""
        return cls(pd.Series(pd.NA, index=range(n), dtype="Int64"), np.full(n, -1, dtype=np.intp),
                   np.array([], dtype=object), np.full(n, "", dtype=object))


def years(values: Cells) -> Years:
    """Founding years of a column of cells, worked out once per distinct cell.

    A cell that is a whole number (``956``, ``"0956"``, ``1962.0``) is that year; other text gives the
    first four-digit number in it (``"since 1962"``, reason ``year_from_text``). Years are 1 … 9999;
    a cell with none (``0000``, ``unknown``) has reason ``year_unreadable``; a missing cell none.
    """
    codes, uniq = factorize_cells(values)
    year_u, reason_u = _years_of(pd.Series(uniq, dtype=object))
    text_u = year_u.astype("str").str.zfill(4).to_numpy(dtype=object)
    text_u = np.where(year_u.notna().to_numpy(), text_u, _NONE)
    year = pd.Series(year_u.array.take(codes, allow_fill=True), dtype="Int64")
    return Years(year, codes, text_u, np.append(reason_u, "")[codes])


# --------------------------------------------------------------------------- kinds


def agreement_kinds() -> tuple[str, ...]:
    """The agreement kinds of the model."""
    from typing import get_args

    from sistercity.model import AgreementKind

    return tuple(get_args(AgreementKind))


def kinds(values: Cells, default: str) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Agreement kinds per row (``loi``, ``mou`` and spelling variants accepted), whether the value was
    unknown (coded ``other``) and whether it was missing (coded ``default``).
    """
    from sistercity.vocab import normalize_term

    allowed = set(agreement_kinds())
    codes, uniq = factorize_cells(values)
    kind_u: list[Any] = []
    bad_u: list[bool] = []
    missing_u: list[bool] = []
    for u in uniq:
        text = clean_text(str(u))
        if text is None:
            kind_u.append(default)
            bad_u.append(False)
            missing_u.append(True)
            continue
        term = normalize_term(text)
        folded = _KIND_ALIASES.get(term, term)
        kind_u.append(folded if folded in allowed else "other")
        bad_u.append(folded not in allowed)
        missing_u.append(False)
    return (np.array([*kind_u, default], dtype=object)[codes], np.array([*bad_u, False], dtype=bool)[codes],
            np.array([*missing_u, True], dtype=bool)[codes])
