"""The arguments of :func:`~sistercity.network.read_pairs`, checked before any file is read (private)."""

from __future__ import annotations

import os
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, cast

import numpy as np
import pandas as pd

from sistercity._args import choice, positive_int
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError, Problem

ROLES = ("city1", "country1", "city2", "country2")
YEAR_NAMES = ("year", "since", "founded", "start", "established")


@dataclass(frozen=True)
class Options:
    """The checked arguments."""

    wanted: dict[str, Hashable] | None  # the column label of each role (None: the default names)
    kind: Hashable
    since: int | None
    year: Hashable | None
    user_codes: dict[str, str]
    identity: Literal["folded", "exact"]
    case_id: str
    title: str
    max_bytes: int


def hashable(value: object) -> bool:
    """Whether ``value`` can be a column label."""
    try:
        hash(value)
    except TypeError:
        return False
    return True


def check_options(frame_or_path: object, columns: object, kind: object, since: object, year: object,
                  country_codes: object, identity: object, case_id: object, title: object,
                  max_bytes: object) -> Options:
    """Every argument of ``read_pairs`` checked, or the first one wrong as an ArgumentError/ArgumentTypeError."""
    if not isinstance(frame_or_path, pd.DataFrame | str | os.PathLike):
        raise ArgumentTypeError(f"frame_or_path must be a DataFrame or the path of a CSV file (str or "
                                f"os.PathLike); got {type(frame_or_path).__name__}")
    wanted = wanted_columns(columns)
    ident = cast(Literal["folded", "exact"], choice("identity", identity, ("folded", "exact")))
    year_from = check_since(since)
    user = user_codes(country_codes)
    cid, ttl = case_fields(case_id, title)
    if not hashable(kind):
        raise ArgumentTypeError(f"kind must be an agreement kind or the name of a column; got {kind!r}")
    if year is not None and not hashable(year):
        raise ArgumentTypeError(f"year must be the name of a column or None; got {year!r}")
    limit = positive_int("max_bytes", max_bytes)
    return Options(wanted, kind, year_from, year, user, ident, cid, ttl, limit)


def _same_label(a: object, b: object) -> bool:
    if type(a) is not type(b):
        return False
    try:
        return bool(a == b)
    except (TypeError, ValueError):  # labels whose == is not a truth value
        return False


def column_names(labels: Sequence[Hashable]) -> str:
    """The labels of a table, for a message (the first 20)."""
    names = [str(c) for c in labels]
    if not names:
        return "no columns"
    return ", ".join(names[:20]) + (f" … ({len(names)} columns)" if len(names) > 20 else "")


def column_at(labels: Sequence[Hashable], label: Hashable, name: str, file: str | None) -> int | None:
    """Position of the column ``label`` (an equal label, else one written alike: ``0`` and ``"0"``)."""
    hits = [i for i, c in enumerate(labels) if _same_label(c, label)]
    if not hits:
        hits = [i for i, c in enumerate(labels) if str(c) == str(label)]
    if len(hits) > 1:
        raise CaseValidationError([Problem(
            f"the table has {len(hits)} columns named {str(label)!r}; give them distinct names", path=name,
            file=file)])
    return hits[0] if hits else None


def wanted_columns(columns: object) -> dict[str, Hashable] | None:
    """The column label asked for each role (``None``: the default names); checks only the argument."""
    if columns is None:
        return None
    accepts = ("4 column names (city1, country1, city2, country2, in that order) or a mapping from those "
               "roles to column names")
    wanted: dict[str, Hashable]
    if isinstance(columns, Mapping):
        unknown = [k for k in columns if not (isinstance(k, str) and k in ROLES)]
        if unknown:
            raise ArgumentError(f"columns has unknown role(s) {', '.join(map(repr, unknown))}; expected {accepts}")
        missing = [r for r in ROLES if r not in columns]
        if missing:
            raise ArgumentError(f"columns does not say which column is {', '.join(missing)}; expected {accepts}")
        wanted = {r: columns[r] for r in ROLES}
    elif isinstance(columns, Sequence | np.ndarray | pd.Index) and not isinstance(columns, str | bytes):
        seq = list(columns)
        if len(seq) != 4:
            raise ArgumentError(f"columns must name 4 columns (city1, country1, city2, country2); got {len(seq)}: "
                                f"{seq!r}")
        wanted = dict(zip(ROLES, seq, strict=True))
    else:
        raise ArgumentTypeError(f"columns must be {accepts}; got {type(columns).__name__} {columns!r}")
    for role, label in wanted.items():
        if not hashable(label):
            raise ArgumentTypeError(f"columns: the column for {role} must be a column name; got {label!r}")
    return wanted


def role_columns(labels: Sequence[Hashable], wanted: dict[str, Hashable] | None, file: str | None) -> dict[str, int]:
    """Position of the column of each role."""
    if wanted is None:
        found = {r: p for r in ROLES if (p := column_at(labels, r, "columns", file)) is not None}
        if len(found) < 4:
            missing = [r for r in ROLES if r not in found]
            raise CaseValidationError([Problem(
                f"cannot find the column(s) {', '.join(missing)}; the table has {column_names(labels)}. "
                "Pass columns=('city1', 'country1', 'city2', 'country2') with your column names (column "
                "numbers for a table read without a header), or a mapping {'city1': ..., 'country1': ..., "
                "'city2': ..., 'country2': ...}" + (" (the first line of the file is read as its header)"
                                                    if file is not None else ""), path="columns", file=file)])
        return found
    pos: dict[str, int] = {}
    absent: list[Hashable] = []
    for role, label in wanted.items():
        p = column_at(labels, label, "columns", file)
        if p is None:
            absent.append(label)
        else:
            pos[role] = p
    if absent:
        raise ArgumentError(f"columns names {', '.join(map(repr, absent))}: no column of that name in the table; "
                            f"it has {column_names(labels)}")
    by_pos: dict[int, list[str]] = {}
    for role, p in pos.items():
        by_pos.setdefault(p, []).append(role)
    twice = [(p, roles) for p, roles in by_pos.items() if len(roles) > 1]
    if twice:
        p, roles = twice[0]
        raise ArgumentError(f"columns names the column {str(labels[p])!r} for both {' and '.join(roles)}; "
                            "each of city1, country1, city2, country2 needs its own column")
    return pos


def year_column(labels: Sequence[Hashable], year: Hashable | None, file: str | None) -> int | None:
    """Position of the year column: the one named ``year=``, else one of :data:`YEAR_NAMES`, else none."""
    if year is None:
        return next((i for i, c in enumerate(labels) if str(c).strip().lower() in YEAR_NAMES), None)
    pos = column_at(labels, year, "year", file)
    if pos is None:
        raise ArgumentError(f"year names {year!r}: no column of that name in the table; "
                            f"it has {column_names(labels)}")
    return pos


def check_since(since: object) -> int | None:
    """``since`` as a year 1 … 9999, or ``None``."""
    if since is None:
        return None
    if isinstance(since, bool) or not isinstance(since, int | np.integer):
        raise ArgumentTypeError(f"since must be a year (an int such as 1990) or None; got {since!r}")
    if not 1 <= int(since) <= 9999:
        raise ArgumentError(f"since must be a year from 1 to 9999; got {since!r}")
    return int(since)


def user_codes(codes: object) -> dict[str, str]:
    """``country_codes=`` as a dict of names to upper-case alpha-2 codes."""
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


def case_fields(case_id: object, title: object) -> tuple[str, str]:
    """``case_id`` (an id as a case takes) and ``title`` (not empty)."""
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
