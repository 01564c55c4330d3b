"""Frames a user gives, checked and converted to the tables' columns (private).

:func:`coerce` turns one user frame into one table of :data:`SCHEMA`: it checks the
columns, derives date bounds, resolves vocabulary words, fills left-out columns as
the model fills its fields, and (with ``validate``) checks every row as the model
would; :func:`reference_problems` then checks keys and references across tables.
Every check is vectorised and reports all the rows it concerns at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity._errors import MAX_HINT_WORD, quote
from sistercity._frames import DATE_EXPECTED, factorize, hashable, parse_dates, problem
from sistercity.exceptions import Problem
from sistercity.tables._schema import DATE, KEYS, REQUIRED_COLUMNS, SCHEMA, STR, FrameError, typed
from sistercity.vocab import AGREEMENT_KIND_ALIASES, OBSTACLE_KIND_ALIASES, Vocabulary, normalize_term

if TYPE_CHECKING:
    from sistercity.tables._case_tables import CaseTables

__all__ = ["coerce", "reference_problems"]


def coerce(
    name: str, df: pd.DataFrame, cats: Mapping[str, list[str]], sectors: Vocabulary, categories: Vocabulary,
    validate: bool,
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """``df`` as the table ``name``, and the problems found in it.

    The table is ``None`` when its columns are wrong or its values do not convert;
    otherwise a value found wrong is left missing in it, so that the reference
    checks still run on the rest.
    """
    problems = _column_problems(name, df)
    if problems:
        return None, problems
    spec = SCHEMA[name]
    n = len(df)
    data: dict[str, Any] = {col: df[col].reset_index(drop=True) for col in spec if col in df.columns}
    no_date, date_problems = _derive_dates(name, data, validate)
    if validate:
        problems.extend(_text_problems(name, data))
        problems.extend(_value_problems(name, data, no_date))
    problems.extend(date_problems)
    _resolve_words(name, data, sectors, categories, problems)
    if name == "observations":
        _levels(data, n, problems)
    elif name == "commitments":
        _weights_and_status(data, n, problems)
    elif name == "actors":
        _countries_and_governmental(data, n, problems if validate else None)
    _fill_left_out(name, data, n)
    frame = pd.DataFrame({c: data[c] for c in spec})
    try:
        table = typed(frame, name, cats)
    except FrameError as err:
        return None, problems + err.problems
    if validate and name == "agreements":
        problems.extend(_agreement_problems(table))
    return table, problems


def _column_problems(name: str, df: pd.DataFrame) -> list[Problem]:
    """Required columns left out, columns given twice, unknown columns."""
    spec = SCHEMA[name]
    problems: list[Problem] = []
    missing = [c for c in REQUIRED_COLUMNS[name] if c not in df.columns]
    if missing:
        problems.append(Problem(f"missing required column(s) {', '.join(missing)}; the table has "
                                f"{', '.join(map(str, df.columns))}", path=name))
    extra = [c for c in df.columns if c not in spec]
    repeated = sorted({str(c) for c in df.columns[df.columns.duplicated()]})
    if repeated:
        problems.append(Problem(f"column(s) {', '.join(repeated)} appear more than once; expected each once",
                                path=name))
    if extra:
        problems.append(Problem(f"unknown column(s) {', '.join(map(str, extra))}; expected some of "
                                f"{', '.join(spec)}", path=name))
    return problems


def _derive_dates(name: str, data: dict[str, Any], validate: bool,
                  ) -> tuple[dict[str, npt.NDArray[np.bool_]], list[Problem]]:
    """Fill ``X_first``, ``X_last`` (and ``precision``) from a date column ``X``.

    A frame that gives the derived columns too has them checked against ``X`` when
    ``validate`` (the text is what a date is; a derived column that says otherwise
    is stale, and analyses read the derived columns): every row where they differ
    is a problem. Returns the rows with no date, per date column, and the problems.
    """
    spec = SCHEMA[name]
    no_date: dict[str, npt.NDArray[np.bool_]] = {}
    problems: list[Problem] = []
    for base in ("date", "start", "end"):
        if base not in data or f"{base}_first" not in spec:
            continue
        given = [c for c in (f"{base}_first", f"{base}_last", "precision") if c in spec and c in data]
        if given and not validate:
            continue
        first, last, prec, bad = parse_dates(data[base])
        if bad.any():
            problems.append(problem(name, base, bad, DATE_EXPECTED, data[base]))
        no_date[base] = np.isnat(first.to_numpy()) & ~bad
        derived = {f"{base}_first": first, f"{base}_last": last, "precision": prec}
        for col in given:
            problems.extend(_stale(name, base, col, data[base], data[col], derived[col], bad))
        for col, values in derived.items():  # from here on, checks read what the text says
            if col in spec:
                data[col] = values
    return no_date, problems


def _stale(name: str, base: str, col: str, text: pd.Series, given: pd.Series, derived: pd.Series,
           bad: npt.NDArray[np.bool_]) -> list[Problem]:
    """Rows whose given derived column ``col`` differs from what the text date ``base`` gives."""
    shown_values = given
    try:
        if col == "precision":
            have = given.astype(object).where(given.notna(), None).to_numpy(dtype=object)
            want = derived.astype(object).where(derived.notna(), None).to_numpy(dtype=object)
            differ = np.array([h != w for h, w in zip(have, want, strict=True)], dtype=np.bool_)
        else:
            have_s = pd.to_datetime(given)
            have_d = have_s.astype(DATE).to_numpy()
            shown_values = have_s.dt.strftime("%Y-%m-%d")
            want_d = derived.to_numpy()
            nat_h, nat_w = np.isnat(have_d), np.isnat(want_d)
            differ = (nat_h != nat_w) | (~nat_h & ~nat_w & (have_d != want_d))
    except (ValueError, TypeError, OverflowError):
        return []  # not dates at all: the conversion to the column's dtype reports it
    differ &= ~bad
    if not differ.any():
        return []
    i = int(np.flatnonzero(differ)[0])
    shown = "no date" if pd.isna(text.iloc[i]) else quote(text.iloc[i])
    return [problem(name, col, differ,
                    f"does not match {base} ({shown}): a derived column must agree with the date it is "
                    f"derived from; leave {col} out to have it computed", shown_values)]


def _text_problems(name: str, data: Mapping[str, pd.Series]) -> list[Problem]:
    """Text columns holding something other than text (a dict, a list, a number): never stringified."""
    problems: list[Problem] = []
    for col, dtype in SCHEMA[name].items():
        if dtype != STR or col not in data:
            continue
        s = data[col]
        if isinstance(s.dtype, pd.StringDtype) or pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"):
            continue
        values = s.to_numpy(dtype=object)
        bad = np.fromiter((not isinstance(v, str) and not _missing_value(v) for v in values),
                          dtype=np.bool_, count=len(values))
        if bad.any():
            problems.append(problem(name, col, bad, "expected text", s))
    return problems


def _missing_value(value: object) -> bool:
    """``None``, ``NaN``, ``pd.NA`` or ``NaT``: a value left out, not a wrong one."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float | np.floating) and bool(np.isnan(value))


def _value_problems(name: str, data: Mapping[str, pd.Series], no_date: Mapping[str, npt.NDArray[np.bool_]],
                    ) -> list[Problem]:
    """Required values left empty, non-booleans in boolean columns, text dates that are not dates."""
    problems = _missing_problems(name, data, no_date)
    for col, dtype in SCHEMA[name].items():
        if dtype in ("bool", "boolean") and col in data:
            s = data[col]
            bad = s.notna().to_numpy(dtype=bool) & ~_is_bool(s)
            if bad.any():
                problems.append(problem(name, col, bad, "expected True or False", s))
    for col in _TEXT_DATES.get(name, ()):
        if col in data:
            bad = parse_dates(data[col])[3]
            if bad.any():
                problems.append(problem(name, col, bad, DATE_EXPECTED, data[col]))
    return problems


def _resolve_words(name: str, data: dict[str, Any], sectors: Vocabulary, categories: Vocabulary,
                   problems: list[Problem]) -> None:
    """Sectors, categories and kinds: aliases folded to ids; unknown words reported (and left missing)."""
    if "sector" in data:
        data["sector"] = _vocab_column(data["sector"], sectors, name, "sector", problems)
        if "field" in SCHEMA[name] and "field" not in data:
            data["field"] = data["sector"].map(sectors.groups())
    if "category" in data:
        data["category"] = _vocab_column(data["category"], categories, name, "category", problems)
    if name in ("obstacles", "agreements") and "kind" in data:
        data["kind"] = _kind_aliases(data["kind"], name)


def _levels(data: dict[str, Any], n: int, problems: list[Problem]) -> None:
    """Observation levels: whole numbers 0-3 (never booleans); a coder and a number for each row."""
    raw = data["level"]
    flags = _is_bool(raw)
    lv = pd.to_numeric(raw.where(~flags, None) if flags.any() else raw, errors="coerce")
    none = raw.isna().to_numpy(dtype=bool)
    bad = (lv.isna() | ~lv.isin([0, 1, 2, 3])).to_numpy(dtype=bool) & ~none & ~flags
    for mask, what in ((none, f"every row needs a value ({_EXPECTED['level']})"),
                       (flags, "a level is a whole number 0-3, not True or False"),
                       (bad, "expected a level 0-3 (0 not initiated, 1 minimal, 2 intermediate, 3 full)")):
        if mask.any():
            problems.append(problem("observations", "level", mask, what, raw))
    data["level"] = lv.where(~(none | flags | bad)) if (none | flags | bad).any() else lv
    if "coder" not in data:
        data["coder"] = pd.Series("unspecified", index=range(n))
    if "observation" not in data:
        data["observation"] = pd.Series(np.arange(n, dtype="int64"))


def _weights_and_status(data: dict[str, Any], n: int, problems: list[Problem]) -> None:
    """Commitment weights (finite, > 0; 1 when left out) and status (``agreed`` when left out)."""
    if "weight" not in data:
        data["weight"] = pd.Series(1.0, index=range(n))
    if "status" not in data:
        data["status"] = pd.Series("agreed", index=range(n))
    w = pd.to_numeric(data["weight"], errors="coerce")
    bad = (~(w > 0) | ~np.isfinite(w)).to_numpy(dtype=bool)
    if bad.any():
        problems.append(problem("commitments", "weight", bad, "expected a finite number > 0", data["weight"]))
        data["weight"] = w.where(~bad)


def _countries_and_governmental(data: dict[str, Any], n: int, problems: list[Problem] | None) -> None:
    """Country codes as the model writes them; ``governmental`` from the level where not given."""
    if "country" in data:
        data["country"] = _country_codes(data["country"], "actors", problems)
    # as the model does: national and sub-national bodies are governmental
    level = data.get("level", pd.Series([None] * n, dtype=object))
    derived = level.isin(["national", "subnational"]).reset_index(drop=True)
    given = data.get("governmental")
    data["governmental"] = derived if given is None else given.where(given.notna(), derived)


def _fill_left_out(name: str, data: dict[str, Any], n: int) -> None:
    """Columns the frame leaves out: numbered, defaulted as the model defaults them, or missing."""
    if name in ("mitigations", "signatories"):
        number, parent = ("mitigation", "obstacle") if name == "mitigations" else ("signatory", "agreement")
        if number not in data:  # numbered by order within the parent, as in a case file
            data[number] = data[parent].groupby(data[parent], sort=False, dropna=False).cumcount()
    for col, default in _TEXT_DEFAULTS.get(name, {}).items():
        if col not in data:
            data[col] = pd.Series(default, index=range(n), dtype=object)
    for col in SCHEMA[name]:
        if col not in data:
            data[col] = pd.Series([None] * n, dtype=object)


# partial dates kept as text; checked when validating
_TEXT_DATES: dict[str, tuple[str, ...]] = {
    "agreements": ("signed",), "commitments": ("proposed",), "obstacles": ("identified",),
    "mitigations": ("proposed",),
}

_EXPECTED: dict[str, str] = {
    "date": DATE_EXPECTED.removeprefix("expected "),
    "sector": "a sector of the vocabulary",
    "category": "an obstacle category of the vocabulary",
    "role": "provider, beneficiary or participant",
    "record": "the kind of record the evidence is for",
    "level": "a level 0-3; leave out rows with no data",
    "country": "an ISO 3166-1 alpha-2 country code such as 'ID' or 'JP'",
}

_COUNTRY = re.compile(r"[A-Z]{2}")


def _a(noun: str) -> str:
    """``noun`` with its indefinite article."""
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _is_missing(s: pd.Series, text: bool) -> npt.NDArray[np.bool_]:
    """Rows with no value (also ``""`` where ``text``)."""
    missing = s.isna().to_numpy(dtype=bool)
    if text and len(s) and (s.dtype == object or isinstance(s.dtype, pd.StringDtype)):
        missing = missing | (s == "").to_numpy(dtype=bool, na_value=False)
    return np.asarray(missing, dtype=np.bool_)


def _is_bool(s: pd.Series) -> npt.NDArray[np.bool_]:
    """Rows whose value is ``True`` or ``False`` (not 1 or 0)."""
    if pd.api.types.is_bool_dtype(s.dtype):
        return np.asarray(s.notna().to_numpy(dtype=bool))
    if s.dtype != object:
        return np.zeros(len(s), np.bool_)
    flags = [isinstance(v, bool | np.bool_) for v in s.to_numpy(dtype=object)]
    return np.asarray(flags, dtype=np.bool_)


def _missing_problems(name: str, data: Mapping[str, pd.Series], known: Mapping[str, npt.NDArray[np.bool_]],
                      ) -> list[Problem]:
    """Required columns with no value (or an empty id) in some row.

    ``known``: the rows with no value of columns already parsed (dates).
    """
    problems: list[Problem] = []
    key = KEYS.get(name)
    for col in REQUIRED_COLUMNS[name]:
        if name == "observations" and col == "level":
            continue  # always checked with the level's values
        mask = known[col] if col in known else _is_missing(data[col], text=col == key)
        if mask.any():
            what = _EXPECTED.get(col, f"the id of {_a(col)}")
            problems.append(problem(name, col, mask, f"every row needs a value ({what})"))
    return problems


def _agreement_problems(t: pd.DataFrame) -> list[Problem]:
    """Dates and terms of agreements that the model refuses."""
    problems: list[Problem] = []

    def add(mask: pd.Series, col: str, expected: Any) -> None:
        where = mask.to_numpy(dtype=bool, na_value=False)
        if where.any():
            i = int(np.flatnonzero(where)[0])
            problems.append(problem("agreements", col, where, expected(i), t[col]))

    add(t["end_last"] < t["start_first"], "end",
        lambda i: f"an agreement cannot end before it starts ({t['start'].iloc[i]})")
    signed_first = parse_dates(t["signed"])[0]
    add(t["start_last"] < signed_first, "start",
        lambda i: f"an agreement cannot take effect before it was signed ({t['signed'].iloc[i]})")
    add(t["term_months"] <= 0, "term_months", lambda i: "a term must be longer than zero months")
    add(t["renewal_window_months"] < 0, "renewal_window_months", lambda i: "expected a window of 0 months or more")
    add(t["renewal_window_months"] > t["term_months"], "renewal_window_months",
        lambda i: f"the renewal window cannot be longer than the term ({t['term_months'].iloc[i]} months)")
    return problems


def _country_codes(values: pd.Series, table: str, problems: list[Problem] | None) -> pd.Series:
    """Country codes stripped and upper-cased as the model does; with ``problems``, report non-codes."""
    codes, uniques = factorize(values)
    norm = np.array([u.strip().upper() if isinstance(u, str) else u for u in uniques] + [None], dtype=object)
    if problems is not None:
        ok = np.array([isinstance(u, str) and _COUNTRY.fullmatch(u) is not None for u in norm[:-1]] + [True])
        bad = ~ok[codes]
        if bad.any():
            problems.append(problem(table, "country", bad, f"expected {_EXPECTED['country']}", values))
    return pd.Series(norm[codes], dtype=object)


# columns whose model field defaults to a value, filled the same way when a frame leaves them out
_TEXT_DEFAULTS: dict[str, dict[str, str]] = {
    "actors": {"kind": "other"},
    "agreements": {"title": ""},
    "signatories": {"note": ""},
    "events": {"location": ""},
    "sources": {"author": ""},
    "evidence": {"locator": "", "quote": ""},
}


def _kind_aliases(values: pd.Series, table: str) -> pd.Series:
    """Fold the words a case file accepts for a kind (``hambatan``, ``LoI``) to the kind itself."""
    aliases = OBSTACLE_KIND_ALIASES if table == "obstacles" else AGREEMENT_KIND_ALIASES
    values = hashable(values)
    uniques = pd.unique(values.dropna())
    mapping = {u: aliases.get(normalize_term(u), normalize_term(u)) if isinstance(u, str) else u for u in uniques}
    if all(k == v for k, v in mapping.items()):
        return values
    return values.map(mapping)


def _vocab_column(values: pd.Series, vocab: Vocabulary, table: str, col: str, problems: list[Problem],
                  ) -> pd.Series:
    """Terms and aliases resolved to the vocabulary's ids; unknown ones are reported and left missing."""
    values = hashable(values)
    uniques = pd.unique(values.dropna())
    mapping: dict[Any, str | None] = {}
    unknown = 0
    for u in uniques:
        cid = vocab.resolve(str(u))
        if cid is None:
            unknown += 1
            if unknown <= 10:  # enough to see the pattern of a mistake
                sugg = vocab.suggest(str(u), n=1) if len(str(u)) <= MAX_HINT_WORD else []
                hint = f" (did you mean {quote(sugg[0])}?)" if sugg else ""
                problems.append(problem(table, col, (values == u).to_numpy(dtype=bool, na_value=False),
                                         f"unknown {vocab.name} {quote(u)}{hint}; expected one of {', '.join(vocab)} "
                                         "(pass a vocabulary that adds it)"))
        mapping[u] = cid
    if unknown > 10:
        problems.append(Problem(f"{unknown - 10} more unknown {vocab.name} value(s)", path=f"{table}.{col}"))
    if all(k == v for k, v in mapping.items()):
        return values
    return values.map(mapping)


def reference_problems(tables: CaseTables, given: set[str]) -> list[Problem]:
    """Duplicate keys, and references that do not resolve, among the ``given`` tables."""
    problems: list[Problem] = []
    keys = KEYS
    unique: set[str] = set()
    for table, key in keys.items():
        if table in given:
            ids = getattr(tables, table)[key]
            dup = ids.duplicated().to_numpy() & ids.notna().to_numpy()
            if dup.any():
                problems.append(problem(table, key, dup, f"each {key} id must be unique; an earlier row "
                                                           "has the same", ids))
            else:
                unique.add(table)
    refs = [
        ("agreement_parties", "agreement", "agreements"), ("agreement_parties", "actor", "actors"),
        ("agreement_sectors", "agreement", "agreements"), ("signatories", "agreement", "agreements"),
        ("signatories", "actor", "actors"), ("commitments", "agreement", "agreements"),
        ("commitment_actors", "commitment", "commitments"), ("commitment_actors", "actor", "actors"),
        ("commitment_targets", "commitment", "commitments"), ("observations", "commitment", "commitments"),
        ("obstacle_links", "obstacle", "obstacles"), ("obstacle_links", "commitment", "commitments"),
        ("mitigations", "obstacle", "obstacles"), ("mitigations", "commitment", "commitments"),
        ("event_participants", "event", "events"), ("event_participants", "actor", "actors"),
        ("event_commitments", "event", "events"), ("event_commitments", "commitment", "commitments"),
        ("evidence", "source", "sources"), ("actors", "parent", "actors"),
    ]
    for table, col, target in refs:
        if table not in given or target not in given:
            continue
        keycol = keys[target]
        values = getattr(tables, table)[col]
        if target in unique:
            missing = tables.positions(table, col, target) < 0
            if missing.any():  # a missing value is not a broken reference (required ones are checked apart)
                missing[missing] = values[missing].notna().to_numpy(dtype=bool)
        else:
            missing = (values.notna() & ~values.isin(getattr(tables, target)[keycol])).to_numpy()
        if missing.any():
            problems.append(problem(table, col, missing, f"expected {_a(keycol)} id that {target} has", values))
    return problems
